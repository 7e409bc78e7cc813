import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServiceProcess {
  name: string;
  proc: ChildProcess;
  logPath: string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** The services that run as processes of their own (`services/<name>/src/main.ts`). */
export type ServiceName = 'api' | 'worker' | 'transcriber' | 'telephony';

/** Starts one of our services (`services/<name>/src/main.ts`) as a real child process. */
export function startService(name: ServiceName, env: NodeJS.ProcessEnv, logDir: string) {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${name}-${process.pid}-${Date.now()}.log`);
  const out = openSync(logPath, 'a');
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'services', name, 'src', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  const svc: ServiceProcess = {
    name,
    proc,
    logPath,
    async stop(timeoutMs = 30_000) {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
  return svc;
}

/** Polls `check` until it returns a value (not undefined/false) or the timeout passes. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`,
  );
}

/**
 * Polls `read` until `ready(value)` holds and `size(value)` has stayed the same for `quietMs`: for
 * results that trickle in with no end marker (finals queued behind each other under load). Resolves
 * with the value and the wall-clock ms when it last changed.
 */
export async function waitUntilSettled<T>(
  what: string,
  read: () => Promise<T>,
  opts: { size: (v: T) => number; ready: (v: T) => boolean; quietMs: number; timeoutMs: number },
): Promise<{ value: T; changedAt: number }> {
  let last = -1;
  let changedAt = Date.now();
  const value = await waitUntil(
    what,
    async () => {
      const v = await read();
      if (opts.size(v) !== last) [last, changedAt] = [opts.size(v), Date.now()];
      return opts.ready(v) && Date.now() - changedAt > opts.quietMs ? v : undefined;
    },
    opts.timeoutMs,
    250,
  );
  return { value, changedAt };
}
