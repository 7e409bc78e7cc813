import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTrackers } from '../../../services/worker/src/trackers/scan';
import { apiUnderTest } from './api-context';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

const tag = () => randomBytes(4).toString('hex');
const api = () => ({
  get: (path: string) => request(t.app).get(path).set('cookie', cookie),
  post: (path: string, body: object) => request(t.app).post(path).set('cookie', cookie).send(body),
  patch: (path: string, body: object) => request(t.app).patch(path).set('cookie', cookie).send(body),
  del: (path: string) => request(t.app).delete(path).set('cookie', cookie),
});

describe('keyword trackers API', () => {
  it('adds, lists, changes and deletes trackers', async () => {
    const name = `Budget ${tag()}`;
    const made = await api().post('/api/trackers', {
      name: ` ${name} `,
      phrases: ['price', ' Cost ', 'PRICE', 'can we   afford'],
      clientOnly: true,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name,
      phrases: ['price', 'Cost', 'can we afford'],
      clientOnly: true,
      notify: false,
    });
    const id = made.body.id as string;

    const listed = await api().get('/api/trackers');
    expect(listed.status).toBe(200);
    expect(listed.body.trackers.find((x: { id: string }) => x.id === id)).toMatchObject({ name });

    const changed = await api().patch(`/api/trackers/${id}`, { notify: true, phrases: ['deposit'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name, phrases: ['deposit'], clientOnly: true, notify: true });
    // Renaming to its own name in another case is not a clash with itself.
    expect((await api().patch(`/api/trackers/${id}`, { name: name.toUpperCase() })).body.name).toBe(
      name.toUpperCase(),
    );

    const gone = await api().del(`/api/trackers/${id}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ id, deleted: true });
    expect((await api().get('/api/trackers')).body.trackers.some((x: { id: string }) => x.id === id)).toBe(
      false,
    );
  });

  it('answers 409 for a name taken in any case, on add and on rename', async () => {
    const name = `Competitor ${tag()}`;
    const first = await api().post('/api/trackers', { name, phrases: ['Spin City'] });
    expect(first.status).toBe(201);
    const clash = await api().post('/api/trackers', { name: name.toLowerCase(), phrases: ['Beat Bros'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toContain('already exists');
    const other = await api().post('/api/trackers', { name: `Other ${tag()}`, phrases: ['x'] });
    const rename = await api().patch(`/api/trackers/${other.body.id}`, { name: name.toUpperCase() });
    expect(rename.status).toBe(409);
    const trackers = (await api().get('/api/trackers')).body.trackers as { name: string }[];
    expect(trackers.filter((x) => x.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });

  it('answers 400 naming the problem for bad names, phrases and flags', async () => {
    const cases: [object, string][] = [
      [{ name: 'No phrases', phrases: [] }, 'phrases'],
      [{ name: 'Punctuation', phrases: ['?!'] }, 'phrases.0'],
      [{ name: 'Long phrase', phrases: ['x'.repeat(61)] }, 'phrases.0'],
      [{ name: 'Many', phrases: Array.from({ length: 31 }, (_, i) => `p${i}`) }, 'phrases'],
      [{ name: '', phrases: ['price'] }, 'name'],
      [{ name: 'x'.repeat(41), phrases: ['price'] }, 'name'],
      [{ name: 'Flags', phrases: ['price'], notify: 'yes' }, 'notify'],
      [{ phrases: ['price'] }, 'name'],
    ];
    for (const [body, path] of cases) {
      const res = await api().post('/api/trackers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body), JSON.stringify(body)).toContain(path);
    }
    const made = await api().post('/api/trackers', { name: `Ok ${tag()}`, phrases: ['fine'] });
    const bad = await api().patch(`/api/trackers/${made.body.id}`, { colour: 'red' });
    expect(bad.status).toBe(400);
  });

  it('answers 404 for a tracker or call that does not exist', async () => {
    expect((await api().patch('/api/trackers/nope', { notify: true })).status).toBe(404);
    expect((await api().del('/api/trackers/nope')).status).toBe(404);
    expect((await api().get('/api/sessions/nope/tracker-hits')).status).toBe(404);
    expect((await api().get('/api/transcripts/search?trackerId=nope')).status).toBe(404);
  });

  it('is for admins only', async () => {
    expect((await request(t.app).get('/api/trackers')).status).toBe(401);
    expect(
      (
        await request(t.app)
          .post('/api/trackers')
          .send({ name: 'x', phrases: ['y'] })
      ).status,
    ).toBe(401);
  });
});

describe('tracker hits and search by tracker', () => {
  it("counts a call's hits and finds the calls a tracker was hit in", async () => {
    const word = `zither${tag().replace(/\d/g, 'q')}`;
    const tracker = await api().post('/api/trackers', {
      name: `Instrument ${tag()}`,
      phrases: [word, `grand ${word}`],
    });
    const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}` } });
    const hit = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'ended', contactId: contact.id },
    });
    const miss = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'ended' },
    });
    const segment = (sessionId: string, i: number, text: string) => ({
      id: `SG_${sessionId}_${i}`,
      sessionId,
      speakerIdentity: 'client-abc',
      trackSid: 'TR_1',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text,
    });
    await t.db.transcriptSegment.createMany({
      data: [
        segment(hit.id, 0, 'We want the string quartet and a harp'),
        segment(hit.id, 1, `Could you bring a grand ${word}? A ${word.toUpperCase()}, really.`),
        // The tracker's word in the other call too, but not as a whole word: no hit there.
        segment(miss.id, 0, `a harp and a ${word}s string quartet`),
      ],
    });
    await scanTrackers(t.db, hit.id);
    await scanTrackers(t.db, miss.id);

    const hits = await api().get(`/api/sessions/${hit.id}/tracker-hits`);
    expect(hits.status).toBe(200);
    expect(hits.body.counts).toEqual([{ trackerId: tracker.body.id, name: tracker.body.name, count: 2 }]);
    expect(hits.body.hits.map((h: { phrase: string }) => h.phrase)).toEqual([`grand ${word}`, word]);
    expect((await api().get(`/api/sessions/${miss.id}/tracker-hits`)).body).toEqual({
      sessionId: miss.id,
      counts: [],
      hits: [],
    });

    // The tracker alone: the segments that hit it, its phrases marked.
    const byTracker = await api().get(`/api/transcripts/search?trackerId=${tracker.body.id}`);
    expect(byTracker.status).toBe(200);
    expect(byTracker.body).toMatchObject({ q: '', trackerId: tracker.body.id });
    expect(byTracker.body.results).toHaveLength(1);
    expect(byTracker.body.results[0]).toMatchObject({
      sessionId: hit.id,
      contactName: contact.name,
      snippet: `Could you bring a <b>grand ${word}</b>? A <b>${word.toUpperCase()}</b>, really.`,
    });

    // Words and a tracker: only the calls that hit it ("string quartet" is said in both).
    const both = await api().get(
      `/api/transcripts/search?q=${encodeURIComponent('string quartet')}&trackerId=${tracker.body.id}`,
    );
    expect(both.status).toBe(200);
    expect(both.body.results.map((r: { sessionId: string }) => r.sessionId)).toEqual([hit.id]);
    const wordsOnly = await api().get(`/api/transcripts/search?q=${encodeURIComponent('string quartet')}`);
    expect(wordsOnly.body.results.map((r: { sessionId: string }) => r.sessionId)).toEqual(
      expect.arrayContaining([hit.id, miss.id]),
    );

    // Neither words nor a tracker is a 400 naming q.
    const neither = await api().get('/api/transcripts/search');
    expect(neither.status).toBe(400);
    expect(JSON.stringify(neither.body)).toContain('q');

    // Deleting the tracker deletes its hits.
    await api().del(`/api/trackers/${tracker.body.id}`);
    expect((await api().get(`/api/sessions/${hit.id}/tracker-hits`)).body.hits).toEqual([]);
  });
});
