import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '@booth/db';
import { testModelPaths } from './model-paths';
import { sipUnavailable, startServices } from './services';
import { printMetrics } from './metrics-summary';

/**
 * `npm test` after provisioning (tests/harness/test.sh): start the hermetic services, apply migrations,
 * then run the unit, integration and end-to-end tiers in order with the services' addresses in the env.
 * Usage: tsx tests/harness/run.ts [tier ...]   (default: unit integration fuzz e2e browser sip; sip only
 * where tests/harness/provision-sip.sh succeeded)
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tiers = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['unit', 'integration', 'fuzz', 'e2e', 'browser', 'sip'];

const { shared, modelsDir, sileroPath } = testModelPaths(root);
const audioDir = process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio');

const services = await startServices({ keep: process.env.BOOTH_KEEP_TEST_DIR === 'true' });
let failed = false;
try {
  await migrate(services.env.DATABASE_URL!);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    // Twilio is replaced at the wire by fakes (tests/fakes/twilio-*.ts) that sign and check with these.
    TWILIO_ACCOUNT_SID: process.env.TWILIO_ACCOUNT_SID ?? `AC${'0123456789abcdef'.repeat(2)}`,
    TWILIO_AUTH_TOKEN: process.env.TWILIO_AUTH_TOKEN ?? 'booth-test-twilio-auth-token-0123',
    BOOTH_MODELS_DIR: modelsDir,
    WHISPER_MODEL: process.env.WHISPER_MODEL ?? 'tiny.en',
    SILERO_VAD_PATH: sileroPath,
    BOOTH_AUDIO_DIR: audioDir,
    MODEL_DOWNLOAD: 'false',
    // Recordings of this run's calls, in its own directory (a test may name another).
    RECORDING_DIR: process.env.RECORDING_DIR ?? join(services.env.BOOTH_TEST_DIR!, 'recordings'),
  };
  for (const tier of tiers) {
    const dir = join('tests', tier);
    if (!existsSync(join(root, dir))) continue;
    const sipMissing = tier === 'sip' ? sipUnavailable() : undefined;
    if (sipMissing) {
      process.stdout.write(`\n=== sip tests skipped: ${sipMissing} ===\n`);
      continue;
    }
    process.stdout.write(`\n=== ${tier} tests ===\n`);
    const code = await new Promise<number>((res) => {
      const p = spawn('npx', ['--no-install', 'vitest', 'run', dir], { cwd: root, env, stdio: 'inherit' });
      p.on('exit', (c) => res(c ?? 1));
    });
    if (code !== 0) {
      failed = true;
      process.stdout.write(`\n${tier} tests failed (exit ${code})\n`);
    }
  }
  printMetrics(join(services.dir, 'metrics.jsonl'));
} catch (err) {
  failed = true;
  process.stderr.write(`harness error: ${(err as Error).stack ?? String(err)}\n`);
} finally {
  await services.stop();
}
process.exit(failed ? 1 : 0);
