import type { ApiError } from '../api/client';

/** What a list shows while its first answer is on the way, or when it failed (with a retry). */
export function LoadState({
  loading,
  error,
  reload,
  what,
}: {
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
  what: string;
}) {
  if (error) {
    return (
      <p className="error" role="alert">
        Could not load {what}: {error.message}.{' '}
        <button type="button" onClick={reload}>
          Try again
        </button>
      </p>
    );
  }
  if (loading) return <p className="loading">Loading {what}…</p>;
  return null;
}

/** Per-field messages of a 400 (`venue` → "must …"); the ones about the whole request under `''`. */
export function issuesByField(err: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues) {
    const field = i.path.split('.')[0] ?? '';
    out[field] = out[field] ? `${out[field]}; ${i.message}` : i.message;
  }
  return out;
}
