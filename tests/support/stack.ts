import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUES, redisConnection } from '@booth/shared';
import { freePort } from '../harness/services';
import { startService, waitUntil, type ServiceName, type ServiceProcess } from './processes';

/**
 * The Booth services (api, worker, transcriber, and the telephony bridge when asked) as real processes
 * against the harness's Postgres, Redis and livekit-server, plus an admin client for the API. Shared by
 * the e2e tests and benchmarks.
 */
export interface StackOptions {
  /** Extra environment for every service (LLM settings, model choice...). */
  env?: NodeJS.ProcessEnv;
  /**
   * Which services to start. Default api, worker and transcriber; 'telephony' adds the Twilio Media
   * Streams bridge on a free port (TELEPHONY_PORT), which the API then checks (TELEPHONY_URL).
   */
  services?: ServiceName[];
}

export interface Stack {
  api: string;
  /** The telephony bridge (http://127.0.0.1:<port>; media streams at ws://…/twilio/media), when started. */
  telephony?: string;
  /** The admin the stack signs in as (created at the API's first start). */
  admin: { email: string; password: string };
  procs: ServiceProcess[];
  prefix: string;
  /** Cookie-authenticated JSON request to the API; throws on non-2xx. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  createSession(kind: 'call' | 'consultation'): Promise<{ id: string; roomName: string }>;
  adminToken(roomName: string): Promise<{ token: string; url: string; identity: string }>;
  /** Starts one more instance of a service with the stack's environment (e.g. a second transcriber). */
  startAnother(name: 'worker' | 'transcriber'): ServiceProcess;
  stop(): Promise<(number | null)[]>;
}

/** Cookie-authenticated JSON requests to the API at `api`; throws on non-2xx with the status and body. */
export function jsonClient(api: string, cookie: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const env = process.env;
  const apiPort = Number(env.BOOTH_TEST_API_PORT);
  const api = `http://127.0.0.1:${apiPort}`;
  const logDir = join(env.BOOTH_TEST_DIR ?? '/tmp', 'service-logs');
  mkdirSync(logDir, { recursive: true });
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const admin = {
    email: `admin-${randomBytes(4).toString('hex')}@booth.test`,
    password: 'stack-password-123',
  };
  const wanted = opts.services ?? ['api', 'worker', 'transcriber'];
  const telephonyPort = wanted.includes('telephony') ? await freePort() : undefined;
  const telephony = telephonyPort ? `http://127.0.0.1:${telephonyPort}` : undefined;
  const svcEnv: NodeJS.ProcessEnv = {
    ...env,
    ...(telephonyPort
      ? {
          TELEPHONY_PORT: String(telephonyPort),
          TELEPHONY_HOST: '127.0.0.1',
          TELEPHONY_URL: telephony,
          // What the reverse proxy's wss://BOOTH_HOST/twilio/media reaches, without the proxy.
          TELEPHONY_STREAM_URL: `ws://127.0.0.1:${telephonyPort}/twilio/media`,
        }
      : {}),
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    QUEUE_PREFIX: prefix,
    BOOTH_ADMIN_EMAIL: admin.email,
    BOOTH_ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'info',
    ...opts.env,
  };
  const procs: ServiceProcess[] = [];
  const stop = () => Promise.all(procs.map((p) => p.stop()));
  try {
    procs.push(startService('api', svcEnv, logDir));
    await waitUntil('API /healthz', async () => (await fetch(`${api}/healthz`)).ok, 60_000, 250);
    for (const name of wanted.filter((s) => s !== 'api')) procs.push(startService(name, svcEnv, logDir));
    if (telephony) {
      await waitUntil(
        'telephony /healthz',
        async () => (await fetch(`${telephony}/healthz`)).ok,
        60_000,
        250,
      );
    }
    const connection = redisConnection(env.REDIS_URL!);
    const queues = [
      ...(wanted.includes('transcriber') ? [QUEUES.rooms.name] : []),
      ...(wanted.includes('worker') ? [QUEUES.analysis.name] : []),
    ];
    for (const q of queues) {
      const queue = new Queue(q, { connection, prefix });
      await waitUntil(`a ${q} worker`, async () => (await queue.getWorkers()).length > 0, 180_000, 250);
      await queue.close();
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const login = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

  const request = jsonClient(api, cookie);
  return {
    api,
    telephony,
    admin,
    procs,
    prefix,
    request,
    createSession: (kind) => request('POST', '/api/sessions', { kind }),
    adminToken: (roomName) => request('POST', '/api/livekit/token', { roomName }),
    startAnother(name) {
      const p = startService(name, svcEnv, logDir);
      procs.push(p);
      return p;
    },
    stop,
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident and peak memory of a process, from /proc (Linux). */
export function processMemory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}
