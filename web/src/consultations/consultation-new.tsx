import { useId, useState, type FormEvent } from 'react';
import '../styles/consultations.css';
import { consultationsApi, type ConsultationWithLink } from '@booth/shared/api';
import { call } from '../api/client';
import { CallProblem } from '../components/call-problem';
import { ConsultationLink } from './consultation-link';
import { InviteChannels, channelsOf, readerTimeZone, type Reachable } from './invite-channels';
import { useAction } from '../api/use-action';

/** `YYYY-MM-DDTHH:mm` on the reader's clock, as a datetime-local input takes it. */
export function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "New consultation" for a contact: now or at a time (the reader's clock), the link sent by email
 * and/or SMS; the answer shows the link once with how each sending went.
 */
export function NewConsultation({
  contact,
  onCreated,
  onClose,
}: {
  contact: Reachable & { id: string };
  onCreated: () => void;
  /** The form or its answer is done with (Cancel, or Done under the link). */
  onClose: () => void;
}) {
  const id = useId();
  const [later, setLater] = useState(false);
  const action = useAction<ConsultationWithLink>(onCreated);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const at = String(form.get('at') ?? '');
    const body = {
      contactId: contact.id,
      ...channelsOf(form),
      timeZone: readerTimeZone(),
      scheduledAt: later && at ? new Date(at).toISOString() : null,
    };
    void action.run(() => call(consultationsApi.create, { body }));
  };
  if (action.result) return <ConsultationLink made={action.result} onDismiss={onClose} />;
  return (
    <form className="consultation-new" onSubmit={submit} aria-label="New consultation">
      <fieldset>
        <legend>When</legend>
        <div className="invite-channel">
          <input
            id={`${id}-now`}
            type="radio"
            name="when"
            value="now"
            checked={!later}
            onChange={() => setLater(false)}
          />
          <label htmlFor={`${id}-now`}>Now</label>
          <input
            id={`${id}-later`}
            type="radio"
            name="when"
            value="later"
            checked={later}
            onChange={() => setLater(true)}
          />
          <label htmlFor={`${id}-later`}>At</label>
          <input
            aria-label="Consultation time"
            name="at"
            type="datetime-local"
            required={later}
            disabled={!later}
            min={localInputValue(new Date())}
          />
        </div>
      </fieldset>
      <InviteChannels reach={contact} />
      <button type="submit" disabled={action.busy}>
        {later ? 'Schedule' : 'Start now'}
      </button>{' '}
      <button type="button" onClick={onClose}>
        Cancel
      </button>
      <CallProblem error={action.error} what="The consultation could not be opened" />
    </form>
  );
}
