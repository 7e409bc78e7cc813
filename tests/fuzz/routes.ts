import type { Express } from 'express';
import fc from 'fast-check';
import { ROOM_KINDS } from '@booth/shared';
import {
  hostileBodyText,
  hostileQueryText,
  hostileSegment,
  hostileString,
  hostileValue,
  pct,
} from './hostile';

/** Rows the generated requests point at, so valid ids reach the handlers' database paths too. */
export interface Fixtures {
  contactIds: string[];
  sessionIds: string[];
  roomNames: string[];
  invoiceIds: string[];
  contractIds: string[];
  notificationIds: string[];
  conversationIds: string[];
  actionIds: string[];
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The Express path, `:id` for the row id. */
  path: string;
  /** `admin`: behind the login (sent with and without the cookie); `webhook`: LiveKit's signature; `twilio`: X-Twilio-Signature. */
  auth: 'none' | 'admin' | 'webhook' | 'twilio';
  /** The body is form-encoded (Twilio's webhooks), not JSON. */
  form?: boolean;
  /** The row ids `:id` draws from (plus hostile segments). */
  ids?: (f: Fixtures) => string[];
  /** Values for the path's other `:name` segments (plus hostile ones), e.g. a pad's `:scope`. */
  segments?: Record<string, string[]>;
  /** Query parameters per the route's schema. */
  query?: (f: Fixtures) => fc.Arbitrary<Record<string, unknown>>;
  /** A JSON body per the route's schema. */
  body?: (f: Fixtures) => fc.Arbitrary<unknown>;
  /** Ends the session it is sent with: authenticated runs get a cookie of their own. */
  endsSession?: boolean;
}

/** A string field: mostly printable text within about its limit, sometimes a hostile string. */
const text = (max: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: max }) }, { weight: 1, arbitrary: hostileString });
const day = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const email = fc.emailAddress();
const page = fc.record(
  { limit: fc.integer({ min: -5, max: 300 }), offset: fc.integer({ min: -5, max: 1_000_100 }) },
  { requiredKeys: [] },
);
const one = <T>(values: T[]) => (values.length ? fc.constantFrom(...values) : fc.constant(undefined));

const contactFields = {
  name: text(220),
  phone: fc.option(text(45)),
  email: fc.option(email),
  leadStatus: fc.constantFrom('new', 'contacted', 'qualified', 'booked', 'lost', 'won'),
  eventType: fc.option(text(110)),
  eventDate: fc.option(day),
  guestCount: fc.option(fc.integer({ min: 0, max: 12_000 })),
  venue: fc.option(text(210)),
  budgetCents: fc.option(fc.integer({ min: -1, max: 1_100_000_000 })),
  sentiment: fc.option(fc.constantFrom('hot', 'warm', 'cold')),
};

/**
 * Every route of the API with what its schema takes. The fuzz test checks this list against the
 * routes the app registers, both ways, so a new route cannot go unfuzzed.
 */
export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/healthz', auth: 'none' },
  {
    method: 'POST',
    path: '/webhooks/twilio/voice',
    auth: 'twilio',
    form: true,
    body: () =>
      fc.record(
        {
          CallSid: fc.oneof(
            fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `CA${h}`),
            text(40),
          ),
          From: fc.oneof(
            fc.constantFrom('+15551230000', 'Anonymous', '+266696687', '(555) 123-0001'),
            text(40),
          ),
          To: fc.oneof(fc.constant('+15559870000'), text(20)),
          CallStatus: fc.constantFrom('ringing', 'in-progress', 'x'),
          Direction: fc.constantFrom('inbound', 'outbound-api'),
        },
        { requiredKeys: [] },
      ),
  },
  {
    method: 'POST',
    path: '/webhooks/livekit',
    auth: 'webhook',
    body: (f) =>
      fc.record({
        event: fc.constantFrom(
          'room_started',
          'room_finished',
          'participant_joined',
          'participant_left',
          'x',
        ),
        id: fc.oneof(
          fc.string({ minLength: 1, maxLength: 20 }).map((s) => `EV_${s}`),
          fc.constant(undefined),
        ),
        createdAt: fc.oneof(fc.integer({ min: 0, max: 2 ** 33 }).map(String), fc.constant('x')),
        room: fc.record({
          name: fc.oneof(
            one(f.roomNames),
            text(40).map((s) => `call-${s}`),
            text(20),
          ),
          sid: text(12),
        }),
        participant: fc.option(
          fc.record({
            identity: text(40),
            name: text(40),
            kind: fc.integer({ min: 0, max: 5 }),
            metadata: text(40),
          }),
        ),
      }),
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    auth: 'none',
    body: () => fc.record({ email, password: text(60) }, { requiredKeys: [] }),
  },
  { method: 'GET', path: '/api/auth/setup', auth: 'none' },
  {
    method: 'POST',
    path: '/api/auth/setup',
    auth: 'none',
    body: () =>
      fc.record({ token: text(60), email, name: text(110), password: text(80) }, { requiredKeys: ['email'] }),
  },
  { method: 'POST', path: '/api/auth/logout', auth: 'admin', endsSession: true },
  { method: 'GET', path: '/api/auth/me', auth: 'admin' },
  { method: 'GET', path: '/api/openapi.json', auth: 'none' },
  {
    method: 'POST',
    path: '/api/livekit/token',
    auth: 'admin',
    body: (f) =>
      fc.record(
        {
          roomName: fc.oneof(one(f.roomNames), fc.constant('booth-notifications'), text(130)),
          name: text(600),
          inviteCode: text(140),
        },
        { requiredKeys: ['roomName'] },
      ),
  },
  {
    method: 'GET',
    path: '/api/contacts',
    auth: 'admin',
    query: () =>
      fc
        .tuple(
          page,
          fc.record(
            {
              q: text(210),
              leadStatus: fc.constantFrom('new', 'booked', 'won', ''),
              since: fc.oneof(day, fc.constantFrom('2027-02-30', 'x')),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([p, q]) => ({ ...p, ...q })),
  },
  { method: 'GET', path: '/api/contacts/:id', auth: 'admin', ids: (f) => f.contactIds },
  {
    method: 'POST',
    path: '/api/contacts',
    auth: 'admin',
    body: () => fc.record(contactFields, { requiredKeys: ['name'] }),
  },
  {
    method: 'PATCH',
    path: '/api/contacts/:id',
    auth: 'admin',
    ids: (f) => f.contactIds,
    body: () => fc.record(contactFields, { requiredKeys: [] }),
  },
  {
    method: 'POST',
    path: '/api/sessions',
    auth: 'admin',
    body: (f) =>
      fc.record(
        {
          kind: fc.constantFrom(...ROOM_KINDS, 'party'),
          contactId: one(f.contactIds),
          invite: fc.record(
            {
              maxUses: fc.integer({ min: 0, max: 1_100 }),
              expiresAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['kind'] },
      ),
  },
  {
    method: 'GET',
    path: '/api/sessions',
    auth: 'admin',
    query: (f) =>
      fc
        .tuple(
          page,
          fc.record(
            {
              kind: fc.constantFrom(...ROOM_KINDS, 'x'),
              status: fc.constantFrom('active', 'ended', 'scheduled', 'x'),
              contactId: one(f.contactIds),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([p, q]) => ({ ...p, ...q })),
  },
  { method: 'GET', path: '/api/sessions/:id', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/sessions/:id/context', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'POST', path: '/api/sessions/:id/analysis', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/sessions/:id/transcript', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'POST', path: '/api/sessions/:id/end', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/sessions/:id/recording', auth: 'admin', ids: (f) => f.sessionIds },
  {
    method: 'PATCH',
    path: '/api/sessions/:id/recording',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record({ enabled: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)) }, { requiredKeys: [] }),
  },
  { method: 'DELETE', path: '/api/sessions/:id/recording', auth: 'admin', ids: (f) => f.sessionIds },
  {
    method: 'GET',
    path: '/api/recordings/:id/audio',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    query: () => fc.record({ download: fc.constantFrom('1', 'true', '0', 'yes', '') }, { requiredKeys: [] }),
  },
  {
    method: 'POST',
    path: '/api/sessions/:id/invite',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record(
        {
          maxUses: fc.integer({ min: 0, max: 1_100 }),
          expiresAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        },
        { requiredKeys: [] },
      ),
  },
  { method: 'DELETE', path: '/api/sessions/:id/invite', auth: 'admin', ids: (f) => f.sessionIds },
  {
    method: 'POST',
    path: '/api/consultations',
    auth: 'admin',
    body: (f) =>
      fc.record(
        {
          contactId: fc.oneof(one(f.contactIds), hostileSegment),
          scheduledAt: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          email: fc.record({ to: email }, { requiredKeys: [] }),
          sms: fc.record({ to: text(45) }, { requiredKeys: [] }),
          timeZone: fc.oneof(fc.constantFrom('UTC', 'Europe/London'), text(70)),
        },
        { requiredKeys: [] },
      ),
  },
  {
    method: 'GET',
    path: '/api/consultations',
    auth: 'admin',
    query: (f) =>
      fc.record(
        { contactId: one(f.contactIds), limit: fc.integer({ min: -5, max: 300 }) },
        { requiredKeys: [] },
      ),
  },
  {
    method: 'POST',
    path: '/api/consultations/:id/resend',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record(
        {
          email: fc.record({ to: email }, { requiredKeys: [] }),
          sms: fc.record({ to: text(45) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
  },
  { method: 'GET', path: '/api/consultations/:id/deliveries', auth: 'admin', ids: (f) => f.sessionIds },
  {
    // Public. requestsFor fills only `:id` segments, so the room segment is sent as written (a 400 naming
    // roomName) with generated codes; real rooms, right and wrong codes: integration/api/call-endpoints.
    method: 'GET',
    path: '/api/join/:roomName',
    auth: 'none',
    query: () => fc.record({ code: text(140) }, { requiredKeys: [] }),
  },
  {
    method: 'GET',
    path: '/api/transcripts/search',
    auth: 'admin',
    query: () => fc.tuple(page, fc.record({ q: text(210) })).map(([p, q]) => ({ ...p, ...q })),
  },
  { method: 'GET', path: '/api/vocabulary', auth: 'admin' },
  {
    method: 'PUT',
    path: '/api/vocabulary',
    auth: 'admin',
    body: () => fc.record({ terms: fc.array(text(90), { maxLength: 210 }) }),
  },
  { method: 'GET', path: '/api/trackers', auth: 'admin' },
  {
    method: 'POST',
    path: '/api/trackers',
    auth: 'admin',
    body: () =>
      fc.record(
        {
          name: text(50),
          phrases: fc.oneof(fc.array(text(70), { maxLength: 40 }), text(20)),
          clientOnly: fc.oneof(fc.boolean(), fc.constantFrom('yes', 1)),
          notify: fc.oneof(fc.boolean(), fc.constantFrom('no', 0)),
        },
        { requiredKeys: [] },
      ),
  },
  {
    method: 'PATCH',
    path: '/api/trackers/:id',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record(
        { name: text(50), phrases: fc.array(text(70), { maxLength: 40 }), extra: text(5) },
        { requiredKeys: [] },
      ),
  },
  { method: 'DELETE', path: '/api/trackers/:id', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/sessions/:id/tracker-hits', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/sessions/:id/analytics', auth: 'admin', ids: (f) => f.sessionIds },
  { method: 'GET', path: '/api/contacts/:id/talk-analytics', auth: 'admin', ids: (f) => f.contactIds },
  {
    method: 'GET',
    path: '/api/analytics/week',
    auth: 'admin',
    query: () =>
      fc.record({ today: fc.oneof(day, fc.constantFrom('2027-02-30', 'x')) }, { requiredKeys: [] }),
  },
  {
    method: 'GET',
    path: '/api/notifications',
    auth: 'admin',
    query: () =>
      fc
        .tuple(page, fc.record({ unread: fc.constantFrom('true', 'false', 'yes') }, { requiredKeys: [] }))
        .map(([p, q]) => ({ ...p, ...q })),
  },
  {
    method: 'POST',
    path: '/api/notifications/read',
    auth: 'admin',
    body: (f) =>
      fc.record(
        { ids: fc.array(fc.oneof(one(f.notificationIds), text(70)), { maxLength: 20 }) },
        { requiredKeys: [] },
      ),
  },
  { method: 'GET', path: '/api/notifications/presence', auth: 'admin' },
  { method: 'POST', path: '/api/invoices/:id/paid', auth: 'admin', ids: (f) => f.invoiceIds },
  { method: 'POST', path: '/api/contracts/:id/signed', auth: 'admin', ids: (f) => f.contractIds },
  {
    method: 'POST',
    path: '/api/contracts/:id/send',
    auth: 'admin',
    ids: (f) => f.contractIds,
    body: () =>
      fc.record(
        { email: fc.record({ to: email }, { requiredKeys: [] }), sessionId: text(45) },
        { requiredKeys: [] },
      ),
  },
  {
    // Public: the code is the key (right and wrong codes, cancelled and signed: integration/api/contract-signing).
    method: 'GET',
    path: '/api/sign/:id',
    auth: 'none',
    ids: (f) => f.contractIds,
    query: () => fc.record({ code: text(140) }, { requiredKeys: [] }),
  },
  {
    method: 'POST',
    path: '/api/sign/:id',
    auth: 'none',
    ids: (f) => f.contractIds,
    body: () => fc.record({ code: text(140), name: text(140) }, { requiredKeys: [] }),
  },
  {
    method: 'GET',
    path: '/api/quotes',
    auth: 'admin',
    query: (f) =>
      fc
        .tuple(
          page,
          fc.record(
            {
              status: fc.constantFrom('draft', 'sent', 'accepted', 'declined', 'expired', 'won'),
              contactId: one(f.contactIds),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([p, q]) => ({ ...p, ...q })),
  },
  {
    method: 'GET',
    path: '/api/invoices',
    auth: 'admin',
    query: (f) =>
      fc
        .tuple(
          page,
          fc.record(
            {
              status: fc.constantFrom('draft', 'sent', 'paid', 'overdue', 'void', 'unpaid', 'due'),
              contactId: one(f.contactIds),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([p, q]) => ({ ...p, ...q })),
  },
  {
    method: 'GET',
    path: '/api/tasks',
    auth: 'admin',
    query: (f) =>
      fc
        .tuple(
          page,
          fc.record(
            {
              due: fc.constantFrom('today', 'overdue', 'upcoming', 'all', 'soon'),
              status: fc.constantFrom('open', 'done', 'all', 'closed'),
              contactId: one(f.contactIds),
              today: fc.oneof(day, fc.constantFrom('2027-02-30', '0000-01-01', 'today')),
            },
            { requiredKeys: [] },
          ),
        )
        .map(([p, q]) => ({ ...p, ...q })),
  },
  {
    method: 'PATCH',
    path: '/api/tasks/:id',
    auth: 'admin',
    body: () => fc.record({ done: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)) }),
  },
  {
    method: 'GET',
    path: '/api/calendar',
    auth: 'admin',
    // Ranges around the 400-day cap, backwards ranges, impossible days.
    query: () =>
      fc
        .tuple(
          fc.oneof(day, fc.constantFrom('2027-02-30', '0000-01-01', '2027-1-1')),
          fc.integer({ min: -10, max: 420 }),
        )
        .map(([from, span]) => {
          const start = Date.parse(`${from}T00:00:00Z`);
          const to = Number.isNaN(start)
            ? from
            : new Date(start + span * 86_400_000).toISOString().slice(0, 10);
          return { from, to };
        }),
  },
  {
    method: 'GET',
    path: '/api/home',
    auth: 'admin',
    query: () =>
      fc.record({ today: fc.oneof(day, fc.constantFrom('2027-02-30', 'x')) }, { requiredKeys: [] }),
  },
  {
    method: 'POST',
    path: '/api/assistant/conversations',
    auth: 'admin',
    body: () => fc.record({ title: text(130) }, { requiredKeys: [] }),
  },
  { method: 'GET', path: '/api/assistant/conversations', auth: 'admin', query: () => page },
  {
    method: 'GET',
    path: '/api/assistant/conversations/:id',
    auth: 'admin',
    ids: (f) => f.conversationIds,
  },
  {
    method: 'POST',
    path: '/api/assistant/conversations/:id/turns',
    auth: 'admin',
    ids: (f) => f.conversationIds,
    body: () =>
      fc.record(
        {
          text: fc.oneof(
            text(2100),
            fc.constantFrom(
              'mark fuzz lead as booked',
              'yes',
              'show me new leads from this week',
              'the second one',
            ),
          ),
          source: fc.constantFrom('typed', 'voice', 'cli', 'telepathy'),
          today: fc.oneof(day, fc.constantFrom('2027-02-30', 'x')),
        },
        { requiredKeys: ['text'] },
      ),
  },
  {
    method: 'POST',
    path: '/api/assistant/actions/:id/confirm',
    auth: 'admin',
    ids: (f) => f.actionIds,
    body: (f) => fc.record({ contactId: fc.oneof(one(f.contactIds), text(70)) }, { requiredKeys: [] }),
  },
  { method: 'POST', path: '/api/assistant/actions/:id/refuse', auth: 'admin', ids: (f) => f.actionIds },
  { method: 'POST', path: '/api/assistant/room', auth: 'admin' },
  {
    method: 'GET',
    path: '/api/pads/:scope/:id',
    auth: 'admin',
    segments: { scope: ['session', 'contact'] },
    ids: (f) => [...f.sessionIds, ...f.contactIds],
  },
  {
    method: 'POST',
    path: '/api/pads/:scope/:id/updates',
    auth: 'admin',
    segments: { scope: ['session', 'contact'] },
    ids: (f) => [...f.sessionIds, ...f.contactIds],
    body: () =>
      fc.record(
        {
          update: fc.oneof(
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
            // A real one-character Yjs update (Y.Text 'body' inserting "a"), and base64 that is not.
            fc.constant('AQHEpa26DAAEAQRib2R5AWEA'),
            text(200),
          ),
        },
        { requiredKeys: [] },
      ),
  },
  { method: 'GET', path: '/api/colleagues', auth: 'admin' },
  {
    method: 'POST',
    path: '/api/sessions/:id/colleagues',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record(
        { adminIds: fc.array(text(70), { maxLength: 25 }), listenOnly: fc.oneof(fc.boolean(), text(5)) },
        { requiredKeys: [] },
      ),
  },
  {
    method: 'POST',
    path: '/api/sessions/:id/whispers',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () => fc.record({ text: text(520) }, { requiredKeys: [] }),
  },
  { method: 'POST', path: '/api/sessions/:id/assistant', auth: 'admin', ids: (f) => f.sessionIds },
  {
    method: 'POST',
    path: '/api/sessions/:id/assistant/turns',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: () =>
      fc.record(
        {
          text: fc.oneof(text(2100), fc.constantFrom('mark fuzz lead as booked', 'yes')),
          source: fc.constantFrom('typed', 'voice', 'cli'),
          turnId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{6,12}$/), text(50)),
          today: fc.oneof(day, fc.constantFrom('2027-02-30', 'x')),
        },
        { requiredKeys: ['text'] },
      ),
  },
  {
    method: 'POST',
    path: '/api/sessions/:id/assistant/decisions',
    auth: 'admin',
    ids: (f) => f.sessionIds,
    body: (f) =>
      fc.record(
        {
          actionId: fc.oneof(one(f.actionIds), text(70)),
          verdict: fc.constantFrom('confirm', 'refuse', 'maybe'),
          contactId: fc.oneof(one(f.contactIds), text(70)),
        },
        { requiredKeys: [] },
      ),
  },
];

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** The mount path of a router (`app.use('/api/contacts', router)`), router ≥ 2.3. */
  rawPath?: unknown;
}

/** `METHOD /path` of every route the app registers, mount paths included, walking its router stack. */
export function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${String(layer.route.path)}`.replace(/(.)\/$/, '$1');
        for (const m of Object.keys(layer.route.methods))
          if (m !== '_all') out.push(`${m.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) {
        if (layer.rawPath === undefined)
          throw new Error('cannot read mount paths from this version of router');
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** A generated request: path (encoded), raw query string, body (a value, raw text, or none). */
export interface FuzzRequest {
  path: string;
  query: string;
  body?: { json: unknown } | { text: string; type: string };
  authed: boolean;
  signed: boolean;
}

const encodeQuery = (q: Record<string, unknown>) =>
  Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

/** A field of `value` (an object) replaced by, or added as, a hostile value. */
const withHostileField = (value: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      value,
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('name', 'ids', 'terms', 'roomName', '__proto__'),
      ),
      hostileValue,
    )
    .map(([v, key, bad]) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const keys = Object.keys(v);
      const k = keys.length && key.length % 2 === 0 ? keys[key.length % keys.length]! : key;
      return JSON.parse(JSON.stringify({ ...v, [k]: bad })) as unknown;
    });

/** Requests for one route: per its schema, then with hostile fields, segments, queries and bodies. */
export function requestsFor(spec: RouteSpec, f: Fixtures): fc.Arbitrary<FuzzRequest> {
  const ids = spec.ids?.(f) ?? [];
  const segment = fc.oneof(
    { weight: 2, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant('none') },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,30}$/) },
    { weight: 3, arbitrary: hostileSegment },
  );
  const valid = spec.query?.(f) ?? fc.constant({});
  const query = fc.oneof(
    { weight: 2, arbitrary: valid.map(encodeQuery) },
    { weight: 2, arbitrary: withHostileField(valid).map((q) => encodeQuery(q as Record<string, unknown>)) },
    { weight: 1, arbitrary: hostileQueryText },
  );
  const validBody = spec.body?.(f) ?? fc.constant(undefined);
  const body: fc.Arbitrary<FuzzRequest['body']> = fc.oneof(
    { weight: 3, arbitrary: validBody.map((json) => (json === undefined ? undefined : { json })) },
    { weight: 3, arbitrary: withHostileField(validBody.map((b) => b ?? {})).map((json) => ({ json })) },
    { weight: 2, arbitrary: hostileBodyText.map((text) => ({ text, type: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml'),
        )
        .map(([text, type]) => ({ text, type })),
    },
  );
  const named = Object.entries(spec.segments ?? {}).map(([name, values]) =>
    fc
      .oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileSegment })
      .map((v) => [name, v] as const),
  );
  const filled = fc
    .tuple(fc.constant(spec.path), ...named)
    .map(([path, ...pairs]) => pairs.reduce((p, [name, v]) => p.replace(`:${name}`, () => v), path));
  return fc.record({
    path: spec.path.includes(':id')
      ? fc.tuple(filled, segment).map(([p, s]) => p.replace(':id', () => s))
      : filled,
    query,
    body,
    authed: fc.boolean(),
    signed: fc.boolean(),
  });
}
