import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** livekit-server --dev on loopback for tests, webhooks to the API under test on `apiPort`. */
async function startTestLivekit(o: {
  bin?: string;
  dir: string;
  /** Config and log file names. */
  name: string;
  apiPort: number;
  udpBase: number;
  env?: NodeJS.ProcessEnv;
}) {
  return startLivekit({
    bin: o.bin ?? join(cacheDir(), 'bin', 'livekit-server'),
    configFile: join(o.dir, `${o.name}.yaml`),
    logFile: join(o.dir, `${o.name}.log`),
    port: await freePort(),
    tcpPort: await freePort(),
    udp: { start: o.udpBase, end: o.udpBase + 99 },
    bindAddresses: ['127.0.0.1'],
    nodeIp: '127.0.0.1',
    apiKey: TEST_LIVEKIT_KEY,
    apiSecret: TEST_LIVEKIT_SECRET,
    webhookUrl: `http://127.0.0.1:${o.apiPort}/webhooks/livekit`,
    emptyTimeoutS: 10,
    departureTimeoutS: 1,
    dev: true,
    ...(o.env ? { env: o.env } : {}),
  });
}

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
    const livekit = await startTestLivekit({
      bin: opts.livekitBin,
      dir,
      name: 'livekit',
      apiPort,
      udpBase: 40000 + Math.floor(Math.random() * 200) * 100,
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

    // A real S3-compatible server (moto, provisioned by scripts/s3/provision.sh) for RECORDING_STORAGE=s3.
    const s3Env: Record<string, string> = {};
    const motoBin = join(process.env.BOOTH_S3_DIR ?? join(cacheDir(), 's3'), 'venv', 'bin', 'moto_server');
    if (existsSync(motoBin)) {
      const s3Port = await freePort();
      const moto: Child = await startChild('moto', motoBin, ['-H', '127.0.0.1', '-p', String(s3Port)], {
        logFile: join(dir, 'moto.log'),
      });
      stoppers.push(moto);
      await waitFor('the S3 server (moto)', () => httpOk(`http://127.0.0.1:${s3Port}/moto-api/data.json`), {
        abortIf: () => (moto.running() ? undefined : `the S3 server exited; see ${moto.logFile}`),
      });
      s3Env.BOOTH_TEST_S3_URL = `http://127.0.0.1:${s3Port}`;
    }

    const env: Record<string, string> = {
      ...llmEnv,
      ...s3Env,
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

/** Where tests/harness/provision-sip.sh put livekit-sip. */
export const livekitSipBin = (): string =>
  process.env.BOOTH_LIVEKIT_SIP_BIN ?? join(cacheDir(), 'bin', 'livekit-sip');

const onPath = (cmd: string): boolean =>
  (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, cmd)));

/** Why the `sip` tier cannot run on this machine (its provisioning failed or never ran), or undefined. */
export function sipUnavailable(): string | undefined {
  if (!existsSync(livekitSipBin())) {
    return `no livekit-sip at ${livekitSipBin()} (tests/harness/provision-sip.sh builds it)`;
  }
  if (!onPath('sipp')) return 'no sipp on PATH (the Debian package sip-tester)';
  return undefined;
}

export interface SipServiceOptions {
  /** Config and log files go here (the harness's BOOTH_TEST_DIR). */
  dir: string;
  /** The harness's Redis: livekit-server and livekit-sip talk over it. */
  redisUrl: string;
  /** Port of the API under test, for this livekit-server's webhooks. */
  apiPort: number;
  livekitBin?: string;
  sipBin?: string;
}

export interface SipServices {
  /** LIVEKIT_URL of the livekit-server livekit-sip works with (for the Booth services under test). */
  livekitUrl: string;
  /** Where livekit-sip takes SIP (UDP and TCP) on the loopback. */
  sip: { host: string; port: number };
  /** livekit-sip's log, for a failing test to point at. */
  sipLog: string;
  stop(): Promise<void>;
}

/**
 * The SIP tier's own LiveKit: a second livekit-server, this one with `redis:` (its SIP API and
 * livekit-sip's dispatch go over Redis), and livekit-sip beside it, SIP on a free loopback port and
 * RTP in a range of its own. Separate from the default livekit-server, which the other tiers share and
 * which stays Redis-free.
 */
export async function startSipServices(opts: SipServiceOptions): Promise<SipServices> {
  const stoppers: { stop(timeoutMs?: number): Promise<unknown> }[] = [];
  const stop = async () => {
    await Promise.all(stoppers.reverse().map((s) => s.stop(10_000)));
  };
  const redis = new URL(opts.redisUrl);
  const redisAddress = `${redis.hostname}:${redis.port || 6379}`;
  try {
    const livekit = await startTestLivekit({
      bin: opts.livekitBin,
      dir: opts.dir,
      name: 'livekit-sip-tier',
      apiPort: opts.apiPort,
      udpBase: 30000 + Math.floor(Math.random() * 100) * 100,
      // livekit-server's --redis-host (config `redis.address`), which livekitConfig does not write.
      env: {
        ...process.env,
        REDIS_HOST: redisAddress,
        ...(redis.password ? { REDIS_PASSWORD: decodeURIComponent(redis.password) } : {}),
      },
    });
    stoppers.push(livekit);

    const sipPort = await freePort();
    const healthPort = await freePort();
    const rtpBase = 20000 + Math.floor(Math.random() * 100) * 100;
    const str = (s: string) => JSON.stringify(s);
    const sipConfig = join(opts.dir, 'livekit-sip.yaml');
    writeFileSync(
      sipConfig,
      [
        `api_key: ${str(TEST_LIVEKIT_KEY)}`,
        `api_secret: ${str(TEST_LIVEKIT_SECRET)}`,
        `ws_url: ${str(livekit.url)}`,
        'redis:',
        `  address: ${str(redisAddress)}`,
        ...(redis.password ? [`  password: ${str(decodeURIComponent(redis.password))}`] : []),
        `sip_port: ${sipPort}`,
        'listen_ip: "127.0.0.1"',
        'nat_1_to_1_ip: "127.0.0.1"',
        `rtp_port: ${rtpBase}-${rtpBase + 99}`,
        `health_port: ${healthPort}`,
        // Two shared cores: the default 0.9 turns calls away while Whisper runs.
        'max_cpu_utilization: 1.0',
        'logging:',
        '  level: debug',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const sipLog = join(opts.dir, 'livekit-sip.log');
    const sip: Child = await startChild(
      'livekit-sip',
      opts.sipBin ?? livekitSipBin(),
      ['--config', sipConfig],
      {
        logFile: sipLog,
      },
    );
    stoppers.push(sip);
    await waitFor(
      'livekit-sip',
      async () => (await fetch(`http://127.0.0.1:${healthPort}/`, { signal: AbortSignal.timeout(2000) })).ok,
      { abortIf: () => (sip.running() ? undefined : `livekit-sip exited at start; see ${sipLog}`) },
    );
    return { livekitUrl: livekit.url, sip: { host: '127.0.0.1', port: sipPort }, sipLog, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
