import { createDb, migrate, type Db } from '@booth/db';
import { startServices } from '../harness/services';
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
