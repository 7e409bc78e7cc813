import { useState } from 'react';
import { NewConsultation } from './consultation-new';
import type { Reachable } from './invite-channels';
import { ScheduledConsultations, useScheduledConsultations } from './scheduled-consultations';

/** A contact's consultations: the ones scheduled, and "New consultation" (now or at a time). */
export function ContactConsultations({ contact }: { contact: Reachable & { id: string } }) {
  const list = useScheduledConsultations(contact.id);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <ScheduledConsultations list={list} showContact={false} />
      {creating ? (
        <NewConsultation contact={contact} onCreated={list.reload} onClose={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New consultation
        </button>
      )}
    </>
  );
}
