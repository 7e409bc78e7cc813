import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '@booth/api';
import { twilioSignature } from '@booth/shared';
import { apiUnderTest } from '../integration/api/api-context';
import { ROOT } from '../support/processes';
import {
  ROUTES,
  registeredRoutes,
  requestsFor,
  routeKey,
  type Fixtures,
  type FuzzRequest,
  type RouteSpec,
} from './routes';

/**
 * The fuzz tier: every route of the API, over the real app on the harness's Postgres and Redis and
 * through Node's HTTP parser, with requests generated from its schema and hostile ones (NUL, lone
 * surrogates, 2^31..1e10, impossible dates, year 0000, prototype keys, deep nesting, wrong types, huge
 * strings, oversized URLs), with and without a login. Never a 5xx, never a stack trace or a file path
 * in a body. FUZZ_RUNS (per route), FUZZ_ROUTE_MS (time cap per route) and FUZZ_SEED tune a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const ROUTE_MS = Number(process.env.FUZZ_ROUTE_MS ?? 8_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let server: Server;
let base: string;
let cookie: string;
let fixtures: Fixtures;
const started = performance.now();
const counts = { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };

beforeAll(async () => {
  t = await apiUnderTest();
  server = createApiServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await t.login();
  fixtures = await createFixtures();
});

afterAll(async () => {
  const s = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nfuzz: ${counts.requests} requests in ${s} s — 2xx ${counts['2xx']}, 3xx ${counts['3xx']}, ` +
      `4xx ${counts['4xx']}, 5xx ${counts['5xx']}\n`,
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

async function createFixtures(): Promise<Fixtures> {
  const tag = randomBytes(4).toString('hex');
  const contacts = await Promise.all(
    ['Fuzz Lead', 'Fuzz Client'].map((name) => t.db.contact.create({ data: { name, guestCount: 80 } })),
  );
  const c = contacts[0]!.id;
  const sessions = await Promise.all([
    t.db.session.create({
      data: { roomName: `call-fuzz${tag}a`, kind: 'call', status: 'ended', contactId: c },
    }),
    t.db.session.create({
      data: { roomName: `consultation-fuzz${tag}`, kind: 'consultation', inviteHash: 'f'.repeat(64) },
    }),
    t.db.session.create({ data: { roomName: `call-fuzz${tag}b`, kind: 'call', status: 'active' } }),
  ]);
  const invoice = await t.db.invoice.create({
    data: { contactId: c, number: `FZ-${tag}`, amountCents: 12_300 },
  });
  const contract = await t.db.contract.create({
    data: { contactId: c, title: 'Fuzz contract', amountCents: 45_600 },
  });
  const notification = await t.db.notification.create({
    data: { type: 'new_lead', title: 'Fuzz', dedupeKey: `fuzz-${tag}` },
  });
  const conversation = await t.db.assistantConversation.create({
    data: {
      adminId: t.admin.id,
      title: 'Fuzz',
      messages: { create: { role: 'assistant', source: 'typed', text: 'Mark Fuzz Lead as booked?' } },
    },
    include: { messages: true },
  });
  const action = await t.db.assistantAction.create({
    data: {
      messageId: conversation.messages[0]!.id,
      adminId: t.admin.id,
      tool: 'update_lead_status',
      args: { name: 'Fuzz Lead', leadStatus: 'booked', contactId: c },
      summary: 'Mark Fuzz Lead as booked',
    },
  });
  return {
    conversationIds: [conversation.id],
    actionIds: [action.id],
    contactIds: contacts.map((x) => x.id),
    sessionIds: sessions.map((x) => x.id),
    roomNames: sessions.map((x) => x.roomName),
    invoiceIds: [invoice.id],
    contractIds: [contract.id],
    notificationIds: [notification.id],
  };
}

/** Signs a webhook body as livekit-server does. */
async function signature(body: string): Promise<string> {
  const at = new AccessToken(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

/** A generated body as a form (Twilio's webhooks): each top-level field, its value as text. */
function formBody(json: unknown): string {
  const form = new URLSearchParams();
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const [k, v] of Object.entries(json)) form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return form.toString();
}

/** Signs a form body as Twilio does, for the URL the API believes it was reached at (PUBLIC_URL). */
function twilioSigned(url: string, body: string): string {
  // No prototype: hostile bodies carry keys such as __proto__ and constructor.
  const params = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of new URLSearchParams(body)) (params[k] ??= []).push(v);
  return twilioSignature(t.config.TWILIO_AUTH_TOKEN ?? '', `${t.config.PUBLIC_URL}${url}`, params);
}

async function send(spec: RouteSpec, r: FuzzRequest) {
  const url = `${r.path}${r.query ? `?${r.query}` : ''}`;
  const method = spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const agent = request(base);
  const req = agent[method](url)
    .ok(() => true)
    .timeout(15_000);
  if (r.authed) req.set('cookie', spec.endsSession ? await t.login() : cookie);
  if (r.body) {
    const [text, type] =
      'json' in r.body
        ? spec.form
          ? [formBody(r.body.json), 'application/x-www-form-urlencoded']
          : [JSON.stringify(r.body.json), 'application/json']
        : [r.body.text, r.body.type];
    if (spec.auth === 'webhook' && r.signed) req.set('authorization', await signature(text));
    if (spec.auth === 'twilio' && r.signed) req.set('x-twilio-signature', twilioSigned(url, text));
    req.set('content-type', type).send(text);
  }
  const res = await req;
  count(res.status);
  return { res, url };
}

function count(status: number) {
  counts.requests++;
  const bucket = `${Math.floor(status / 100)}xx` as keyof typeof counts;
  if (bucket in counts) counts[bucket]++;
}

/** A stack frame, a path of this checkout or of node_modules, or Prisma's own error text. */
const LEAK = new RegExp(
  [
    String.raw`\bat [^\n]*\(?(?:/|file:)[^\n]*:\d+:\d+`,
    ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    'node_modules/',
    String.raw`\.[cm]?[jt]s:\d+:\d+`,
    'Invalid `prisma',
    'PrismaClient',
  ].join('|'),
);

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

describe('fuzz: every route', () => {
  it('covers every route the app registers, and no route it does not', () => {
    const registered = registeredRoutes(t.app).sort();
    expect(registered.length).toBeGreaterThan(20);
    expect(registered).toEqual(ROUTES.map(routeKey).sort());
  });

  for (const spec of ROUTES) {
    it(`${routeKey(spec)}: never a 5xx, never a stack trace or a path`, async () => {
      await fc.assert(
        fc.asyncProperty(requestsFor(spec, fixtures), async (r) => {
          const { res, url } = await send(spec, r);
          const what = `${spec.method} ${url.slice(0, 300)} body=${show(r.body)} → ${res.status} ${res.text?.slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          expect(res.text ?? '', what).not.toMatch(LEAK);
          // Twilio's webhook answers TwiML (XML) to Twilio; every error is JSON like everywhere else.
          const type = spec.auth === 'twilio' && res.status === 200 ? /^text\/xml/ : /^application\/json/;
          expect(res.headers['content-type'] ?? '(none)', what).toMatch(type);
        }),
        { numRuns: RUNS, seed: SEED, plugins: [fc.interruptAfterTimeLimit(ROUTE_MS)] },
      );
    });
  }

  it('answers URLs and headers past the limit with 431 JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.integer({ min: 17_000, max: 60_000 }),
        fc.boolean(),
        async (spec, size, inHeader) => {
          const path = spec.path.replace(':id', 'x');
          const method = spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
          const req = inHeader
            ? request(base)[method](path).set('x-padding', 'p'.repeat(size))
            : request(base)[method](`${path}?q=${'u'.repeat(size)}`);
          const res = await req.ok(() => true);
          count(res.status);
          expect(res.status).toBe(431);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(res.body.error).toMatch(/too large/);
        },
      ),
      { numRuns: 20, seed: SEED },
    );
  });
});
