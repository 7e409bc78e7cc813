import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MP3_MIME_TYPE,
  RECORDING_SAMPLE_RATE,
  createBlobStorage,
  encodeMp3,
  playbackKey,
  recordingPartKey,
  recordingPrefix,
  type BlobStorage,
} from '@booth/shared';
import { recordingsApi, sessionsApi } from '@booth/shared/api';
import { apiUnderTest } from './api-context';

/**
 * The recording endpoints (@booth/shared/api recordingsApi) on the real API over the harness's
 * Postgres and Redis, with the playback file in the real recording storage: the local directory
 * (RECORDING_DIR) and, when the harness runs its S3-compatible server (moto, BOOTH_TEST_S3_URL), an
 * S3 bucket through @aws-sdk/client-s3 — the same assertions against both.
 */
const S3_URL = process.env.BOOTH_TEST_S3_URL;
const tag = () => randomBytes(5).toString('hex');
type Api = Awaited<ReturnType<typeof apiUnderTest>>;

/** Three seconds of a 440 Hz tone, as the worker would store it (CBR MP3, 16 kHz mono). */
async function toneMp3(): Promise<Buffer> {
  const pcm = new Int16Array(RECORDING_SAMPLE_RATE * 3);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(9000 * Math.sin((2 * Math.PI * 440 * i) / RECORDING_SAMPLE_RATE));
  const mp3 = await encodeMp3(pcm, RECORDING_SAMPLE_RATE);
  return Buffer.from(mp3.buffer, mp3.byteOffset, mp3.byteLength);
}

/** Supertest keeps a non-JSON body as bytes with this. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (err: Error) => done(err, Buffer.alloc(0)));
};

let mp3: Buffer;
beforeAll(async () => {
  mp3 = await toneMp3();
  expect(mp3.length).toBeGreaterThan(10_000);
});

interface Seeded {
  sessionId: string;
  recordingId: string;
}

function backendSuite(kind: 'local' | 's3', env: () => Promise<Record<string, string>>) {
  describe(`recordings API (${kind} storage)`, () => {
    let t: Api;
    let cookie: string;
    let storage: BlobStorage;

    beforeAll(async () => {
      t = await apiUnderTest(await env());
      cookie = await t.login();
      storage = createBlobStorage(t.config);
      expect(storage.kind).toBe(kind);
    });
    afterAll(() => t?.close());

    /** An ended call with Zoë O'Brien and its ready recording: the tone in the storage, plus a stray part. */
    async function seed(opts: { status?: 'ready' | 'mixing'; sessionStatus?: 'ended' | 'active' } = {}) {
      const contact = await t.db.contact.create({ data: { name: "Zoë O'Brien / Ünïcode" } });
      const session = await t.db.session.create({
        data: {
          roomName: `call-${tag()}`,
          kind: 'call',
          status: opts.sessionStatus ?? 'ended',
          contactId: contact.id,
          startedAt: new Date('2026-11-20T18:30:00Z'),
          endedAt: opts.sessionStatus === 'active' ? null : new Date('2026-11-20T19:00:00Z'),
        },
      });
      const key = playbackKey(session.id);
      await storage.put(key, mp3, MP3_MIME_TYPE);
      const part = recordingPartKey({
        sessionId: session.id,
        trackSid: 'TR_seed',
        connectionId: 'cseed',
        seq: 0,
        startMs: 0,
      });
      await storage.put(part, Buffer.alloc(3200), 'application/octet-stream');
      const ready = (opts.status ?? 'ready') === 'ready';
      const rec = await t.db.recording.create({
        data: {
          sessionId: session.id,
          status: opts.status ?? 'ready',
          storageKey: ready ? key : null,
          mimeType: ready ? MP3_MIME_TYPE : null,
          bytes: ready ? BigInt(mp3.length) : null,
          durationMs: ready ? 3000 : null,
          readyAt: ready ? new Date() : null,
          expiresAt: ready ? new Date(Date.now() + 90 * 86_400_000) : null,
        },
      });
      return { sessionId: session.id, recordingId: rec.id } satisfies Seeded;
    }

    const audio = (id: string, headers: Record<string, string> = {}, query = '') => {
      const req = request(t.app).get(`/api/recordings/${id}/audio${query}`).set('cookie', cookie);
      for (const [k, v] of Object.entries(headers)) void req.set(k, v);
      return req.buffer(true).parse(binary);
    };

    it('says whether a session is recorded, with its recording and audio URLs', async () => {
      const s = await seed();
      const res = await request(t.app).get(`/api/sessions/${s.sessionId}/recording`).set('cookie', cookie);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = recordingsApi.get.response.parse(res.body);
      expect(body).toMatchObject({ sessionId: s.sessionId, recordingEnabled: true, globallyEnabled: true });
      expect(body.recording).toMatchObject({
        id: s.recordingId,
        status: 'ready',
        mimeType: 'audio/mpeg',
        bytes: mp3.length,
        durationMs: 3000,
        audioUrl: `/api/recordings/${s.recordingId}/audio`,
        downloadUrl: `/api/recordings/${s.recordingId}/audio?download=1`,
      });
      // Not ready yet: no audio URLs, and the audio is not served.
      const mixing = await seed({ status: 'mixing' });
      const m = await request(t.app).get(`/api/sessions/${mixing.sessionId}/recording`).set('cookie', cookie);
      expect(m.body.recording).toMatchObject({ status: 'mixing', audioUrl: null, downloadUrl: null });
      expect((await audio(mixing.recordingId)).status).toBe(404);
      // A session without a recording, an unknown one, a malformed id.
      const bare = await t.db.session.create({ data: { roomName: `call-${tag()}`, kind: 'call' } });
      const none = await request(t.app).get(`/api/sessions/${bare.id}/recording`).set('cookie', cookie);
      expect(none.body).toEqual({
        sessionId: bare.id,
        recordingEnabled: true,
        globallyEnabled: true,
        recording: null,
      });
      expect(
        (await request(t.app).get(`/api/sessions/nope-${tag()}/recording`).set('cookie', cookie)).status,
      ).toBe(404);
      const bad = await request(t.app).get('/api/sessions/a%20b/recording').set('cookie', cookie);
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0].path).toBe('id');
    });

    it('serves the playback file whole, streamed, privately cacheable, with Accept-Ranges', async () => {
      const s = await seed();
      const res = await audio(s.recordingId);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('audio/mpeg');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['cache-control']).toBe('private');
      expect(res.headers['content-length']).toBe(String(mp3.length));
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(Buffer.compare(res.body as Buffer, mp3)).toBe(0);
      // HEAD: the same headers, no body.
      const head = await request(t.app).head(`/api/recordings/${s.recordingId}/audio`).set('cookie', cookie);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(mp3.length));
      expect(head.headers['accept-ranges']).toBe('bytes');
    });

    it('answers single byte ranges with 206 and exactly those bytes', async () => {
      const s = await seed();
      const size = mp3.length;
      const cases: [string, number, number][] = [
        ['bytes=0-99', 0, 99],
        ['bytes=100-', 100, size - 1],
        ['bytes=-500', size - 500, size - 1],
        [`bytes=${size - 10}-${size + 5000}`, size - 10, size - 1], // an end past the file is clamped
        [`bytes=-${size + 10}`, 0, size - 1],
        ['bytes=5000-5000', 5000, 5000],
      ];
      for (const [range, start, end] of cases) {
        const res = await audio(s.recordingId, { range });
        expect(res.status, range).toBe(206);
        expect(res.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
        expect(res.headers['content-length'], range).toBe(String(end - start + 1));
        expect(res.headers['content-type']).toBe('audio/mpeg');
        expect(Buffer.compare(res.body as Buffer, mp3.subarray(start, end + 1)), range).toBe(0);
      }
      // If-Range: this file's ETag keeps the range; anything else gets the whole (current) file.
      const etag = (await audio(s.recordingId)).headers.etag as string;
      expect(etag).toMatch(/^"[^"]+"$/);
      expect((await audio(s.recordingId, { range: 'bytes=0-9', 'if-range': etag })).status).toBe(206);
      const stale = await audio(s.recordingId, { range: 'bytes=0-9', 'if-range': '"other"' });
      expect(stale.status).toBe(200);
      expect((stale.body as Buffer).length).toBe(size);
    });

    it('refuses unsatisfiable ranges with 416 and ignores malformed or multiple ones', async () => {
      const s = await seed();
      const size = mp3.length;
      for (const range of [`bytes=${size}-`, `bytes=${size + 100}-${size + 200}`, 'bytes=-0']) {
        const res = await audio(s.recordingId, { range });
        expect(res.status, range).toBe(416);
        expect(res.headers['content-range'], range).toBe(`bytes */${size}`);
      }
      for (const range of ['bytes=abc', 'bytes=9-2', 'items=0-9', 'bytes=', 'bytes=0-1,5-6', 'bytes=1-2-3']) {
        const res = await audio(s.recordingId, { range });
        expect(res.status, range).toBe(200);
        expect(res.headers['content-range'], range).toBeUndefined();
        expect(Buffer.compare(res.body as Buffer, mp3), range).toBe(0);
      }
    });

    it('sends a download as an attachment named for the day and the contact, in ASCII', async () => {
      const s = await seed();
      const res = await audio(s.recordingId, {}, '?download=1');
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="booth-call-2026-11-20-zoe-o-brien-unicode.mp3"',
      );
      expect(Buffer.compare(res.body as Buffer, mp3)).toBe(0);
      // A range of a download is still a range.
      const part = await audio(s.recordingId, { range: 'bytes=0-15' }, '?download=1');
      expect(part.status).toBe(206);
      expect(part.headers['content-disposition']).toMatch(/^attachment; filename="booth-call-/);
      expect((await audio(s.recordingId, {}, '?download=maybe')).status).toBe(400);
      expect((await audio(`nope-${tag()}`)).status).toBe(404);
      expect((await audio('a%20b')).status).toBe(400);
    });

    it('is behind the login', async () => {
      const s = await seed();
      const anon = [
        request(t.app).get(`/api/sessions/${s.sessionId}/recording`),
        request(t.app)
          .patch(`/api/sessions/${s.sessionId}/recording`)
          .set('origin', t.config.PUBLIC_URL)
          .send({ enabled: false }),
        request(t.app).delete(`/api/sessions/${s.sessionId}/recording`).set('origin', t.config.PUBLIC_URL),
        request(t.app).get(`/api/recordings/${s.recordingId}/audio`),
        request(t.app).get(`/api/recordings/${s.recordingId}/audio`).set('range', 'bytes=0-9'),
      ];
      for (const res of await Promise.all(anon)) {
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
      expect(await t.db.recording.findUnique({ where: { id: s.recordingId } })).not.toBeNull();
      expect((await t.db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).recordingEnabled).toBe(
        true,
      );
    });

    it('switches recording off and on per session, audited with the admin', async () => {
      const s = await seed({ sessionStatus: 'active' });
      const patch = (body: unknown) =>
        request(t.app)
          .patch(`/api/sessions/${s.sessionId}/recording`)
          .set('cookie', cookie)
          .send(body as object);
      const off = await patch({ enabled: false });
      expect(off.status, JSON.stringify(off.body)).toBe(200);
      expect(recordingsApi.update.response.parse(off.body)).toMatchObject({
        sessionId: s.sessionId,
        recordingEnabled: false,
        globallyEnabled: true,
        recording: { id: s.recordingId },
      });
      expect((await t.db.session.findUniqueOrThrow({ where: { id: s.sessionId } })).recordingEnabled).toBe(
        false,
      );
      expect((await patch({ enabled: false })).status).toBe(200); // no change: not audited again
      expect((await patch({ enabled: true })).body.recordingEnabled).toBe(true);
      const audit = await t.db.auditEvent.findMany({
        where: { subjectType: 'session', subjectId: s.sessionId },
        orderBy: { createdAt: 'asc' },
      });
      expect(audit.map((a) => [a.action, a.actorId, a.data])).toEqual([
        ['recording.disabled', t.admin.id, { enabled: false }],
        ['recording.enabled', t.admin.id, { enabled: true }],
      ]);
      // Bad bodies name the problem; an unknown session is a 404.
      for (const [body, path] of [
        [{}, 'enabled'],
        [{ enabled: 'no' }, 'enabled'],
        [{ enabled: 1 }, 'enabled'],
        [{ enabled: true, also: 1 }, ''],
      ] as const) {
        const res = await patch(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.issues[0].path, JSON.stringify(body)).toBe(path);
      }
      const unknown = await request(t.app)
        .patch(`/api/sessions/nope-${tag()}/recording`)
        .set('cookie', cookie)
        .send({ enabled: false });
      expect(unknown.status).toBe(404);
    });

    it('deletes a recording: its files from the storage, then its row, audited', async () => {
      const s = await seed();
      const prefix = recordingPrefix(s.sessionId);
      expect((await storage.list(prefix)).length).toBe(2);
      const res = await request(t.app).delete(`/api/sessions/${s.sessionId}/recording`).set('cookie', cookie);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(recordingsApi.remove.response.parse(res.body)).toEqual({
        sessionId: s.sessionId,
        deleted: true,
      });
      expect(await storage.list(prefix)).toEqual([]);
      expect(await storage.stat(playbackKey(s.sessionId))).toBeUndefined();
      expect(await t.db.recording.findUnique({ where: { id: s.recordingId } })).toBeNull();
      const audit = await t.db.auditEvent.findMany({
        where: { action: 'recording.deleted', subjectType: 'session', subjectId: s.sessionId },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: t.admin.id,
        data: { recordingId: s.recordingId, status: 'ready', durationMs: 3000, bytes: mp3.length },
      });
      // Gone from the API too.
      expect((await audio(s.recordingId)).status).toBe(404);
      const after = await request(t.app).get(`/api/sessions/${s.sessionId}/recording`).set('cookie', cookie);
      expect(after.body.recording).toBeNull();
      const again = await request(t.app)
        .delete(`/api/sessions/${s.sessionId}/recording`)
        .set('cookie', cookie);
      expect(again.status).toBe(404);
      expect(
        (await request(t.app).delete(`/api/sessions/nope-${tag()}/recording`).set('cookie', cookie)).status,
      ).toBe(404);
    });

    it('does not delete the recording of a call still going on', async () => {
      const s = await seed({ sessionStatus: 'active' });
      const res = await request(t.app).delete(`/api/sessions/${s.sessionId}/recording`).set('cookie', cookie);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatch(/still going on/);
      expect(await t.db.recording.findUnique({ where: { id: s.recordingId } })).not.toBeNull();
      expect(await storage.stat(playbackKey(s.sessionId))).toBeDefined();
    });
  });
}

backendSuite('local', () => Promise.resolve({ RECORDING_STORAGE: 'local' }));

describe.skipIf(!S3_URL)('with the S3-compatible server', () => {
  const bucket = `booth-rec-${tag()}`;
  const credentials = { accessKeyId: 'booth-test-key', secretAccessKey: 'booth-test-secret' };
  backendSuite('s3', async () => {
    const admin = new S3Client({ region: 'us-east-1', endpoint: S3_URL, forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    admin.destroy();
    return {
      RECORDING_STORAGE: 's3',
      S3_ENDPOINT: S3_URL!,
      S3_REGION: 'us-east-1',
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    };
  });
});

describe('recordings API when the storage is unreachable', () => {
  it('answers 503 naming the storage and deletes nothing from the database', async () => {
    // An S3 endpoint nothing listens on (port 9, discard: refused on loopback).
    const t = await apiUnderTest({
      RECORDING_STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9',
      S3_BUCKET: 'booth-unreachable',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    try {
      const cookie = await t.login();
      const session = await t.db.session.create({
        data: { roomName: `call-${tag()}`, kind: 'call', status: 'ended', endedAt: new Date() },
      });
      const rec = await t.db.recording.create({
        data: {
          sessionId: session.id,
          status: 'ready',
          storageKey: playbackKey(session.id),
          mimeType: MP3_MIME_TYPE,
          bytes: 1000n,
          durationMs: 1000,
          readyAt: new Date(),
        },
      });
      const del = await request(t.app).delete(`/api/sessions/${session.id}/recording`).set('cookie', cookie);
      expect(del.status).toBe(503);
      expect(del.body.error).toMatch(/recording storage/);
      expect(del.headers['retry-after']).toBeDefined();
      expect(await t.db.recording.findUnique({ where: { id: rec.id } })).not.toBeNull();
      expect(await t.db.auditEvent.count({ where: { subjectId: session.id } })).toBe(0);
      const get = await request(t.app).get(`/api/recordings/${rec.id}/audio`).set('cookie', cookie);
      expect(get.status).toBe(503);
      expect(get.headers['content-type']).toMatch(/^application\/json/);
      expect(get.body.error).toMatch(/recording storage/);
    } finally {
      await t.close();
    }
  });
});

describe('recording switches', () => {
  it('RECORDING_ENABLED=false turns recording off for every session', async () => {
    const t = await apiUnderTest({ RECORDING_ENABLED: 'false' });
    try {
      const cookie = await t.login();
      const session = await t.db.session.create({ data: { roomName: `call-${tag()}`, kind: 'call' } });
      const res = await request(t.app).get(`/api/sessions/${session.id}/recording`).set('cookie', cookie);
      expect(res.body).toMatchObject({ recordingEnabled: false, globallyEnabled: false, recording: null });
    } finally {
      await t.close();
    }
  });

  it('the join check tells the client whether the consultation is recorded', async () => {
    for (const [globally, perSession, recorded] of [
      ['true', true, true],
      ['true', false, false],
      ['false', true, false],
    ] as const) {
      const t = await apiUnderTest({ RECORDING_ENABLED: globally });
      try {
        const cookie = await t.login();
        const made = await request(t.app)
          .post('/api/sessions')
          .set('cookie', cookie)
          .send({ kind: 'consultation' });
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        const { id, roomName, inviteCode } = made.body as {
          id: string;
          roomName: string;
          inviteCode: string;
        };
        await t.db.session.update({ where: { id }, data: { recordingEnabled: perSession } });
        const res = await request(t.app).get(`/api/join/${roomName}?code=${inviteCode}`);
        expect(sessionsApi.joinStatus.response.parse(res.body)).toEqual({ status: 'open', recorded });
        // A wrong code learns nothing, not even that.
        const wrong = await request(t.app).get(`/api/join/${roomName}?code=wrong-code-0123456789`);
        expect(wrong.body).toEqual({ status: 'invalid', recorded: false });
      } finally {
        await t.close();
      }
    }
  });
});
