import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { AccessToken } from 'livekit-server-sdk';
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '@booth/db';
import { QUEUES, TypedQueue, createLogger, jobIds, parseConfig, redisConnection } from '@booth/shared';
import {
  RecognizerPool,
  RoomTranscriber,
  SileroVad,
  WhisperRecognizer,
  createTranscriberService,
} from '@booth/transcriber';
import { jfkPath, vadPath, whisperPath } from '../../support/fixtures';
import { JFK_REFERENCE, publishWav, wordErrorRate } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';

/** The transcriber's room side against a real livekit-server, Postgres and Redis, in-process. */
const env = process.env;
let db: Db;
let vad: SileroVad;
let recognizer: RecognizerPool;
const logger = createLogger('transcriber-test', 'silent');

beforeAll(async () => {
  await migrate(env.DATABASE_URL!);
  db = createDb({ url: env.DATABASE_URL! });
  const [v, whisper] = await Promise.all([SileroVad.load(vadPath()), WhisperRecognizer.load(whisperPath())]);
  vad = v;
  recognizer = new RecognizerPool(whisper, { size: 2 });
});
afterAll(async () => {
  await recognizer.free();
  await db.$disconnect();
  await dispose();
});

async function newSession() {
  const roomName = `call-${randomBytes(5).toString('hex')}`;
  return db.session.create({ data: { roomName, kind: 'call', status: 'active', startedAt: new Date() } });
}

async function speaker(roomName: string, identity: string) {
  const at = new AccessToken(env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, { identity });
  at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true });
  const room = new Room();
  await room.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: false, dynacast: false });
  return room;
}

function transcriberFor(
  session: { roomName: string; id: string; startedAt: Date | null },
  extra: Partial<ConstructorParameters<typeof RoomTranscriber>[0]>,
) {
  return new RoomTranscriber({
    livekitUrl: env.LIVEKIT_URL!,
    apiKey: env.LIVEKIT_API_KEY!,
    apiSecret: env.LIVEKIT_API_SECRET!,
    identity: 'booth-transcriber',
    roomName: session.roomName,
    sessionId: session.id,
    sessionStartedAt: session.startedAt?.getTime(),
    db,
    vad,
    recognizer,
    logger,
    ...extra,
  });
}

describe('RoomTranscriber', () => {
  it('finishes an in-flight utterance when stopped (SIGTERM drain) and leaves the room', async () => {
    const session = await newSession();
    const room = await speaker(session.roomName, 'caller-drain');
    // A long silence requirement: the utterance is still open when we stop.
    const rt = transcriberFor(session, { segmenter: { minSilenceMs: 5000 } });
    const running = rt.run();
    await waitUntil(
      'the transcriber to join',
      () => room.remoteParticipants.size > 0 || undefined,
      20_000,
    ).catch(
      () => undefined, // hidden participants may be invisible; publishing works either way
    );
    await publishWav(room, jfkPath(), { trailingSilenceMs: 600 });
    expect(await db.transcriptSegment.count({ where: { sessionId: session.id } })).toBe(0);
    await rt.stop();
    await running;
    const rows = await db.transcriptSegment.findMany({ where: { sessionId: session.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.speakerIdentity).toBe('caller-drain');
    expect(wordErrorRate(JFK_REFERENCE, rows[0]!.text)).toBeLessThanOrEqual(0.2);
    await room.disconnect();
  });

  it('leaves by itself when everyone else has left', async () => {
    const session = await newSession();
    const room = await speaker(session.roomName, 'caller-leaving');
    const rt = transcriberFor(session, { emptyGraceMs: 500 });
    const running = rt.run();
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    await room.disconnect();
    await running;
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

function serviceUnderTest() {
  const prefix = `tr${randomBytes(4).toString('hex')}`;
  const config = parseConfig({ ...env, QUEUE_PREFIX: prefix });
  const models = { vad, recognizer, whisperPath: whisperPath(), loadMs: 0 };
  return { prefix, config, service: createTranscriberService({ config, db, models, logger }) };
}

describe('transcriber service', () => {
  it('serves a room job, and on shutdown hands the live room back to the queue', async () => {
    const { prefix, config, service } = serviceUnderTest();
    const producer = new TypedQueue('rooms', { connection: redisConnection(config.REDIS_URL), prefix });
    const queue = new Queue(QUEUES.rooms.name, { connection: redisConnection(config.REDIS_URL), prefix });
    const session = await newSession();
    const room = await speaker(session.roomName, 'caller-service');
    try {
      await producer.add({ roomName: session.roomName, sessionId: session.id });
      const id = jobIds.rooms({ roomName: session.roomName, sessionId: session.id });
      await waitUntil('the room job to be active', async () => (await queue.getJob(id))?.isActive(), 20_000);
      await waitUntil('the transcriber to take the room', () => service.activeRooms === 1, 20_000);
      await service.close();
      const job = await queue.getJob(id);
      expect(await job!.getState()).toBe('waiting');
    } finally {
      await room.disconnect();
      await producer.close();
      await queue.close();
    }
  });

  it('skips rooms whose session already ended and rejects malformed jobs', async () => {
    const { prefix, config, service } = serviceUnderTest();
    const queue = new Queue(QUEUES.rooms.name, { connection: redisConnection(config.REDIS_URL), prefix });
    try {
      const ended = await db.session.create({
        data: { roomName: `call-${randomBytes(5).toString('hex')}`, kind: 'call', status: 'ended' },
      });
      const ok = await queue.add('transcribe-room', { roomName: ended.roomName, sessionId: ended.id });
      const bad = await queue.add('transcribe-room', { roomName: '' }, { attempts: 3 });
      await waitUntil(
        'jobs to finish',
        async () => (await ok.getState()) === 'completed' && (await bad.getState()) === 'failed',
        20_000,
      );
      expect((await queue.getJob(ok.id!))!.returnvalue).toEqual({ skipped: 'ended' });
      expect((await queue.getJob(bad.id!))!.attemptsMade).toBe(1);
    } finally {
      await service.close();
      await queue.close();
    }
  });
});
