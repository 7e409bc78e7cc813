import { useState, type FormEvent } from 'react';
import { LEAD_STATUSES, contactsApi, type LeadStatus } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { ContactNewForm } from '../components/contact-new-form';
import { LoadState } from '../components/crm-feedback';
import { formatDay, label, offsetParam, oneOf } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import { Link, navigate, useLocation } from '../router';

const LIMIT = 50;
const STATUS_FILTERS = ['all', ...LEAD_STATUSES] as const;
/** `since` from the URL: a `YYYY-MM-DD` day, else none. */
const dayParam = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');

interface Filters {
  q?: string;
  leadStatus?: LeadStatus | 'all';
  since?: string;
  offset?: number;
}

/**
 * `/contacts?q=…&leadStatus=…&since=YYYY-MM-DD&offset=…`: the contacts, last changed first,
 * searchable, by lead status and created since a day (the links the assistant opens); and a new
 * contact by hand.
 */
export function ContactsPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const leadStatus = oneOf(query.get('leadStatus'), STATUS_FILTERS, 'all');
  const since = dayParam(query.get('since'));
  const offset = offsetParam(query.get('offset'));
  const [creating, setCreating] = useState(false);
  const list = useApi(contactsApi.list, {
    query: {
      q: q || undefined,
      leadStatus: leadStatus === 'all' ? undefined : leadStatus,
      since: since || undefined,
      limit: LIMIT,
      offset,
    },
  });
  const filtered = Boolean(q || since || leadStatus !== 'all');
  const go = (next: Filters) => {
    const params = new URLSearchParams();
    const nq = next.q ?? q;
    const ns = next.leadStatus ?? leadStatus;
    const nd = next.since ?? since;
    if (nq) params.set('q', nq);
    if (ns !== 'all') params.set('leadStatus', ns);
    if (nd) params.set('since', nd);
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
        <label htmlFor="contacts-status">Status</label>
        <select
          id="contacts-status"
          value={leadStatus}
          onChange={(e) => go({ leadStatus: e.target.value as Filters['leadStatus'], offset: 0 })}
        >
          {STATUS_FILTERS.map((st) => (
            <option key={st} value={st}>
              {st === 'all' ? 'Any status' : label(st)}
            </option>
          ))}
        </select>
        {since && (
          <span id="contacts-since" className="crm-filter-chip">
            Created since {formatDay(since)}
          </span>
        )}
        {filtered && (
          <button type="button" onClick={() => go({ q: '', leadStatus: 'all', since: '', offset: 0 })}>
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
                    <tr key={c.id} data-row-id={c.id} data-lead-status={c.leadStatus}>
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
            <p className="crm-empty">{filtered ? 'No contacts match these filters.' : 'No contacts yet.'}</p>
          )}
          <Pager offset={offset} limit={LIMIT} total={list.data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
