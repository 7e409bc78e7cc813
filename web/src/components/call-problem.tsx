import type { ApiError } from '../api/client';

/** A failed request as the page shows it: the API's message and, for a 400, what was wrong with each field. */
export function CallProblem({ error, what }: { error: ApiError | Error | undefined; what?: string }) {
  if (!error) return null;
  const issues = 'issues' in error ? error.issues : [];
  return (
    <div className="error" role="alert">
      <p>
        {what ? `${what}: ` : ''}
        {error.message}
      </p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path ? `${i.path}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
