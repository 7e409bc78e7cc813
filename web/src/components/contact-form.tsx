import { useState, type FormEvent } from 'react';
import {
  LEAD_STATUSES,
  MAX_GUESTS,
  SENTIMENTS,
  contactsApi,
  type Contact,
  type ContactFields,
} from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { ContactField, fieldProps } from './contact-field';
import { issuesByField } from './crm-feedback';
import { label } from './crm-format';

/** The form's text for each field, from the contact (what the inputs start with). */
function formValues(c: Contact): Record<keyof ContactFields, string> {
  return {
    name: c.name,
    phone: c.phone ?? '',
    email: c.email ?? '',
    leadStatus: c.leadStatus,
    sentiment: c.sentiment ?? '',
    eventType: c.eventType ?? '',
    eventDate: c.eventDate ?? '',
    guestCount: c.guestCount === null ? '' : String(c.guestCount),
    venue: c.venue ?? '',
    budgetCents: c.budgetCents === null ? '' : (c.budgetCents / 100).toFixed(2),
  };
}

/**
 * What the API takes for a field typed as `text`: empty is null (cleared); numbers as numbers (the
 * budget is typed in currency units, sent in cents). What the API refuses comes back next to the field.
 */
function toBody(field: keyof ContactFields, text: string): unknown {
  const v = text.trim();
  if (field === 'name') return v;
  if (v === '') return null;
  if (field === 'guestCount') return Number(v);
  if (field === 'budgetCents') return Math.round(Number(v) * 100);
  return v;
}

/**
 * The contact's edit form. Only the fields that changed are sent (PATCH), so a save never marks an
 * untouched field as set by hand; fields set by hand are marked. `onSaved` gets the updated contact.
 */
export function ContactForm({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  // What the form was last loaded or saved from: a field is changed when its value differs from this.
  const [base, setBase] = useState(contact);
  const [values, setValues] = useState(() => formValues(contact));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const manual = new Set(base.manualFields);
  const set = (field: keyof ContactFields) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const initial = formValues(base);
    const body: Record<string, unknown> = {};
    const local: Record<string, string> = {};
    for (const field of Object.keys(values) as (keyof ContactFields)[]) {
      // A number input holding something that is not a number reads as empty: not a request to clear it.
      const input = form.elements.namedItem(field);
      if (input instanceof HTMLInputElement && input.validity.badInput) {
        local[field] = 'must be a number';
        continue;
      }
      const next = toBody(field, values[field]);
      if (JSON.stringify(next) !== JSON.stringify(toBody(field, initial[field]))) body[field] = next;
    }
    setErrors(local);
    if (Object.keys(local).length) {
      setStatus('Some fields need fixing.');
      return;
    }
    if (!Object.keys(body).length) {
      setStatus('Nothing changed.');
      return;
    }
    setBusy(true);
    setStatus('');
    try {
      const saved = await call(contactsApi.update, {
        params: { id: base.id },
        body: body as Partial<ContactFields>,
      });
      setBase(saved);
      setValues(formValues(saved));
      setStatus('Saved.');
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        const byField = issuesByField(err);
        setErrors(byField);
        setStatus(byField[''] ?? 'Some fields need fixing.');
      } else setStatus(err instanceof Error ? err.message : 'Could not save');
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof ContactFields, name: string, type = 'text', extra: object = {}) => (
    <ContactField name={field} label={name} manual={manual.has(field)} error={errors[field]}>
      <input
        type={type}
        value={values[field]}
        onChange={set(field)}
        {...fieldProps(field, errors[field])}
        {...extra}
      />
    </ContactField>
  );

  return (
    <form id="contact-edit" className="crm-form" onSubmit={(e) => void submit(e)} noValidate>
      {text('name', 'Name', 'text', { autoComplete: 'off' })}
      {text('phone', 'Phone', 'tel')}
      {text('email', 'Email', 'email')}
      <ContactField
        name="leadStatus"
        label="Lead status"
        manual={manual.has('leadStatus')}
        error={errors.leadStatus}
      >
        <select
          value={values.leadStatus}
          onChange={set('leadStatus')}
          {...fieldProps('leadStatus', errors.leadStatus)}
        >
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </ContactField>
      <ContactField
        name="sentiment"
        label="Sentiment"
        manual={manual.has('sentiment')}
        error={errors.sentiment}
      >
        <select
          value={values.sentiment}
          onChange={set('sentiment')}
          {...fieldProps('sentiment', errors.sentiment)}
        >
          <option value="">—</option>
          {SENTIMENTS.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </ContactField>
      {text('eventType', 'Event')}
      {text('eventDate', 'Event date', 'date')}
      {text('guestCount', 'Guests', 'number', { min: 1, max: MAX_GUESTS, step: 1 })}
      {text('venue', 'Venue')}
      {text('budgetCents', 'Budget', 'number', { min: 0, step: 0.01 })}
      <div className="crm-form-actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <span id="contact-status" role="status">
          {status}
        </span>
      </div>
      <p className="hint">✎ set by hand: call analysis leaves these fields alone.</p>
    </form>
  );
}
