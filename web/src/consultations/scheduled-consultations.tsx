import { useState } from 'react';
import { consultationsApi, sessionsApi, type ConsultationView } from '@booth/shared/api';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';
import { inviteSummary } from '../components/call-invite';
import { callPath, when } from '../components/call-format';
import { CallProblem } from '../components/call-problem';
import { LoadState } from '../components/crm-feedback';
import { Link } from '../router';
import { ConsultationDeliveries } from './consultation-deliveries';
import { ConsultationResend } from './consultation-resend';

/** One scheduled consultation: when, with whom, its invite's state and sendings; open, resend, revoke. */
function ScheduledConsultation({
  c,
  showContact,
  onChanged,
}: {
  c: ConsultationView;
  showContact: boolean;
  onChanged: () => void;
}) {
  const [resending, setResending] = useState(false);
  const revoking = useAction(onChanged);
  const revoke = () => revoking.run(() => call(sessionsApi.revokeInvite, { params: { id: c.id } }));
  return (
    <li className="scheduled-consultation" data-row-id={c.id}>
      <p>
        <Link to={callPath(c.id)}>{when(c.scheduledAt)}</Link>
        {showContact && c.contact && (
          <>
            {' · '}
            <Link to={`/contacts/${c.contact.id}`}>{c.contact.name}</Link>
          </>
        )}{' '}
        <span className="hint">invite {inviteSummary(c)}</span>
      </p>
      {resending ? (
        // The resend form's answer shows what it sent; the earlier sendings come back with Done.
        <ConsultationResend consultation={c} onSent={onChanged} onCancel={() => setResending(false)} />
      ) : (
        <>
          <ConsultationDeliveries deliveries={c.deliveries} />
          <p className="consultation-actions">
            <button type="button" onClick={() => setResending(true)}>
              Resend
            </button>{' '}
            {!c.inviteRevokedAt && (
              <button type="button" onClick={() => void revoke()}>
                Revoke link
              </button>
            )}
          </p>
        </>
      )}
      <CallProblem error={revoking.error} what="The link could not be revoked" />
    </li>
  );
}

/** The consultations scheduled and not over, soonest first: all of them, or one contact's. */
export const useScheduledConsultations = (contactId?: string) =>
  useApi(consultationsApi.upcoming, { query: { limit: 20, ...(contactId ? { contactId } : {}) } });

/**
 * The list {@link useScheduledConsultations} fetched: on the home screen with who each is with, on
 * a contact's page without.
 */
export function ScheduledConsultations({
  list,
  showContact,
}: {
  list: ReturnType<typeof useScheduledConsultations>;
  showContact: boolean;
}) {
  const data = list.data;
  if (!data) {
    return (
      <LoadState loading={list.loading} error={list.error} reload={list.reload} what="the consultations" />
    );
  }
  if (!data.consultations.length) return <p className="crm-empty">No consultations scheduled.</p>;
  return (
    <>
      <ul className="crm-list scheduled-consultations">
        {data.consultations.map((c) => (
          <ScheduledConsultation key={c.id} c={c} showContact={showContact} onChanged={list.reload} />
        ))}
      </ul>
      {data.total > data.consultations.length && (
        <p className="hint">
          {data.consultations.length} of {data.total} shown.
        </p>
      )}
    </>
  );
}
