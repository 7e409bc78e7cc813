import { useCallback, useEffect, useState } from 'react';
import type { Endpoint, RequestOf, ResponseOf } from '@booth/shared/api';
import { ApiError, asApiError, call } from './client';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again (after a change, or when a live event says the data moved). */
  reload: () => void;
}

/**
 * The answer of a GET endpoint for `req`, fetched on mount and whenever `req` changes (compared by
 * value), with the previous data kept while a reload runs. An answer that arrives after a newer
 * request started is dropped.
 */
export function useApi<E extends Endpoint>(e: E, req: RequestOf<E>): ApiState<ResponseOf<E>> {
  const key = JSON.stringify(req);
  const [state, setState] = useState<{ data?: ResponseOf<E>; error?: ApiError; loading: boolean }>({
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    call(e, JSON.parse(key) as RequestOf<E>, { signal: abort.signal }).then(
      (data) => setState({ data, loading: false }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const error = asApiError(err);
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => abort.abort();
  }, [e, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
