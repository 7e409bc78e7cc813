import { useId } from 'react';

/** Where the person on the other end can be reached, as the channel choice offers it. */
export interface Reachable {
  email: string | null;
  phone: string | null;
}

/** The checked channels of an invite form, as the consultations API takes them. */
export interface ChosenChannels {
  email?: { to?: string };
  sms?: { to?: string };
}

/**
 * Email and SMS checkboxes with the address each goes to (the contact's, editable). Read back with
 * {@link channelsOf}; field names are `email`, `emailTo`, `sms` and `smsTo`.
 */
export function InviteChannels({ reach }: { reach: Reachable }) {
  const id = useId();
  return (
    <fieldset className="invite-channels">
      <legend>Send the link</legend>
      <div className="invite-channel">
        <input id={`${id}-email`} name="email" type="checkbox" defaultChecked={!!reach.email} />
        <label htmlFor={`${id}-email`}>by email to</label>
        <input
          aria-label="Email address"
          name="emailTo"
          type="email"
          defaultValue={reach.email ?? ''}
          placeholder="client@example.com"
          autoComplete="off"
        />
      </div>
      <div className="invite-channel">
        <input id={`${id}-sms`} name="sms" type="checkbox" />
        <label htmlFor={`${id}-sms`}>by SMS to</label>
        <input
          aria-label="Phone number"
          name="smsTo"
          type="tel"
          defaultValue={reach.phone ?? ''}
          placeholder="+1 555 010 2233"
          autoComplete="off"
        />
      </div>
    </fieldset>
  );
}

/** The channels checked in a form holding {@link InviteChannels}, each with its typed address. */
export function channelsOf(form: FormData): ChosenChannels {
  const address = (name: string) => {
    const v = String(form.get(name) ?? '').trim();
    return v ? { to: v } : {};
  };
  return {
    ...(form.get('email') ? { email: address('emailTo') } : {}),
    ...(form.get('sms') ? { sms: address('smsTo') } : {}),
  };
}

/** The reader's IANA time zone: invite messages state the time on the admin's clock. */
export const readerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
