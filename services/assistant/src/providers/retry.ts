import { ModelUnavailableError } from './errors';

/** The longest `retry-after` a rate-limited request waits before its one retry. */
export const MAX_RETRY_AFTER_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `request`; when it is rate limited (429) with a `retry-after` of at most
 * {@link MAX_RETRY_AFTER_MS}, waits that long and runs it once more. Any other failure, a longer or
 * missing `retry-after`, or a second failure is thrown as is: the admin is waiting, so the caller
 * falls back rather than queueing.
 */
export async function withRateLimitRetry<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    const wait = err instanceof ModelUnavailableError && err.status === 429 ? err.retryAfterMs : undefined;
    if (wait === undefined || wait > MAX_RETRY_AFTER_MS) throw err;
    await sleep(wait);
    return request();
  }
}
