import { useState } from 'react';
import { contactsApi, type Contact, type SuggestionDetail } from '@booth/shared/api';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { CallProblem } from '../components/call-problem';
import { formatDay, money } from '../components/crm-format';

const FIELD_LABELS: Record<SuggestionDetail['field'], string> = {
  eventDate: 'event date',
  venue: 'venue',
  guestCount: 'guest count',
  budgetCents: 'budget',
};

/** A detail's value as the contact page shows it. */
function shown(field: SuggestionDetail['field'], value: string | number): string {
  if (field === 'eventDate') return formatDay(String(value));
  if (field === 'budgetCents') return money(Number(value));
  return String(value);
}

/**
 * "Add to contact": the detail the client mentioned, set on the contact after the admin has seen it
 * (and what it replaces, when the contact has another value); an edit by the admin, audited as one.
 */
export function AddDetail({
  contact,
  detail,
  onSaved,
}: {
  contact: Contact;
  detail: SuggestionDetail;
  onSaved: () => void;
}) {
  const [reviewing, setReviewing] = useState(false);
  const action = useAction<Contact>(() => {
    setReviewing(false);
    onSaved();
  });
  const name = FIELD_LABELS[detail.field];
  const current = contact[detail.field];
  if (current === detail.value) return <p className="hint">The {name} is on the contact.</p>;
  const save = () =>
    action.run(() =>
      call(contactsApi.update, { params: { id: contact.id }, body: { [detail.field]: detail.value } }),
    );
  if (!reviewing) {
    return (
      <button type="button" onClick={() => setReviewing(true)}>
        Add {name} to contact
      </button>
    );
  }
  return (
    <div className="suggestion-review" role="group" aria-label={`Set the ${name}`}>
      <p>
        Set the {name} to <strong>{shown(detail.field, detail.value)}</strong>
        {current !== null && (
          <>
            , replacing <strong>{shown(detail.field, current)}</strong>
          </>
        )}
        ?
      </p>
      <button type="button" disabled={action.busy} onClick={() => void save()}>
        Save
      </button>{' '}
      <button type="button" disabled={action.busy} onClick={() => setReviewing(false)}>
        Cancel
      </button>
      <CallProblem error={action.error} what="The contact could not be changed" />
    </div>
  );
}
