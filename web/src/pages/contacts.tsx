import { useState, type FormEvent } from 'react';
import { contactsApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { ContactNewForm } from '../components/contact-new-form';
import { LoadState } from '../components/crm-feedback';
import { formatDay, label, offsetParam } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import { Link, navigate, useLocation } from '../router';

const LIMIT = 50;

/** `/contacts?q=…&offset=…`: the contacts, last changed first, searchable; and a new contact by hand. */
export function ContactsPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const offset = offsetParam(query.get('offset'));
  const [creating, setCreating] = useState(false);
  const list = useApi(contactsApi.list, { query: { q: q || undefined, limit: LIMIT, offset } });
  const go = (next: { q?: string; offset?: number }) => {
    const params = new URLSearchParams();
    const nq = next.q ?? q;
    if (nq) params.set('q', nq);
    if (next.offset) params.set('offset', String(next.offset));
    const qs = params.toString();
    navigate(qs ? `/contacts?${qs}` : '/contacts', { replace: true });
  };
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    go({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim(), offset: 0 });
  };
  return (
    <section className="crm-page">
      <div className="crm-heading">
        <h1>Contacts</h1>
        <button
          type="button"
          aria-expanded={creating}
          aria-controls="contact-new-panel"
          onClick={() => setCreating((c) => !c)}
        >
          {creating ? 'Cancel' : 'New contact'}
        </button>
      </div>
      {creating && (
        <div id="contact-new-panel" className="crm-panel">
          <h2>New contact</h2>
          <ContactNewForm />
        </div>
      )}
      <form role="search" className="crm-filters" onSubmit={search}>
        <label htmlFor="contacts-q">Name, email or phone</label>
        <input id="contacts-q" key={q} name="q" type="search" defaultValue={q} maxLength={200} />
        <button type="submit">Search</button>
        {q && (
          <button type="button" onClick={() => go({ q: '', offset: 0 })}>
            Clear
          </button>
        )}
      </form>
      <LoadState
        loading={list.loading && !list.data}
        error={list.error}
        reload={list.reload}
        what="contacts"
      />
      {list.data && (
        <>
          {list.data.contacts.length ? (
            <div className="crm-table-wrap">
              <table className="crm-table crm-cards">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Event</th>
                    <th scope="col">Date</th>
                    <th scope="col">Guests</th>
                    <th scope="col">Venue</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.contacts.map((c) => (
                    <tr key={c.id}>
                      <td data-label="Name">
                        <Link to={`/contacts/${c.id}`}>{c.name}</Link>
                        {(c.email || c.phone) && <div className="hint">{c.email ?? c.phone}</div>}
                      </td>
                      <td data-label="Status">
                        <span className={`crm-status crm-status-${c.leadStatus}`}>{label(c.leadStatus)}</span>
                      </td>
                      <td data-label="Event">{c.eventType ?? '—'}</td>
                      <td data-label="Date">{c.eventDate ? formatDay(c.eventDate) : '—'}</td>
                      <td data-label="Guests">{c.guestCount ?? '—'}</td>
                      <td data-label="Venue">{c.venue ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="crm-empty">{q ? `No contacts match “${q}”.` : 'No contacts yet.'}</p>
          )}
          <Pager offset={offset} limit={LIMIT} total={list.data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
