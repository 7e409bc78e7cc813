import type { ApiError } from './client';

/**
 * The status line under a button's request (useAction): the API's error, else what the answer says
 * (`done`), else `idle`.
 */
export function ActionStatus<T>({
  action,
  done,
  idle = '',
}: {
  action: { error: ApiError | undefined; result: T | undefined };
  done: (result: T) => string;
  idle?: string;
}) {
  return (
    <p role="status" className="hint">
      {action.error ? action.error.message : action.result !== undefined ? done(action.result) : idle}
    </p>
  );
}
