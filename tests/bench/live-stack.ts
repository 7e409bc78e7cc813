import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { createDb, migrate, type Db } from '@booth/db';
import { startServices } from '../harness/services';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * For each benchmark run of the live path: fresh hermetic services (Postgres, Redis, livekit-server),
 * migrations, and the API + transcriber processes with `model`; torn down after `body`.
 */
export async function withLiveStack(
  opts: { model: string; modelsDir: string; vadPath: string },
  body: (ctx: { stack: Stack; db: Db; transcriberPid: number }) => Promise<void>,
): Promise<void> {
  const services = await startServices();
  try {
    Object.assign(process.env, services.env, {
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
      BOOTH_MODELS_DIR: opts.modelsDir,
      SILERO_VAD_PATH: opts.vadPath,
      MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'warn',
    });
    await migrate(services.env.DATABASE_URL!);
    const db = createDb({ url: services.env.DATABASE_URL! });
    const stack = await startStack({ services: ['api', 'transcriber'], env: { WHISPER_MODEL: opts.model } });
    try {
      await body({ stack, db, transcriberPid: stack.procs.find((p) => p.name === 'transcriber')!.proc.pid! });
    } finally {
      await stack.stop();
      await db.$disconnect();
    }
  } finally {
    await services.stop();
  }
}

/**
 * `tracks` publishers (`speaker-<i>`) in fresh call rooms of two speakers each, connected to the
 * harness's livekit-server without subscribing: the load the live benchmarks publish.
 */
export async function connectSpeakers(stack: Stack, tracks: number) {
  const rooms = Math.ceil(tracks / 2);
  const sessions = await Promise.all(Array.from({ length: rooms }, () => stack.createSession('call')));
  const connected = await Promise.all(
    Array.from({ length: tracks }, async (_, i) => {
      const session = sessions[Math.floor(i / 2)]!;
      const identity = `speaker-${i}`;
      const at = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET, { identity });
      at.addGrant({ roomJoin: true, room: session.roomName, canPublish: true, canSubscribe: false });
      const room = new Room();
      await room.connect(process.env.LIVEKIT_URL!, await at.toJwt(), {
        autoSubscribe: false,
        dynacast: false,
      });
      return { room, identity, session };
    }),
  );
  return { rooms, sessions, connected };
}

/** Waits until Booth's transcriber has joined every one of `sessions`' rooms. */
export async function transcriberInEveryRoom(db: Db, sessions: { id: string }[]): Promise<void> {
  await waitUntil(
    'the transcriber in every room',
    async () =>
      (await db.participant.count({
        where: { sessionId: { in: sessions.map((s) => s.id) }, role: 'agent' },
      })) >= sessions.length,
    60_000,
    100,
  );
}
