import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useSession } from '../session';

/** The sign-in form (`#login`), shown for every dashboard page while signed out. */
export function LoginPage() {
  const { signIn } = useSession();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError('');
    try {
      await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="narrow">
      <form id="login" className="stack" onSubmit={(e) => void submit(e)}>
        <h1>Sign in to Booth</h1>
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p className="error" id="login-error" role="alert">
          {error}
        </p>
      </form>
    </main>
  );
}
