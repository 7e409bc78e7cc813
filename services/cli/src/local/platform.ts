import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startChild, type Child, type Exit } from './child';
import { startLivekit, type Livekit } from './livekit';
import { formatLogLine } from './log-lines';
import { portInUse } from './ports';
import { postgresSystemUser, startPostgres, type Postgres } from './postgres';
import { startRedis, type RedisServer } from './redis';
import { clearRunState, processStartTime, reclaim, writeRunState, type RunState } from './run-state';
import { loadSecrets, SECRETS_FILE, type Secrets } from './secrets';
import type { StartSettings } from './start-settings';
import { httpOk, waitFor } from './wait';

/** The repository root: services run from their sources, as in the Docker image. */
const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

export const SERVICES = ['api', 'worker', 'transcriber', 'telephony'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PlatformOptions {
  settings: StartSettings;
  /** Status lines for the user. */
  say: (line: string) => void;
  /** Services' output lines for the terminal (already formatted). Default `say`. */
  echo?: (line: string) => void;
  /** The environment the services inherit (LLM_PROVIDER, WHISPER_MODEL, LOG_LEVEL...). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long the API may take to answer /healthz (it migrates the database first). Default 120 s. */
  healthTimeoutMs?: number;
  /** Aborts a start in progress (Ctrl-C while starting); what was started is stopped. */
  signal?: AbortSignal;
}

export interface Platform {
  /** The dashboard, as this box's own browser reaches it. */
  dashboardUrl: string;
  dataDir: string;
  secrets: Secrets;
  /** Whether this start created the data directory's secrets (the first start). */
  firstStart: boolean;
  /** Every process started, by name (pids.json holds the same). */
  children: Child[];
  /** Resolves when a service or server exits on its own (a crash): the supervisor then stops the rest. */
  crashed: Promise<{ name: string; exit: Exit }>;
  /**
   * Services first (SIGTERM: each drains and exits), then livekit-server, Redis and Postgres (fast
   * shutdown). `clean`: everything exited 0 without being killed.
   */
  stop(): Promise<{ clean: boolean; problems: string[] }>;
}

const loopbackFor = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/** Port conflicts up front, named by the variable that moves each one. */
async function checkPorts(s: StartSettings): Promise<void> {
  const lkHost = s.livekitBind?.[0] ?? '0.0.0.0';
  const wanted: [string, number, string][] = [
    ['API_PORT', s.apiPort, s.apiHost],
    ['TELEPHONY_PORT', s.telephonyPort, s.apiHost],
    ['BOOTH_PG_PORT', s.pgPort, '127.0.0.1'],
    ['BOOTH_REDIS_PORT', s.redisPort, '127.0.0.1'],
    ['BOOTH_LIVEKIT_PORT', s.livekitPort, lkHost],
    ['BOOTH_LIVEKIT_TCP_PORT', s.livekitTcpPort, lkHost],
  ];
  const busy: string[] = [];
  for (const [key, port, host] of wanted) {
    if (await portInUse(port, host)) busy.push(`${key}=${port} is in use on ${host}`);
  }
  if (busy.length) throw new Error(`ports taken (set another port):\n  ${busy.join('\n  ')}`);
}

/**
 * The whole platform on this box without Docker, with all its state under `settings.dataDir`:
 * Postgres (persistent, password auth), Redis (AOF, noeviction), livekit-server (generated keys), then
 * the api, worker, transcriber and telephony bridge as child processes with the environment they need.
 * Resolves once the API answers /healthz. Each process runs in its own process group, so Ctrl-C
 * reaches only the caller, which stops them in order with {@link Platform.stop}.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const s = opts.settings;
  const dir = s.dataDir;
  const say = opts.say;
  const echo = opts.echo ?? say;
  const baseEnv = opts.env ?? process.env;
  // Every child carries BOOTH_DATA_DIR in its environment: which data directory a process belongs to.
  const childEnv: NodeJS.ProcessEnv = { ...baseEnv, BOOTH_DATA_DIR: dir };

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // As root, Postgres runs as the postgres user, who must be able to pass through the data directory.
  if (postgresSystemUser()) chmodSync(dir, (statSync(dir).mode & 0o7777) | 0o711);
  const stale = await reclaim(dir);
  if (stale.length) say(`stopped what a previous run left running: ${stale.join(', ')}`);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true, mode: 0o700 });
  const { secrets, created } = loadSecrets(dir, baseEnv);
  if (created) say(`first start: generated ${join(dir, SECRETS_FILE)}`);
  await checkPorts(s);

  const state: RunState = { supervisor: process.pid, children: [] };
  const children: Child[] = [];
  const record = (c: Child) => {
    children.push(c);
    state.children.push({ name: c.name, pid: c.pid, started: processStartTime(c.pid) });
    writeRunState(dir, state);
  };
  writeRunState(dir, state);

  let stopping = false;
  let pg: Postgres | undefined;
  let redis: RedisServer | undefined;
  let livekit: Livekit | undefined;
  const services: Child[] = [];
  const stop = async () => {
    stopping = true;
    const problems: string[] = [];
    // Exiting on the stop signal itself is a clean stop too: a service still loading has no handler yet.
    const note = (name: string, exit: Exit, stopSignal: NodeJS.Signals = 'SIGTERM') => {
      if (exit.killed) problems.push(`${name} did not stop in time and was killed`);
      else if (exit.code !== 0 && exit.signal !== stopSignal) {
        problems.push(`${name} exited with ${exit.code ?? exit.signal}`);
      }
    };
    const drainMs = Number(baseEnv.SHUTDOWN_TIMEOUT_MS || 30_000) + 10_000;
    await Promise.all(services.map(async (c) => note(c.name, await c.stop(drainMs))));
    if (livekit) note('livekit', await livekit.child.stop((s.departureTimeoutS + 30) * 1000));
    if (redis) note('redis', await redis.child.stop(30_000));
    if (pg) note('postgres', await pg.child.stop(60_000), 'SIGINT');
    clearRunState(dir);
    return { clean: problems.length === 0, problems };
  };
  const aborted = () => (opts.signal?.aborted ? 'interrupted' : undefined);

  try {
    say(`postgres    127.0.0.1:${s.pgPort}  (${join(dir, 'postgres')})`);
    pg = await startPostgres({
      dataDir: join(dir, 'postgres'),
      port: s.pgPort,
      logFile: join(logs, 'postgres.log'),
      password: secrets.POSTGRES_PASSWORD,
      ownProcessGroup: true,
      env: childEnv,
    });
    record(pg.child);
    pg.ensureDatabase('booth');
    if (aborted()) throw new Error('interrupted');

    say(`redis       127.0.0.1:${s.redisPort}  (append-only file in ${join(dir, 'redis')})`);
    redis = await startRedis({
      dir: join(dir, 'redis'),
      port: s.redisPort,
      logFile: join(logs, 'redis.log'),
      password: secrets.REDIS_PASSWORD,
      ownProcessGroup: true,
      env: childEnv,
    });
    record(redis.child);
    if (aborted()) throw new Error('interrupted');

    const lkHost = s.livekitBind?.[0] ?? '0.0.0.0';
    say(
      `livekit     ${hostPort(lkHost, s.livekitPort)}  (rtc tcp ${s.livekitTcpPort}, udp ${s.livekitUdpPort})`,
    );
    livekit = await startLivekit({
      bin: s.livekitBin,
      configFile: join(dir, 'livekit.yaml'),
      logFile: join(logs, 'livekit.log'),
      port: s.livekitPort,
      tcpPort: s.livekitTcpPort,
      udp: { port: s.livekitUdpPort },
      bindAddresses: s.livekitBind,
      nodeIp: s.livekitNodeIp,
      apiKey: secrets.LIVEKIT_API_KEY,
      apiSecret: secrets.LIVEKIT_API_SECRET,
      webhookUrl: `http://${hostPort(loopbackFor(s.apiHost), s.apiPort)}/webhooks/livekit`,
      departureTimeoutS: s.departureTimeoutS,
      ownProcessGroup: true,
      env: childEnv,
    });
    record(livekit.child);

    const browserHost = lkHost === '0.0.0.0' || lkHost === '::' ? 'localhost' : lkHost;
    const env: NodeJS.ProcessEnv = {
      ...childEnv,
      NODE_ENV: baseEnv.NODE_ENV || 'development',
      DATABASE_URL: pg.url('booth'),
      REDIS_URL: redis.url,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: secrets.LIVEKIT_API_KEY,
      LIVEKIT_API_SECRET: secrets.LIVEKIT_API_SECRET,
      PUBLIC_LIVEKIT_URL:
        baseEnv.PUBLIC_LIVEKIT_URL ||
        (baseEnv.BOOTH_HOST ? '' : `ws://${hostPort(browserHost, s.livekitPort)}`),
      SESSION_SECRET: secrets.SESSION_SECRET,
      API_HOST: s.apiHost,
      API_PORT: String(s.apiPort),
      // The telephony bridge beside the API; the API asks its /healthz before streaming a call to it.
      TELEPHONY_HOST: s.apiHost,
      TELEPHONY_PORT: String(s.telephonyPort),
      TELEPHONY_URL: `http://${hostPort(loopbackFor(s.apiHost), s.telephonyPort)}`,
      BOOTH_ADMIN_EMAIL: secrets.BOOTH_ADMIN_EMAIL,
      BOOTH_ADMIN_PASSWORD: secrets.BOOTH_ADMIN_PASSWORD,
      BOOTH_MODELS_DIR: baseEnv.BOOTH_MODELS_DIR || join(dir, 'models'),
      // One directory the transcriber records to, the worker mixes in and the API serves from.
      RECORDING_DIR: baseEnv.RECORDING_DIR || join(dir, 'recordings'),
      MODEL_DOWNLOAD: baseEnv.MODEL_DOWNLOAD || 'true',
    };
    const startService = async (name: ServiceName) => {
      const c = await startChild(
        name,
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'services', name, 'src', 'main.ts')],
        {
          cwd: ROOT,
          env,
          logFile: join(logs, `${name}.log`),
          ownProcessGroup: true,
          onLine:
            s.terminalLogs === 'none'
              ? undefined
              : (line) => {
                  const shown = formatLogLine(name, line, s.terminalLogs as 'pretty' | 'json');
                  if (shown !== undefined) echo(shown);
                },
        },
      );
      services.push(c);
      record(c);
      return c;
    };

    const api = await startService('api');
    const apiBase = `http://${hostPort(loopbackFor(s.apiHost), s.apiPort)}`;
    await waitFor('the API (/healthz)', () => httpOk(`${apiBase}/healthz`), {
      timeoutMs: opts.healthTimeoutMs ?? 120_000,
      intervalMs: 250,
      abortIf: () => aborted() ?? (api.running() ? undefined : `the api exited at start; see ${api.logFile}`),
    });
    await startService('worker');
    await startService('transcriber');
    await startService('telephony');
  } catch (err) {
    await stop();
    throw err;
  }

  const crashed = new Promise<{ name: string; exit: Exit }>((resolveCrash) => {
    for (const c of children) {
      void c.exited.then((exit) => {
        if (!stopping) resolveCrash({ name: c.name, exit });
      });
    }
  });
  const dashboardHost = s.apiHost === '0.0.0.0' || s.apiHost === '::' ? 'localhost' : s.apiHost;
  return {
    dashboardUrl: baseEnv.PUBLIC_URL || `http://${hostPort(dashboardHost, s.apiPort)}`,
    dataDir: dir,
    secrets,
    firstStart: created,
    children,
    crashed,
    stop,
  };
}
