import { useId, useState, type FormEvent } from 'react';
import { sessionsApi, type SessionView } from '@booth/shared/api';
import { ApiError, asApiError, call } from '../api/client';
import { CallJoinLink } from './call-join-link';
import { CallProblem } from './call-problem';
import { when } from './call-format';

type InviteState = Pick<
  SessionView,
  'id' | 'kind' | 'status' | 'inviteUses' | 'inviteMaxUses' | 'inviteExpiresAt' | 'inviteRevokedAt'
>;

/** A consultation's client invite in words: revoked, expired, or its uses and expiry. */
export function inviteSummary(s: InviteState, now = Date.now()): string {
  if (s.inviteRevokedAt) return `revoked ${when(s.inviteRevokedAt)}`;
  if (s.inviteExpiresAt && new Date(s.inviteExpiresAt).getTime() <= now) return 'expired';
  const usedUp = s.inviteMaxUses !== null && s.inviteUses >= s.inviteMaxUses;
  return `${s.inviteUses}/${s.inviteMaxUses ?? '∞'} uses${usedUp ? ' (used up)' : ''}${
    s.inviteExpiresAt ? `, until ${when(s.inviteExpiresAt)}` : ''
  }`;
}

/**
 * A consultation's invite: its state, and while the consultation is open, Revoke (no more client
 * tokens from it) and New invite with optional bounds (max uses, hours valid), whose link is shown once.
 */
export function CallInvite({
  session,
  onChanged,
  labelled = true,
}: {
  session: InviteState;
  onChanged: () => void;
  /** Whether to say "Client invite:" first (not where a column heading says it). */
  labelled?: boolean;
}) {
  const ids = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [link, setLink] = useState<string | undefined>();
  if (session.kind !== 'consultation') return null;
  const expired = !!session.inviteExpiresAt && new Date(session.inviteExpiresAt).getTime() <= Date.now();
  const open = session.status !== 'ended';

  const act = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      onChanged();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const revoke = () =>
    act(async () => {
      await call(sessionsApi.revokeInvite, { params: { id: session.id } });
      setLink(undefined);
    });
  const renew = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const maxUses = String(form.get('maxUses') ?? '').trim();
    const hours = String(form.get('hours') ?? '').trim();
    const body = {
      ...(maxUses ? { maxUses: Number(maxUses) } : {}),
      ...(hours ? { expiresAt: new Date(Date.now() + Number(hours) * 3_600_000).toISOString() } : {}),
    };
    void act(async () => {
      const fresh = await call(sessionsApi.createInvite, { params: { id: session.id }, body });
      setLink(fresh.joinUrl);
    });
  };

  return (
    <div className="call-invite">
      <p>
        {labelled && <span className="hint">Client invite: </span>}
        {inviteSummary(session)}
      </p>
      {open && (
        <div className="call-invite-actions">
          {!session.inviteRevokedAt && !expired && (
            <button type="button" disabled={busy} onClick={() => void revoke()}>
              Revoke
            </button>
          )}
          <form className="call-invite-form" onSubmit={renew}>
            <label htmlFor={`${ids}-uses`}>Max uses</label>
            <input id={`${ids}-uses`} name="maxUses" type="number" min={1} max={1000} inputMode="numeric" />
            <label htmlFor={`${ids}-hours`}>Valid hours</label>
            <input id={`${ids}-hours`} name="hours" type="number" min={1} max={720} inputMode="numeric" />
            <button type="submit" disabled={busy}>
              New invite
            </button>
          </form>
        </div>
      )}
      {link && <CallJoinLink url={link} onDismiss={() => setLink(undefined)} />}
      <CallProblem error={error} what="The invite could not be changed" />
    </div>
  );
}
