import type { Logger } from 'pino';

export interface ShutdownOptions {
  /** How long draining may take before the process exits anyway. Default 30 000 ms. */
  timeoutMs?: number;
  /** Exit the process when done. Default true. */
  exit?: boolean;
}

/**
 * SIGTERM/SIGINT → stop taking work → drain (the callback) with a timeout → exit.
 * Returns a function that triggers the same path programmatically (used by tests).
 */
export function onShutdown(
  log: Logger,
  drain: () => Promise<void>,
  opts: ShutdownOptions = {},
): () => Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let started: Promise<void> | undefined;
  const run = (signal: string) => {
    started ??= (async () => {
      log.info({ signal, timeoutMs }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref();
      });
      const outcome = await Promise.race([
        drain().then(
          () => 'drained' as const,
          (err: unknown) => {
            log.error({ err }, 'drain failed');
            return 'error' as const;
          },
        ),
        timeout,
      ]);
      clearTimeout(timer);
      log.info({ outcome }, 'shutdown complete');
      if (opts.exit ?? true) process.exit(outcome === 'drained' ? 0 : 1);
    })();
    return started;
  };
  process.once('SIGTERM', () => void run('SIGTERM'));
  process.once('SIGINT', () => void run('SIGINT'));
  return () => run('manual');
}
