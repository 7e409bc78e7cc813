import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cacheDir,
  freePort,
  httpOk,
  startChild,
  startLivekit,
  startPostgres,
  startRedis,
  waitFor,
  type Child,
} from '@booth/cli/src/local';

export { freePort };

/**
 * Hermetic test services: a throwaway Postgres cluster, a redis-server and a livekit-server, each on a
 * free loopback port, started as local processes (no Docker) by the same code as `npm start`
 * (services/cli/src/local), in their throwaway form: a temp dir, trust auth, fsync off, no AOF.
 * Used by `npm test` and `npm run bench`.
 */
export interface ServiceOptions {
  /** Where livekit-server was installed by tests/harness/test.sh. Default $BOOTH_CACHE_DIR/bin/livekit-server. */
  livekitBin?: string;
  /** Port the API under test will listen on, for LiveKit's webhook URL. Default: a free port. */
  apiPort?: number;
  /** Keep the data directory after stop (debugging). Default false. */
  keep?: boolean;
}

export interface Services {
  env: Record<string, string>;
  apiPort: number;
  dir: string;
  stop(): Promise<void>;
}

export { cacheDir };

export const TEST_LIVEKIT_KEY = 'devkey';
export const TEST_LIVEKIT_SECRET = 'booth-test-livekit-secret-0123456789abcdef';

export async function startServices(opts: ServiceOptions = {}): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'booth-test-'));
  chmodSync(dir, 0o777);
  const stoppers: { stop(timeoutMs?: number): Promise<unknown> }[] = [];
  const stop = async () => {
    await Promise.all(stoppers.reverse().map((s) => s.stop(10_000)));
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pg = await startPostgres({
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      logFile: join(dir, 'postgres.log'),
      durable: false,
      socketDir: dir,
    });
    stoppers.push(pg);
    pg.ensureDatabase('booth');

    const redis = await startRedis({
      dir,
      port: await freePort(),
      logFile: join(dir, 'redis.log'),
      persistent: false,
    });
    stoppers.push(redis);

    // livekit-server --dev on loopback, webhooks to the API under test.
    const apiPort = opts.apiPort ?? (await freePort());
    const udpBase = 40000 + Math.floor(Math.random() * 200) * 100;
    const livekit = await startLivekit({
      bin: opts.livekitBin ?? join(cacheDir(), 'bin', 'livekit-server'),
      configFile: join(dir, 'livekit.yaml'),
      logFile: join(dir, 'livekit.log'),
      port: await freePort(),
      tcpPort: await freePort(),
      udp: { start: udpBase, end: udpBase + 99 },
      bindAddresses: ['127.0.0.1'],
      nodeIp: '127.0.0.1',
      apiKey: TEST_LIVEKIT_KEY,
      apiSecret: TEST_LIVEKIT_SECRET,
      webhookUrl: `http://127.0.0.1:${apiPort}/webhooks/livekit`,
      emptyTimeoutS: 10,
      departureTimeoutS: 1,
      dev: true,
    });
    stoppers.push(livekit);

    // The small real LLM behind llama.cpp's OpenAI-compatible server (provisioned by provision.sh).
    const llmDir = process.env.BOOTH_LLM_DIR ?? join(cacheDir(), 'llm');
    const llmPython = join(llmDir, 'venv', 'bin', 'python');
    const llmModel = join(llmDir, 'models', 'smollm2-135m-instruct-q4_1.gguf');
    const llmEnv: Record<string, string> = {};
    if (existsSync(llmPython) && existsSync(llmModel)) {
      const llmPort = await freePort();
      const serve = join(import.meta.dirname, '..', '..', 'scripts', 'llm', 'serve.py');
      const llm: Child = await startChild('llm', llmPython, [serve, llmModel, String(llmPort), 'smollm2'], {
        logFile: join(dir, 'llm.log'),
      });
      stoppers.push(llm);
      await waitFor('the LLM server', () => httpOk(`http://127.0.0.1:${llmPort}/health`), {
        abortIf: () => (llm.running() ? undefined : `the LLM server exited; see ${llm.logFile}`),
      });
      llmEnv.BOOTH_TEST_LLM_URL = `http://127.0.0.1:${llmPort}/v1`;
      llmEnv.BOOTH_TEST_LLM_MODEL = 'smollm2';
    }

    const env: Record<string, string> = {
      ...llmEnv,
      DATABASE_URL: pg.url('booth'),
      REDIS_URL: redis.url,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
      LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET,
      BOOTH_TEST_API_PORT: String(apiPort),
      BOOTH_TEST_DIR: dir,
    };
    return { env, apiPort, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
