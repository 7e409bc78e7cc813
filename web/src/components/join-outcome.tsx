import type { ReactNode } from 'react';

/** The join page when there is nothing to join (`h1#join-ended`, `h1#join-invalid`) or the client left. */
export function JoinEnded() {
  return (
    <section className="join-outcome">
      <h1 id="join-ended">This consultation has ended</h1>
      <p>Thank you for your time. If there is anything else, just get in touch with us.</p>
    </section>
  );
}

export function JoinInvalid({ detail }: { detail?: string }) {
  return (
    <section className="join-outcome">
      <h1 id="join-invalid">This link is not valid</h1>
      <p>{detail ?? 'The link may be mistyped, or it has been replaced by a newer one.'}</p>
      <p>Please ask us for a new link.</p>
    </section>
  );
}

export function JoinLeft({ children }: { children?: ReactNode }) {
  return (
    <section className="join-outcome">
      <h1 id="join-left">You left the consultation</h1>
      {children}
    </section>
  );
}
