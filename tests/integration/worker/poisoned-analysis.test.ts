import { randomBytes } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, TypedQueue, createLogger, jobIds, parseConfig, redisConnection } from '@booth/shared';
import { createAnalysisWorker } from '@booth/worker';
import { startFakeLlm, type FakeLlm } from '../../fakes/openai-server';
import { endedCallWithTranscript } from '../../support/call-session';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from '../api/api-context';

/**
 * What a caller says cannot make their own call's analysis fail (GitHub issue 10, finding 1): a
 * budget, a guest count or a date outside what Booth accepts is dropped with its reason, and the
 * note and the other fields are written. A write that does fail stores a short sentence, not
 * Prisma's message with source paths and code.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let llm: FakeLlm;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
  llm = await startFakeLlm();
});
afterAll(async () => {
  await llm.close();
  await t.close();
});

const WEDDING = 'We are getting married at Riverside Mansion on June 12th, about 150 guests.';

type Dropped = { field: string; value: unknown; reason: string }[];

/** The model's answer: a summary and the given fields, the rest empty. */
function modelAnswer(fields: Record<string, { value: unknown; quote: string | null }>) {
  const empty = { value: null, quote: null };
  return JSON.stringify({
    summary: 'A client called about their event.',
    actionItems: [],
    leadStatus: 'qualified',
    sentiment: 'warm',
    sentimentReason: null,
    fields: { eventType: empty, eventDate: empty, guestCount: empty, venue: empty, budget: empty, ...fields },
    needs: { quote: false, invoice: false, contract: false },
  });
}

/**
 * One call with a contact analysed by a real worker: the model answers `answer` when given, else the
 * deterministic extractor runs. Resolves when the job is completed or failed for good.
 */
async function analyse(lines: [string, string][], answer?: string, attempts = 2) {
  const prefix = `p${randomBytes(4).toString('hex')}`;
  const config = parseConfig({
    ...process.env,
    QUEUE_PREFIX: prefix,
    LLM_PROVIDER: answer === undefined ? 'none' : 'openai',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_API_KEY: 'sk-test',
  });
  if (answer !== undefined) llm.respondWith(answer);
  const worker = createAnalysisWorker({ config, db: t.db, logger: createLogger('poison-test', 'silent') });
  const producer = new TypedQueue('analysis', {
    connection: redisConnection(config.REDIS_URL),
    prefix,
    attempts,
  });
  producer.queue.defaultJobOptions.backoff = { type: 'fixed', delay: 50 };
  const q = new Queue(QUEUES.analysis.name, { connection: redisConnection(config.REDIS_URL), prefix });
  try {
    const contact = await t.db.contact.create({ data: { name: 'Sarah Lee' } });
    const session = await endedCallWithTranscript(t.db, lines, { contactId: contact.id });
    await producer.add({ sessionId: session.id });
    const id = jobIds.analysis({ sessionId: session.id });
    const state = await waitUntil(
      'the analysis job to finish',
      async () => {
        const s = await q.getJobState(id);
        return s === 'completed' || s === 'failed' ? s : undefined;
      },
      20_000,
      50,
    );
    const job = (await q.getJob(id)) as Job;
    const row = await t.db.analysis.findUniqueOrThrow({ where: { sessionId: session.id } });
    const after = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    const notes = await t.db.note.findMany({ where: { sessionId: session.id } });
    const dropped = (row.extractedFields as { dropped?: Dropped } | null)?.dropped ?? [];
    return { state, job, row, contact: after, notes, dropped, session };
  } finally {
    await worker.close();
    await producer.close();
    await q.close();
  }
}

describe('numbers a caller says that Booth cannot keep', () => {
  it('drops a $25,000,000 budget with its reason and writes the rest (extractor)', async () => {
    const r = await analyse([
      ['client-1', WEDDING],
      ['client-1', 'Our budget is $25,000,000 for the whole night.'],
    ]);
    expect(r.state).toBe('completed');
    expect(r.row.status).toBe('completed');
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]!.body).not.toMatch(/Budget/);
    expect(r.dropped).toContainEqual({
      field: 'budget',
      value: 25_000_000,
      reason: expect.stringMatching(/more than \$10,000,000/),
    });
    expect(r.contact).toMatchObject({ budgetCents: null, guestCount: 150, venue: 'Riverside Mansion' });
  });

  it('stores an in-range budget in cents and serves it as a number', async () => {
    const r = await analyse([
      ['client-1', WEDDING],
      ['client-1', 'Our budget is $950,000 for the whole night.'],
    ]);
    expect(r.state).toBe('completed');
    expect(Number(r.contact.budgetCents)).toBe(95_000_000);
    const res = await request(t.app).get(`/api/contacts/${r.contact.id}`).set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body.budgetCents).toBe(95_000_000);
    const changes = res.body.changes as { field: string; newValue: unknown }[];
    expect(changes.find((c) => c.field === 'budgetCents')?.newValue).toBe(95_000_000);
    const session = await request(t.app).get(`/api/sessions/${r.session.id}`).set('cookie', cookie);
    expect(session.status).toBe(200);
    expect(session.body.contact.budgetCents).toBe(95_000_000);
    // The column fits money past int4's $21,474,836.47; the API serves it, and audits an edit of it, as numbers.
    await t.db.contact.update({ where: { id: r.contact.id }, data: { budgetCents: 5_000_000_000n } });
    const big = await request(t.app).get(`/api/contacts/${r.contact.id}`).set('cookie', cookie);
    expect(big.body.budgetCents).toBe(5_000_000_000);
    const patched = await request(t.app)
      .patch(`/api/contacts/${r.contact.id}`)
      .set('cookie', cookie)
      .send({ budgetCents: 80_000_000 });
    expect(patched.status).toBe(200);
    expect(patched.body.budgetCents).toBe(80_000_000);
    const audit = await t.db.contactChange.findFirstOrThrow({
      where: { contactId: r.contact.id, source: 'admin', field: 'budgetCents' },
    });
    expect([audit.oldValue, audit.newValue]).toEqual([5_000_000_000, 80_000_000]);
  });

  it('drops "two million guests" from the model and from the extractor', async () => {
    const line = 'It is a company party at Cedar Hall on May 2nd for two million guests.';
    const model = await analyse(
      [['client-1', line]],
      modelAnswer({ guestCount: { value: 2_000_000, quote: 'for two million guests' } }),
    );
    expect(model.state).toBe('completed');
    expect(model.notes).toHaveLength(1);
    expect(model.dropped).toContainEqual(
      expect.objectContaining({
        field: 'guestCount',
        value: 2_000_000,
        reason: expect.stringMatching(/more than 10,000 guests/),
      }),
    );
    expect(model.contact.guestCount).toBeNull();
    expect(model.contact.venue).toBe('Cedar Hall');

    const extractor = await analyse([['client-1', line]]);
    expect(extractor.state).toBe('completed');
    expect(extractor.dropped).toContainEqual(
      expect.objectContaining({ field: 'guestCount', value: 2_000_000 }),
    );
    expect(extractor.contact.guestCount).toBeNull();
  });

  it('drops an event date in year 0000 or centuries ahead', async () => {
    const zero = 'The party is on 0000-06-15 at Cedar Hall.';
    const r = await analyse(
      [['client-1', zero]],
      modelAnswer({ eventDate: { value: '0000-06-15', quote: zero } }),
    );
    expect(r.state).toBe('completed');
    expect(r.notes).toHaveLength(1);
    expect(r.dropped).toContainEqual(expect.objectContaining({ field: 'eventDate' }));
    expect(r.contact.eventDate).toBeNull();

    const far = 'The party is on June 15, 2400 at Cedar Hall.';
    const later = await analyse(
      [['client-1', far]],
      modelAnswer({ eventDate: { value: '2400-06-15', quote: far } }),
    );
    expect(later.state).toBe('completed');
    expect(later.dropped).toContainEqual(
      expect.objectContaining({
        field: 'eventDate',
        value: '2400-06-15',
        reason: expect.stringMatching(/years/),
      }),
    );
    expect(later.contact.eventDate).toBeNull();
  });
});

describe('a write that fails', () => {
  it('stores and serves a short sentence, without paths or Prisma text', async () => {
    const fn = `booth_test_fail_${randomBytes(4).toString('hex')}`;
    // A real Postgres error inside the write-back: every note insert fails while the trigger exists.
    await t.db.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced note failure'; END $$ LANGUAGE plpgsql`,
    );
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    let r;
    try {
      r = await analyse([['client-1', WEDDING]]);
    } finally {
      await t.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${fn} ON notes`);
      await t.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${fn}()`);
    }
    expect(r.state).toBe('failed');
    expect(r.row.status).toBe('failed');
    expect(r.notes).toHaveLength(0);
    const served = await request(t.app).get(`/api/sessions/${r.session.id}`).set('cookie', cookie);
    expect(served.status).toBe(200);
    for (const message of [r.row.error, r.job.failedReason, served.body.analysis.error] as string[]) {
      expect(message).toMatch(/^[A-Z][^\n]{10,200}\.$/);
      expect(message).not.toMatch(/\/\w+\/|\.ts\b|prisma|invocation|forced note failure|\bat \w+ \(/i);
    }
    expect(r.row.error).toBe(r.job.failedReason);
  });
});
