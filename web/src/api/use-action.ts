import { useState } from 'react';
import { ApiError, asApiError } from './client';

/**
 * A request a button sends (create, resend, save, check): busy while it runs, the API's error, and
 * its answer once it came; `onDone` runs with the answer (a list to reload, say).
 */
export function useAction<T>(onDone?: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [result, setResult] = useState<T | undefined>();
  const run = async (send: () => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      const done = await send();
      setResult(done);
      onDone?.(done);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, result, run };
}
