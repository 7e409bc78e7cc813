import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchApi, sessionsApi } from '@booth/shared/api';
import { apiUnderTest } from './api-context';

/**
 * The call endpoints as the dashboard reads them (@booth/shared/api sessionsApi and searchApi): the
 * status filter, the session detail matching its contract without the invite hash, and the public
 * join-status check that tells nothing about a room to someone without its code.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

const tag = () => randomBytes(5).toString('hex');
const room = (kind: string) => `${kind}-${tag()}`;

const createConsultation = async (invite?: Record<string, unknown>) => {
  const res = await request(t.app)
    .post('/api/sessions')
    .set('cookie', cookie)
    .send({ kind: 'consultation', invite });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; roomName: string; inviteCode: string; joinUrl: string };
};
const joinStatus = (roomName: string, code?: string) =>
  request(t.app).get(
    `/api/join/${encodeURIComponent(roomName)}${code === undefined ? '' : `?code=${encodeURIComponent(code)}`}`,
  );

describe('GET /api/sessions', () => {
  it('filters by status (active: not ended yet), with kind and contact, and counts what matches', async () => {
    const contact = await t.db.contact.create({ data: { name: `Filter ${tag()}` } });
    const made = await Promise.all(
      (['scheduled', 'active', 'ended'] as const).map((status) =>
        t.db.session.create({
          data: { roomName: room('call'), kind: 'call', status, contactId: contact.id },
        }),
      ),
    );
    const consult = await t.db.session.create({
      data: { roomName: room('consultation'), kind: 'consultation', status: 'active', contactId: contact.id },
    });
    const list = async (query: string) => {
      const res = await request(t.app)
        .get(`/api/sessions?contactId=${contact.id}&${query}`)
        .set('cookie', cookie);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = sessionsApi.list.response.parse(res.body);
      expect(body.total).toBe(body.sessions.length);
      return body.sessions.map((s) => s.id).sort();
    };
    const [scheduled, active, ended] = made.map((s) => s.id) as [string, string, string];
    expect(await list('status=active')).toEqual([scheduled, active, consult.id].sort());
    expect(await list('status=ended')).toEqual([ended]);
    expect(await list('status=active&kind=call')).toEqual([scheduled, active].sort());
    expect(await list('kind=consultation')).toEqual([consult.id]);
    expect(await list('limit=200')).toEqual([...made.map((s) => s.id), consult.id].sort());
  });

  it('answers a bad filter with a 400 naming it', async () => {
    for (const [query, field] of [
      ['status=scheduledish', 'status'],
      ['kind=party', 'kind'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['contactId=a%00b', 'contactId'],
      ['status=active&status=ended', 'status'],
    ]) {
      const res = await request(t.app).get(`/api/sessions?${query}`).set('cookie', cookie);
      expect(res.status, query).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect((await request(t.app).get('/api/sessions?status=ended')).status).toBe(401);
  });
});

describe('GET /api/sessions/:id', () => {
  it('matches its contract, with everything recorded, and never carries the invite hash', async () => {
    const hash = 'c'.repeat(64);
    const contact = await t.db.contact.create({
      data: { name: 'Detail Client', budgetCents: 5_000_000_000n, eventDate: new Date('2027-06-12') },
    });
    const s = await t.db.session.create({
      data: {
        roomName: room('consultation'),
        kind: 'consultation',
        status: 'ended',
        contactId: contact.id,
        inviteHash: hash,
        startedAt: new Date('2026-11-20T15:00:00Z'),
        endedAt: new Date('2026-11-20T15:20:00Z'),
        transcriberSeenAt: new Date(),
      },
    });
    await t.db.participant.createMany({
      data: [
        {
          sessionId: s.id,
          identity: `admin-${t.admin.id}-0a1b2c3d`,
          adminId: t.admin.id,
          name: 'Dee',
          role: 'admin',
        },
        { sessionId: s.id, identity: 'client-abc', name: 'Sarah', role: 'client' },
      ],
    });
    await t.db.analysis.create({
      data: {
        sessionId: s.id,
        status: 'completed',
        provider: 'openai',
        model: 'test-model',
        summary: 'A June wedding at Cedar Hall.',
        actionItems: [{ text: 'Send a quote', owner: 'admin', dueDate: '2026-11-25' }],
        extractedFields: {
          eventType: 'wedding',
          eventDate: '2027-06-12',
          guestCount: 80,
          venue: 'Cedar Hall',
          budget: null,
          needs: { quote: true, invoice: false, contract: false },
          evidence: { venue: 'at Cedar Hall', guestCount: 'about 80 guests' },
          dropped: [{ field: 'budget', value: 25_000_000, reason: 'more than $10,000,000' }],
          flags: ['ignored instruction-like text'],
        },
        sentiment: 'warm',
        sentimentReason: 'keen on the date',
        leadStatus: 'qualified',
        rawOutput: '{"raw":"model output"}',
      },
    });
    await t.db.transcriptionGap.create({
      data: { sessionId: s.id, fromMs: 5000, toMs: 8000, reason: 'transcriber rejoined' },
    });
    await t.db.sessionSuggestion.create({
      data: { sessionId: s.id, kind: 'quote', text: 'Offer a quote', quote: 'how much', atMs: 4200 },
    });
    await t.db.note.create({ data: { sessionId: s.id, contactId: contact.id, body: 'Note body' } });
    await t.db.task.create({
      data: {
        sessionId: s.id,
        contactId: contact.id,
        title: 'Send a quote',
        dueDate: new Date('2026-11-25'),
      },
    });

    const res = await request(t.app).get(`/api/sessions/${s.id}`).set('cookie', cookie);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Exactly the contract: parsing it again changes nothing.
    expect(sessionsApi.get.response.parse(res.body)).toEqual(res.body);
    expect(res.body).not.toHaveProperty('inviteHash');
    expect(res.body).not.toHaveProperty('transcriberSeenAt');
    expect(res.body.analysis).not.toHaveProperty('rawOutput');
    expect(JSON.stringify(res.body)).not.toContain(hash);
    expect(res.body).toMatchObject({
      id: s.id,
      status: 'ended',
      contact: { id: contact.id, budgetCents: 5_000_000_000, eventDate: '2027-06-12' },
      participants: [
        { name: 'Dee', role: 'admin' },
        { name: 'Sarah', role: 'client' },
      ],
      analysis: {
        status: 'completed',
        summary: 'A June wedding at Cedar Hall.',
        actionItems: [{ text: 'Send a quote', owner: 'admin', dueDate: '2026-11-25' }],
        extractedFields: {
          venue: 'Cedar Hall',
          guestCount: 80,
          budget: null,
          evidence: { venue: 'at Cedar Hall' },
          dropped: [{ field: 'budget', value: 25_000_000, reason: 'more than $10,000,000' }],
          flags: ['ignored instruction-like text'],
        },
        sentiment: 'warm',
        leadStatus: 'qualified',
      },
      gaps: [{ fromMs: 5000, toMs: 8000, reason: 'transcriber rejoined' }],
      suggestions: [{ kind: 'quote', text: 'Offer a quote', atMs: 4200 }],
      notes: [{ body: 'Note body' }],
      tasks: [{ title: 'Send a quote', owner: 'admin', dueDate: '2026-11-25', done: false }],
    });
  });

  it('serves a failed analysis, and stored JSON of another shape, without a 500', async () => {
    const s = await t.db.session.create({ data: { roomName: room('call'), kind: 'call', status: 'ended' } });
    await t.db.analysis.create({
      data: {
        sessionId: s.id,
        status: 'failed',
        error: 'The LLM could not be reached.',
        actionItems: 'not a list',
        extractedFields: { venue: 12, dropped: 'x', evidence: ['y'] },
      },
    });
    await t.db.transcriptSegment.create({
      data: {
        id: `SG_odd_${s.id}`,
        sessionId: s.id,
        speakerIdentity: 'client-1',
        trackSid: 'TR_1',
        startMs: 0,
        endMs: 900,
        text: 'Hello',
        words: { not: 'words' },
      },
    });
    const res = await request(t.app).get(`/api/sessions/${s.id}`).set('cookie', cookie);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.analysis).toMatchObject({
      status: 'failed',
      error: 'The LLM could not be reached.',
      actionItems: [],
      extractedFields: { venue: null, dropped: [], evidence: {}, flags: [] },
    });
    const transcript = await request(t.app).get(`/api/sessions/${s.id}/transcript`).set('cookie', cookie);
    expect(transcript.status).toBe(200);
    expect(transcript.body.segments).toEqual([expect.objectContaining({ text: 'Hello', words: null })]);
  });

  it('answers unknown ids 404 and malformed ones 400, and only for admins', async () => {
    expect((await request(t.app).get('/api/sessions/nope').set('cookie', cookie)).status).toBe(404);
    const bad = await request(t.app).get('/api/sessions/a%20b').set('cookie', cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('id');
    expect((await request(t.app).get('/api/sessions/nope')).status).toBe(401);
    expect((await request(t.app).get('/api/sessions/nope/transcript').set('cookie', cookie)).status).toBe(
      404,
    );
  });
});

describe('GET /api/transcripts/search', () => {
  it("names the contact and the speaker from the call's participants, and jumps to the matching word", async () => {
    const contact = await t.db.contact.create({ data: { name: 'Search Client' } });
    const s = await t.db.session.create({
      data: { roomName: room('call'), kind: 'call', status: 'ended', contactId: contact.id },
    });
    const word = `zanzibar${tag().replace(/\d/g, 'q')}`;
    await t.db.participant.create({
      data: {
        sessionId: s.id,
        identity: `admin-${t.admin.id}-1234abcd`,
        adminId: t.admin.id,
        name: 'Dee',
        role: 'admin',
      },
    });
    await t.db.transcriptSegment.create({
      data: {
        id: `SG_search_${s.id}`,
        sessionId: s.id,
        speakerIdentity: `admin-${t.admin.id}`,
        trackSid: 'TR_1',
        startMs: 1000,
        endMs: 3000,
        text: `We play ${word} tonight`,
        words: [
          { text: 'We', startMs: 1000, endMs: 1200, p: 0.9 },
          { text: 'play', startMs: 1300, endMs: 1500, p: 0.9 },
          { text: word, startMs: 1600, endMs: 2200, p: 0.9 },
        ],
      },
    });
    const res = await request(t.app).get(`/api/transcripts/search?q=${word}`).set('cookie', cookie);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = searchApi.transcripts.response.parse(res.body);
    expect(body.results).toEqual([
      expect.objectContaining({
        sessionId: s.id,
        speakerName: 'Dee',
        contactName: 'Search Client',
        atMs: 1600,
        snippet: expect.stringContaining(`<b>${word}</b>`),
      }),
    ]);
    const empty = await request(t.app).get('/api/transcripts/search?q=').set('cookie', cookie);
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0].path).toBe('q');
  });
});

describe('GET /api/join/:roomName (public)', () => {
  it('is open with the right code, and checking does not use the invite', async () => {
    const s = await createConsultation({ maxUses: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await joinStatus(s.roomName, s.inviteCode);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'open', recorded: true });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect((await t.db.session.findUniqueOrThrow({ where: { id: s.id } })).inviteUses).toBe(0);
    // The one use goes to a token; then the link no longer works.
    expect(
      (
        await request(t.app)
          .post('/api/livekit/token')
          .send({ roomName: s.roomName, inviteCode: s.inviteCode })
      ).status,
    ).toBe(200);
    expect((await joinStatus(s.roomName, s.inviteCode)).body).toEqual({ status: 'invalid', recorded: false });
  });

  it('is ended once the consultation ended, for the right code only', async () => {
    const s = await createConsultation();
    await t.db.session.update({ where: { id: s.id }, data: { status: 'ended', endedAt: new Date() } });
    expect((await joinStatus(s.roomName, s.inviteCode)).body).toEqual({ status: 'ended', recorded: true });
    expect((await joinStatus(s.roomName, 'wrong-code-0123456789')).body).toEqual({
      status: 'invalid',
      recorded: false,
    });
  });

  it('is invalid alike for a wrong code, an unknown room, a room closed to clients and a revoked invite', async () => {
    const s = await createConsultation();
    const call = await t.db.session.create({ data: { roomName: room('call'), kind: 'call' } });
    const revoked = await createConsultation();
    expect(
      (await request(t.app).delete(`/api/sessions/${revoked.id}/invite`).set('cookie', cookie)).status,
    ).toBe(200);
    const code = 'wrong-code-0123456789';
    const answers = await Promise.all([
      joinStatus(s.roomName, code),
      joinStatus(room('consultation'), code),
      joinStatus(call.roomName, code),
      joinStatus(room('consultation'), s.inviteCode),
      joinStatus(revoked.roomName, revoked.inviteCode),
    ]);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.text).toBe('{"status":"invalid","recorded":false}');
    }
    expect(new Set(answers.map((a) => a.headers['content-length'])).size).toBe(1);

    // And in about the same time (one lookup, one hash comparison each): medians of interleaved runs.
    const timeOf = async (roomName: string) => {
      const t0 = process.hrtime.bigint();
      await joinStatus(roomName, code);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const unknown = room('consultation');
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      unknownMs.push(await timeOf(unknown));
      wrongMs.push(await timeOf(s.roomName));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(Math.abs(median(unknownMs) - median(wrongMs))).toBeLessThan(Math.max(5, 0.5 * median(wrongMs)));
  });

  it('answers bad input with a 400 naming it, before any lookup', async () => {
    const s = await createConsultation();
    for (const [res, field] of [
      [await joinStatus(s.roomName), 'code'],
      [await joinStatus(s.roomName, 'short'), 'code'],
      [await joinStatus(s.roomName, `a\u0000${'b'.repeat(10)}`), 'code'],
      [await joinStatus('a b!', s.inviteCode), 'roomName'],
      [await request(t.app).get(`/api/join/${s.roomName}?code=${s.inviteCode}&code=${s.inviteCode}`), 'code'],
    ] as const) {
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
  });
});
