import { utimes, writeFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** `--check`: load every module, validate the config, then exit 0 without connecting to anything. */
export const isCheckMode = (argv: readonly string[] = process.argv) => argv.includes('--check');

/** Exits 0 after a successful `--check` boot (called once the service's modules are loaded). */
export function exitIfCheckMode(log: Logger, details: Record<string, unknown> = {}): void {
  if (!isCheckMode()) return;
  log.info({ ...details, node: process.version }, 'check passed: modules loaded and configuration valid');
  process.exit(0);
}

export interface RateLimitedLogOptions {
  /** Log the same message at most once per this many ms; the repeats are counted. Default 30 000. */
  intervalMs?: number;
  /** Level for the repeats. Default 'error'. */
  level?: 'error' | 'warn';
}

/**
 * An error logger for connection problems that repeat every few hundred ms during an outage: the first
 * occurrence of a message is logged, later ones once per interval with how many were suppressed.
 */
export function rateLimitedErrorLog(log: Logger, opts: RateLimitedLogOptions = {}) {
  const intervalMs = opts.intervalMs ?? 30_000;
  const level = opts.level ?? 'error';
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (err: unknown, msg: string, fields: Record<string, unknown> = {}) => {
    const key = `${msg}|${JSON.stringify(fields)}|${(err as Error | undefined)?.message ?? String(err)}`;
    const now = Date.now();
    const last = seen.get(key);
    if (last && now - last.at < intervalMs) {
      last.suppressed++;
      return;
    }
    if (seen.size > 100) seen.clear();
    seen.set(key, { at: now, suppressed: 0 });
    log[level]({ ...fields, err, suppressedSinceLast: last?.suppressed ?? 0 }, msg);
  };
}

export interface ReadinessOptions {
  /** Round trips that must succeed before the service counts as ready (Redis PING, Postgres SELECT 1). */
  probes: Record<string, () => Promise<unknown>>;
  /** Touched after every successful round of probes (container healthchecks read its age). */
  healthFile?: string;
  /** Time between probe rounds. Default 5 000 ms. */
  intervalMs?: number;
}

/**
 * Resolves once every probe has answered (retrying each round, errors logged rate-limited), then logs
 * nothing itself: the caller logs "ready". Keeps probing in the background, touching `healthFile`
 * while all probes pass; `stop()` ends that.
 */
export async function waitUntilReady(log: Logger, opts: ReadinessOptions): Promise<{ stop(): void }> {
  const intervalMs = opts.intervalMs ?? 5_000;
  const logError = rateLimitedErrorLog(log, { level: 'warn' });
  const round = async () => {
    for (const [name, probe] of Object.entries(opts.probes)) {
      try {
        await probe();
      } catch (err) {
        logError(err, 'dependency not reachable yet', { dependency: name });
        return false;
      }
    }
    if (opts.healthFile) await touch(opts.healthFile);
    return true;
  };
  while (!(await round())) await new Promise((r) => setTimeout(r, Math.min(intervalMs, 1_000)));
  const timer = setInterval(() => void round(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function touch(file: string) {
  const now = new Date();
  try {
    await utimes(file, now, now);
  } catch {
    await writeFile(file, '');
  }
}

/** Redis round trips on one connection of its own (readiness probes); errors surface as rejections. */
export function redisProbe(url: string): { ping(): Promise<void>; close(): void } {
  const client = new Redis(url, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    lazyConnect: true,
    connectTimeout: 3_000,
  });
  client.on('error', () => undefined);
  return {
    async ping() {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      await client.ping();
    },
    close: () => client.disconnect(),
  };
}
