import '../styles/context-panel.css';
import type { SessionContext, SuggestionMessage } from '@booth/shared/api';
import { BesideCallLink } from './beside-call-link';
import { AddDetail } from './add-detail';
import { AvailabilityCheck } from './availability-check';
import { SendContract } from './send-contract';

/** Where a kind of suggestion leads on the contact's record. */
function pageFor(kind: string, contactId: string): { to: string; label: string } | undefined {
  const id = encodeURIComponent(contactId);
  switch (kind) {
    case 'budget':
    case 'pricing':
      return { to: `/quotes?contactId=${id}`, label: 'Open quote options' };
    case 'billing':
      return { to: `/invoices?contactId=${id}`, label: 'Open invoices' };
    case 'ready':
    case 'retention':
      return { to: `/contacts/${id}#contact-contracts-h`, label: 'Open contracts' };
    default:
      return undefined;
  }
}

/** The contract a "ready to book" card sends: the newest not signed or cancelled. */
const contractToSend = (record: SessionContext | undefined) =>
  record?.contracts.find((k) => k.status === 'draft' || k.status === 'sent');

/**
 * The one-click actions of a suggestion card: open the quote options, invoices or contracts; send
 * the contract for signature (ready to book); check the date mentioned against booked events; add
 * the mentioned detail to the contact (after review). Without a contact on file only the
 * availability check is offered.
 */
export function SuggestionActions({
  suggestion,
  sessionId,
  record,
  onRecordChanged,
}: {
  suggestion: SuggestionMessage;
  sessionId: string;
  /** The call's context (its contact's record), once loaded. */
  record: SessionContext | undefined;
  onRecordChanged: () => void;
}) {
  const contact = record?.contact ?? null;
  const contract = suggestion.kind === 'ready' ? contractToSend(record) : undefined;
  const page = contact && !contract ? pageFor(suggestion.kind, contact.id) : undefined;
  const detail = suggestion.detail;
  if (!page && !detail && !contract) return null;
  return (
    <div className="suggestion-actions">
      {contract && contact && (
        <SendContract
          contract={contract}
          sessionId={sessionId}
          hasEmail={!!contact.email}
          onSent={onRecordChanged}
        />
      )}
      {page && (
        <BesideCallLink to={page.to} className="suggestion-action">
          {page.label}
        </BesideCallLink>
      )}
      {detail?.field === 'eventDate' && <AvailabilityCheck date={detail.value} contactId={contact?.id} />}
      {detail && contact && <AddDetail contact={contact} detail={detail} onSaved={onRecordChanged} />}
    </div>
  );
}
