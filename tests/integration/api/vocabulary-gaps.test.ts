import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './api-context';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

describe('custom vocabulary', () => {
  it('is replaced and read back in order, trimmed and without case-insensitive duplicates', async () => {
    const put = await request(t.app)
      .put('/api/vocabulary')
      .set('cookie', cookie)
      .send({ terms: ['  Riverside   Mansion ', 'Gold Package', 'riverside mansion', 'DJ Marco'] });
    expect(put.status).toBe(200);
    expect(put.body.terms).toEqual(['Riverside Mansion', 'Gold Package', 'DJ Marco']);
    const get = await request(t.app).get('/api/vocabulary').set('cookie', cookie);
    expect(get.body.terms).toEqual(['Riverside Mansion', 'Gold Package', 'DJ Marco']);
    const cleared = await request(t.app).put('/api/vocabulary').set('cookie', cookie).send({ terms: [] });
    expect(cleared.body.terms).toEqual([]);
  });

  it('rejects bad lists with 400 and keeps the old one', async () => {
    await request(t.app)
      .put('/api/vocabulary')
      .set('cookie', cookie)
      .send({ terms: ['Oak Barn'] });
    for (const body of [
      {},
      { terms: 'Oak Barn' },
      { terms: ['  '] },
      { terms: ['x'.repeat(81)] },
      { terms: Array.from({ length: 201 }, (_, i) => `t${i}`) },
    ]) {
      const res = await request(t.app).put('/api/vocabulary').set('cookie', cookie).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    expect((await request(t.app).get('/api/vocabulary').set('cookie', cookie)).body.terms).toEqual([
      'Oak Barn',
    ]);
  });

  it('is for admins only', async () => {
    expect((await request(t.app).get('/api/vocabulary')).status).toBe(401);
    expect((await request(t.app).put('/api/vocabulary').send({ terms: [] })).status).toBe(401);
  });
});

describe('session transcript detail', () => {
  it('serves word timestamps with segments and transcription gaps with the session', async () => {
    const session = await t.db.session.create({
      data: { roomName: `call-gaps-${Date.now()}`, kind: 'call', status: 'active', startedAt: new Date() },
    });
    const words = [
      { text: 'Hello', startMs: 1000, endMs: 1400, p: 0.9 },
      { text: 'there', startMs: 1450, endMs: 1800, p: 0.8 },
    ];
    await t.db.transcriptSegment.create({
      data: {
        id: `SG_words_${session.id}`,
        sessionId: session.id,
        speakerIdentity: 'caller',
        trackSid: 'TR_x',
        startMs: 900,
        endMs: 1800,
        text: 'Hello there',
        words,
      },
    });
    await t.db.transcriptionGap.create({
      data: { sessionId: session.id, fromMs: 5000, toMs: 8200, reason: 'transcriber rejoined' },
    });
    const transcript = await request(t.app)
      .get(`/api/sessions/${session.id}/transcript`)
      .set('cookie', cookie);
    expect(transcript.body.segments[0].words).toEqual(words);
    const detail = await request(t.app).get(`/api/sessions/${session.id}`).set('cookie', cookie);
    expect(detail.body.gaps).toEqual([
      expect.objectContaining({ fromMs: 5000, toMs: 8200, reason: 'transcriber rejoined' }),
    ]);
  });
});
