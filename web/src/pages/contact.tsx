import { contactsApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { ContractTable, InvoiceTable, QuoteTable } from '../components/billing-tables';
import { ContactTalkTrend } from '../analytics/contact-talk-trend';
import { ContactCalls } from '../components/contact-calls';
import { ContactForm } from '../components/contact-form';
import { ContactHistory } from '../components/contact-history';
import { ContactNotes } from '../components/contact-notes';
import { LoadState } from '../components/crm-feedback';
import { formatDay, label, money } from '../components/crm-format';
import { TaskList } from '../components/task-list';
import { useScrollToHash } from '../components/scroll-to-hash';
import { DiscussInRoom } from '../collaboration/discuss-in-room';
import { ContactConsultations } from '../consultations/contact-consultations';
import { SharedPad } from '../pads';
import { Link } from '../router';

/**
 * `/contacts/:id`: a contact and everything about them: the edit form, tasks, consultations (and a
 * new one), quotes, invoices and contracts, calls, notes and the change history.
 */
export function ContactPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const detail = useApi(contactsApi.get, { params: { id } });
  const c = detail.data;
  useScrollToHash(c !== undefined);
  if (!c) {
    return (
      <section className="crm-page">
        <p>
          <Link to="/contacts">← Contacts</Link>
        </p>
        {detail.error?.status === 404 ? (
          <>
            <h1>Contact not found</h1>
            <p>There is no contact with this address; it may have been deleted.</p>
          </>
        ) : (
          <LoadState
            loading={detail.loading}
            error={detail.error}
            reload={detail.reload}
            what="the contact"
          />
        )}
      </section>
    );
  }
  const facts = [
    label(c.leadStatus),
    c.sentiment && `${label(c.sentiment)} lead`,
    c.eventType,
    c.eventDate && formatDay(c.eventDate, { dateStyle: 'full' }),
    c.guestCount !== null && `${c.guestCount} guests`,
    c.venue,
    c.budgetCents !== null && `budget ${money(c.budgetCents)}`,
  ].filter(Boolean);
  return (
    <article className="crm-page">
      <p>
        <Link to="/contacts">← Contacts</Link>
      </p>
      <h1 data-row-id={c.id}>{c.name}</h1>
      <p className="crm-facts">{facts.join(' · ')}</p>
      {(c.phone || c.email) && (
        <p>
          {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>}
          {c.phone && c.email && ' · '}
          {c.email && <a href={`mailto:${c.email}`}>{c.email}</a>}
        </p>
      )}
      {detail.error && (
        <p className="error" role="alert">
          Could not refresh: {detail.error.message}
        </p>
      )}

      <section aria-labelledby="contact-edit-h" className="crm-panel">
        <h2 id="contact-edit-h">Details</h2>
        <ContactForm key={c.id} contact={c} onSaved={detail.reload} />
      </section>

      <section aria-labelledby="contact-pad-h" id="shared-notes">
        <h2 id="contact-pad-h">Shared notes</h2>
        <SharedPad scope="contact" id={c.id} />
      </section>

      <section aria-labelledby="contact-tasks-h">
        <h2 id="contact-tasks-h">Tasks</h2>
        <TaskList tasks={c.tasks} onChange={detail.reload} showContact={false} />
      </section>

      <section aria-labelledby="contact-consultations-h">
        <h2 id="contact-consultations-h">Consultations</h2>
        <ContactConsultations contact={c} />
      </section>

      <section aria-labelledby="contact-quotes-h">
        <h2 id="contact-quotes-h">Quotes</h2>
        <QuoteTable quotes={c.quotes} showContact={false} />
      </section>

      <section aria-labelledby="contact-invoices-h">
        <h2 id="contact-invoices-h">Invoices</h2>
        <InvoiceTable invoices={c.invoices} onChange={detail.reload} showContact={false} />
      </section>

      <section aria-labelledby="contact-contracts-h">
        <h2 id="contact-contracts-h">Contracts</h2>
        <ContractTable contracts={c.contracts} onChange={detail.reload} />
      </section>

      <section aria-labelledby="contact-calls-h">
        <h2 id="contact-calls-h">Calls</h2>
        <DiscussInRoom contactId={c.id} />
        <ContactCalls calls={c.sessions} />
      </section>

      <section aria-labelledby="contact-talk-h" id="talk-analytics">
        <h2 id="contact-talk-h">Talk over time</h2>
        <ContactTalkTrend contactId={c.id} />
      </section>

      <section aria-labelledby="contact-notes-h">
        <h2 id="contact-notes-h">Notes</h2>
        <ContactNotes notes={c.notes} />
      </section>

      <section aria-labelledby="contact-history-h">
        <h2 id="contact-history-h">Change history</h2>
        <ContactHistory changes={c.changes} />
      </section>
    </article>
  );
}
