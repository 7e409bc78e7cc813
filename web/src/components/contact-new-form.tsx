import { useState, type FormEvent } from 'react';
import { contactsApi, type ContactFields } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { navigate } from '../router';
import { ContactField, fieldProps } from './contact-field';
import { issuesByField } from './crm-feedback';

const FIELDS: {
  name: 'name' | 'phone' | 'email' | 'eventType' | 'eventDate' | 'venue';
  label: string;
  type: string;
}[] = [
  { name: 'name', label: 'Name', type: 'text' },
  { name: 'phone', label: 'Phone', type: 'tel' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'eventType', label: 'Event', type: 'text' },
  { name: 'eventDate', label: 'Event date', type: 'date' },
  { name: 'venue', label: 'Venue', type: 'text' },
];

/**
 * A new lead by hand (a walk-in, a phone call not made through Booth): what is filled in is sent, and
 * the contact's page opens. The admins are notified of the new lead by the API.
 */
export function ContactNewForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: Partial<ContactFields> & { name: string } = { name: String(form.get('name') ?? '').trim() };
    for (const f of FIELDS) {
      const v = String(form.get(f.name) ?? '').trim();
      if (v && f.name !== 'name') body[f.name] = v;
    }
    setBusy(true);
    setErrors({});
    setStatus('');
    try {
      const contact = await call(contactsApi.create, { body });
      navigate(`/contacts/${contact.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const byField = issuesByField(err);
        setErrors(byField);
        setStatus(byField[''] ?? 'Some fields need fixing.');
      } else setStatus(err instanceof Error ? err.message : 'Could not create the contact');
      setBusy(false);
    }
  };
  return (
    <form id="contact-new" className="crm-form" onSubmit={(e) => void submit(e)} noValidate>
      {FIELDS.map((f) => (
        <ContactField key={f.name} name={`new-${f.name}`} label={f.label} error={errors[f.name]}>
          <input
            type={f.type}
            {...fieldProps(`new-${f.name}`, errors[f.name])}
            name={f.name}
            required={f.name === 'name'}
            autoComplete="off"
          />
        </ContactField>
      ))}
      <div className="crm-form-actions">
        <button type="submit" disabled={busy}>
          Create the contact
        </button>
        <span role="status">{status}</span>
      </div>
    </form>
  );
}
