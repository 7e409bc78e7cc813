import { useEffect, useState, type FormEvent } from 'react';
import { MIN_ADMIN_PASSWORD, authApi } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { useLocation } from '../router';

/**
 * First-admin setup (`/setup#token=…`, the link the API logs while no admin exists): creates the
 * owner with the token from the fragment (never sent in a URL to the server), then opens the dashboard.
 */
export function SetupPage() {
  const { hash } = useLocation();
  const token = new URLSearchParams(hash).get('token') ?? '';
  const [error, setError] = useState(token ? '' : 'This page needs the setup link printed in the API log.');
  useEffect(() => {
    void call(authApi.setupStatus, {})
      .then((s) => {
        if (!s.needed) window.location.replace('/');
      })
      .catch(() => undefined);
  }, []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    try {
      await call(authApi.setup, {
        body: {
          token,
          email: String(form.get('email') ?? ''),
          password: String(form.get('password') ?? ''),
          ...(name ? { name } : {}),
        },
      });
      window.location.replace('/');
    } catch (err) {
      const issue = err instanceof ApiError ? err.issues[0] : undefined;
      setError(
        issue ? `${issue.path}: ${issue.message}` : err instanceof Error ? err.message : 'Setup failed',
      );
    }
  };
  return (
    <main className="narrow">
      <form id="setup" className="stack" onSubmit={(e) => void submit(e)}>
        <h1>Set up Booth</h1>
        <p>Create the owner account. You can add more admins later with the CLI.</p>
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Name <input name="name" autoComplete="name" />
        </label>
        <label>
          Password (at least {MIN_ADMIN_PASSWORD} characters)
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_ADMIN_PASSWORD}
            required
          />
        </label>
        <button type="submit">Create the owner account</button>
        <p className="error" id="setup-error" role="alert">
          {error}
        </p>
      </form>
    </main>
  );
}
