import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  /** Between checks. Default 200 ms. */
  intervalMs?: number;
  /** Checked first each round: a message means waiting is pointless (the process died). Default none. */
  abortIf?: () => string | undefined;
}

/** Polls `check` until it holds (a throw counts as not yet); throws on timeout or when `abortIf` says so. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  opts: WaitOptions = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = opts.abortIf?.();
    if (reason) throw new Error(reason);
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await sleep(opts.intervalMs ?? 200);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

/** GET `url` answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}
