import { useEffect, useId, useState, type FormEvent } from 'react';
import { contractSigningApi, type ContractToSign } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { CallProblem } from '../components/call-problem';
import { formatTime, money } from '../components/crm-format';
import { useLocation } from '../router';
import '../styles/sign.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'invalid' }
  | { state: 'unreachable' }
  | { state: 'ready'; contract: ContractToSign };

/** The contract behind a signing link (GET /api/sign/:id?code=…). */
function useContractToSign(id: string, code: string): [Loaded, (c: ContractToSign) => void, () => void] {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    call(contractSigningApi.view, { params: { id }, query: { code } }, { signal: abort.signal }).then(
      (contract) => setLoaded({ state: 'ready', contract }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const refused = err instanceof ApiError && err.status >= 400 && err.status < 500;
        setLoaded({ state: refused ? 'invalid' : 'unreachable' });
      },
    );
    return () => abort.abort();
  }, [id, code, attempt]);
  return [loaded, (contract) => setLoaded({ state: 'ready', contract }), () => setAttempt((a) => a + 1)];
}

/**
 * The client's signing page (`/sign/:id?code=…`, no sign-in): what they sign and for how much, and
 * their signature as their typed name; afterwards who signed and when.
 */
export function SignPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const code = useLocation().query.get('code') ?? '';
  const [loaded, setContract, retry] = useContractToSign(id, code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const nameId = useId();
  useEffect(() => {
    document.title = 'Sign your contract · Booth';
  }, []);

  if (loaded.state === 'loading') return <p className="loading">Opening your contract…</p>;
  if (loaded.state === 'unreachable') {
    return (
      <section className="sign-page">
        <h1>Booth cannot be reached</h1>
        <p>Check your internet connection, then try again.</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </section>
    );
  }
  if (loaded.state === 'invalid') {
    return (
      <section className="sign-page">
        <h1>This link is not valid</h1>
        <p>It may have been replaced by a newer one. Ask for the contract to be sent again.</p>
      </section>
    );
  }
  const c = loaded.contract;
  const sign = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    setBusy(true);
    setError(undefined);
    call(contractSigningApi.sign, { params: { id }, body: { code, name } })
      .then(setContract, (err: unknown) =>
        setError(err instanceof ApiError ? err : new ApiError(0, 'Booth cannot be reached')),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section className="sign-page" aria-labelledby="sign-heading">
      <h1 id="sign-heading">{c.title}</h1>
      <p>
        From {c.businessName}, for {c.clientName}: <strong>{money(c.amountCents)}</strong>
      </p>
      {c.status === 'signed' ? (
        <p className="sign-done" role="status">
          Signed by {c.signedName ?? c.clientName}
          {c.signedAt && ` on ${formatTime(c.signedAt)}`}. Thank you!
        </p>
      ) : c.status === 'cancelled' ? (
        <p className="error">This contract was cancelled.</p>
      ) : (
        <form onSubmit={sign} aria-label="Sign the contract">
          <label htmlFor={nameId}>Type your full name to sign</label>
          <input id={nameId} name="name" required minLength={2} maxLength={120} autoComplete="name" />
          <p className="hint">By signing you agree to this contract with {c.businessName}.</p>
          <button type="submit" className="live-primary" disabled={busy}>
            Sign
          </button>
          <CallProblem error={error} what="It could not be signed" />
        </form>
      )}
    </section>
  );
}
