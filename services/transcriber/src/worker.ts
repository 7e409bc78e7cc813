import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Assistant } from '@booth/assistant';
import type { Db } from '@booth/db';
import {
  QUEUES,
  TypedQueue,
  createBlobStorage,
  kindOfRoom,
  redisConnection,
  roomJobSchema,
  type Config,
  type Logger,
} from '@booth/shared';
import { AssistantRoomAgent } from './assistant/room-agent';
import { synthesizerFor } from './assistant/tts';
import { MAX_CRM_VENUES, callPrompt } from './recognizer/call-prompt';
import { vocabularyPrompt } from './recognizer/vocabulary';
import { requestRecordingMix } from './recording/request-mix';
import { SessionRecorder } from './recording/session-recorder';
import { segmenterOptions } from './settings';
import { RoomTranscriber } from './source/room-transcriber';
import type { SpeechModels } from './speech';

/**
 * Whisper's prompt for a session: the business vocabulary; for a call or consultation with a contact,
 * also the contact's name and venue and the venues of the most recently updated contacts
 * (`callPrompt`, the same budget).
 */
export async function sessionPrompt(
  db: Db,
  session: { kind: string; contactId: string | null },
): Promise<string | undefined> {
  const terms = await db.vocabularyTerm.findMany({ orderBy: { createdAt: 'asc' }, select: { term: true } });
  const vocabulary = terms.map((t) => t.term);
  if (!session.contactId || (session.kind !== 'call' && session.kind !== 'consultation')) {
    return vocabularyPrompt(vocabulary);
  }
  const [contact, venues] = await Promise.all([
    db.contact.findUnique({ where: { id: session.contactId }, select: { name: true, venue: true } }),
    db.contact.groupBy({
      by: ['venue'],
      where: { venue: { not: null } },
      _max: { updatedAt: true },
      orderBy: { _max: { updatedAt: 'desc' } },
      take: MAX_CRM_VENUES,
    }),
  ]);
  return callPrompt({
    vocabulary,
    contact,
    venues: venues.flatMap((v) => (v.venue ? [v.venue] : [])),
  });
}

export interface TranscriberServiceOptions {
  config: Config;
  db: Db;
  models: SpeechModels;
  logger: Logger;
  /**
   * The assistant's core, for assistant rooms (`assistant-…`): their voice agent sends turns to it.
   * Without it an assistant room's job fails (unrecoverable) and nobody answers there.
   */
  assistant?: Assistant;
  /** Leave a room this long after the last person left (an assistant room: its owner). Default 3000 ms. */
  emptyGraceMs?: number;
  /** Logs the worker's connection errors; default: every one. The services pass a rate-limited logger. */
  onError?: (err: unknown, msg: string) => void;
}

export interface TranscriberService {
  worker: Worker;
  /** Rooms being served now (transcribed, or assistant rooms answered). */
  readonly activeRooms: number;
  /** Stop taking rooms; active rooms finish in-flight utterances and go back to the queue. */
  close(): Promise<void>;
}

/**
 * Consumes `transcribe-room` jobs. A job lasts as long as its room: the BullMQ lock (renewed while
 * we work) makes exactly one transcriber serve a room, and if this process dies the stalled job is
 * picked up by another transcriber, which rejoins the room. On shutdown an active room is drained
 * and its job moved back to waiting so another transcriber continues the call.
 */
export function createTranscriberService(opts: TranscriberServiceOptions): TranscriberService {
  const { config, db, models, logger } = opts;
  const active = new Map<string, { run(): Promise<void>; stop(): Promise<void> }>();
  let closing = false;
  // Live suggestions are requested every SUGGESTIONS_EVERY_FINALS finals (0 = none).
  const suggestions =
    config.SUGGESTIONS_EVERY_FINALS > 0
      ? new TypedQueue('suggestions', {
          connection: redisConnection(config.REDIS_URL),
          prefix: config.QUEUE_PREFIX,
          attempts: 3,
        })
      : undefined;

  // Calls and consultations are recorded (RECORDING_ENABLED, then each session's recordingEnabled);
  // the worker mixes a room's tracks once it is over.
  const recordings = config.RECORDING_ENABLED
    ? {
        storage: createBlobStorage(config),
        queue: new TypedQueue('recordings', {
          connection: redisConnection(config.REDIS_URL),
          prefix: config.QUEUE_PREFIX,
          attempts: 5,
        }),
      }
    : undefined;

  /** The assistant rooms' voice (stateless, shared). */
  const synthesizer = synthesizerFor(config, logger);

  /** The voice agent of an assistant room: the owner's turns go to the assistant core. */
  const assistantAgent = (
    roomName: string,
    sessionId: string,
    ownerId: string | null,
    prompt: string | undefined,
    log: Logger,
  ): AssistantRoomAgent => {
    if (!ownerId) throw new UnrecoverableError(`assistant session ${sessionId} has no owner`);
    if (!opts.assistant) throw new UnrecoverableError('this transcriber has no assistant core');
    return new AssistantRoomAgent({
      livekitUrl: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
      identity: `${config.TRANSCRIBER_IDENTITY}-assistant`,
      roomName,
      sessionId,
      ownerId,
      assistant: opts.assistant,
      vad: models.vad,
      recognizer: models.recognizer,
      segmenter: segmenterOptions(config),
      prompt,
      wakePhrase: config.ASSISTANT_WAKE_PHRASE,
      wakeWindowMs: config.ASSISTANT_WAKE_WINDOW_MS,
      synthesizer,
      emptyGraceMs: opts.emptyGraceMs,
      logger: log,
    });
  };

  const processor = async (job: Job, token?: string) => {
    const parsed = roomJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid room job: ${parsed.error.message}`);
    const { roomName, sessionId } = parsed.data;
    const log = logger.child({ room: roomName, jobId: job.id });
    const session = await db.session.findUnique({ where: { id: sessionId } });
    if (!session) throw new UnrecoverableError(`unknown session ${sessionId}`);
    if (session.status === 'ended') {
      log.info('session already ended; nothing to transcribe');
      return { skipped: 'ended' };
    }
    const prompt = await sessionPrompt(db, session);
    const isAssistant = kindOfRoom(roomName) === 'assistant';
    const room = isAssistant
      ? assistantAgent(roomName, sessionId, session.ownerId, prompt, log)
      : new RoomTranscriber({
          livekitUrl: config.LIVEKIT_URL,
          apiKey: config.LIVEKIT_API_KEY,
          apiSecret: config.LIVEKIT_API_SECRET,
          identity: config.TRANSCRIBER_IDENTITY,
          roomName,
          sessionId,
          sessionStartedAt: session.startedAt?.getTime(),
          db,
          vad: models.vad,
          recognizer: models.recognizer,
          segmenter: segmenterOptions(config),
          prompt,
          partialIntervalMs: config.TRANSCRIBER_PARTIAL_INTERVAL_MS,
          previousHeartbeatAt: session.transcriberSeenAt ?? undefined,
          suggestions: suggestions && { queue: suggestions, everyFinals: config.SUGGESTIONS_EVERY_FINALS },
          recorder:
            recordings &&
            new SessionRecorder({
              db,
              storage: recordings.storage,
              sessionId,
              enabled: session.recordingEnabled,
              logger: log,
            }),
          emptyGraceMs: opts.emptyGraceMs,
          logger: log,
        });
    active.set(job.id ?? roomName, room);
    try {
      await room.run();
    } finally {
      active.delete(job.id ?? roomName);
    }
    if (closing) {
      // Interrupted by shutdown while the room goes on: hand the room to another transcriber.
      await job.moveToWait(token);
      log.info('room handed back to the queue');
      throw new WaitingError();
    }
    if (room instanceof AssistantRoomAgent) {
      log.info({ turns: room.turnCount }, 'assistant room finished');
      return { turns: room.turnCount };
    }
    if (recordings) await requestRecordingMix(db, recordings.queue, sessionId, log);
    const segments = await db.transcriptSegment.count({ where: { sessionId } });
    log.info({ segments }, 'room transcription finished');
    return { segments };
  };

  const worker = new Worker(QUEUES.rooms.name, processor, {
    connection: redisConnection(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.TRANSCRIBER_MAX_ROOMS,
    // A crashed transcriber's lock expires within TRANSCRIBER_LOCK_MS; the stalled-job check (run by
    // every transcriber) then puts the room back in the queue and the next free one rejoins.
    lockDuration: config.TRANSCRIBER_LOCK_MS,
    stalledInterval: Math.max(500, Math.floor(config.TRANSCRIBER_LOCK_MS / 4)),
    maxStalledCount: 1000,
  });
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, err: err.message }, 'room job failed'));
  // A lock we could not renew (this process stalled past TRANSCRIBER_LOCK_MS) may already be another
  // transcriber's: leave that room rather than transcribe it twice.
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const id of jobIds) {
      const room = active.get(id);
      if (!room) continue;
      logger.warn({ jobId: id }, 'lost the room lock; leaving the room to its new transcriber');
      void room.stop();
    }
  });
  const onError = opts.onError ?? ((err: unknown, msg: string) => logger.error({ err }, msg));
  worker.on('error', (err) => onError(err, 'room worker error'));

  return {
    worker,
    get activeRooms() {
      return active.size;
    },
    async close() {
      closing = true;
      const closed = worker.close();
      await Promise.all([...active.values()].map((r) => r.stop()));
      await closed;
      await suggestions?.close();
      await recordings?.queue.close();
    },
  };
}
