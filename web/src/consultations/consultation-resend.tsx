import type { FormEvent } from 'react';
import { consultationsApi, type ConsultationView, type ConsultationWithLink } from '@booth/shared/api';
import { call } from '../api/client';
import { CallProblem } from '../components/call-problem';
import { ConsultationLink } from './consultation-link';
import { InviteChannels, channelsOf, readerTimeZone } from './invite-channels';
import { useAction } from '../api/use-action';

/** The address a consultation's link last went to by a channel (the resend form's default). */
const lastTo = (c: ConsultationView, channel: string) =>
  c.deliveries.find((d) => d.channel === channel)?.to ?? null;

/**
 * Resend a consultation's invite: a new link (the old one stops working) by email and/or SMS, to
 * where it went last unless changed (to the contact's address when left empty).
 */
export function ConsultationResend({
  consultation,
  onSent,
  onCancel,
}: {
  consultation: ConsultationView;
  onSent: () => void;
  onCancel: () => void;
}) {
  const action = useAction<ConsultationWithLink>(onSent);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = { ...channelsOf(new FormData(e.currentTarget)), timeZone: readerTimeZone() };
    void action.run(() => call(consultationsApi.resend, { params: { id: consultation.id }, body }));
  };
  if (action.result) return <ConsultationLink made={action.result} onDismiss={onCancel} />;
  return (
    <form className="consultation-resend" onSubmit={submit} aria-label="Resend the invite">
      <InviteChannels reach={{ email: lastTo(consultation, 'email'), phone: lastTo(consultation, 'sms') }} />
      <p className="hint">A new link replaces the old one, which stops working.</p>
      <button type="submit" disabled={action.busy}>
        Send a new link
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <CallProblem error={action.error} what="The invite could not be sent" />
    </form>
  );
}
