import { useId, useState } from 'react';
import {
  SESSION_STATUS_FILTERS,
  sessionKindSchema,
  sessionsApi,
  type SessionListItem,
} from '@booth/shared/api';
import { ApiError, asApiError, call } from '../api/client';
import { useApi } from '../api/use-api';
import { CallEndButton } from '../components/call-end';
import { callPath, when } from '../components/call-format';
import { CallInvite } from '../components/call-invite';
import { CallJoinLink } from '../components/call-join-link';
import { CallProblem } from '../components/call-problem';
import { CallStatus, kindLabel } from '../components/call-status';
import { PhoneCallFacts } from '../components/phone-call-facts';
import { isPhoneCall } from '../components/phone-call-format';
import { Link, navigate, useLocation } from '../router';

const PAGE = 25;
const KINDS = sessionKindSchema.options;
type Kind = (typeof KINDS)[number];
type StatusFilter = (typeof SESSION_STATUS_FILTERS)[number];
/** `?show=`: phone calls only, or missed calls only. */
const SHOW_FILTERS = ['phone', 'missed'] as const;
type ShowFilter = (typeof SHOW_FILTERS)[number];

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => x === v);

/** The list's filters from the address (`/calls?status=active&kind=consultation&show=missed&offset=25`). */
function useFilters() {
  const { query } = useLocation();
  const contactId = query.get('contactId') ?? '';
  return {
    status: oneOf<StatusFilter>(SESSION_STATUS_FILTERS, query.get('status')),
    kind: oneOf<Kind>(KINDS, query.get('kind')),
    show: oneOf<ShowFilter>(SHOW_FILTERS, query.get('show')),
    contactId: /^[A-Za-z0-9_-]{1,64}$/.test(contactId) ? contactId : undefined,
    offset: Math.max(0, Math.floor(Number(query.get('offset')) || 0)),
  };
}
type Filters = ReturnType<typeof useFilters>;

function href(f: Filters, change: Partial<Filters>): string {
  const next = { ...f, offset: 0, ...change };
  const q = new URLSearchParams();
  if (next.status) q.set('status', next.status);
  if (next.kind) q.set('kind', next.kind);
  if (next.show) q.set('show', next.show);
  if (next.contactId) q.set('contactId', next.contactId);
  if (next.offset) q.set('offset', String(next.offset));
  const qs = q.toString();
  return qs ? `/calls?${qs}` : '/calls';
}

/**
 * "Start a call" and "Start a collaboration room" (each opens it) and "New consultation" (shows its
 * join link once).
 */
function StartControls({ contactId, onCreated }: { contactId: string | undefined; onCreated: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [fresh, setFresh] = useState<{ id: string; joinUrl: string } | undefined>();
  const create = async (kind: 'call' | 'consultation' | 'collaboration') => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await call(sessionsApi.create, { body: { kind, ...(contactId ? { contactId } : {}) } });
      if (kind !== 'consultation') return navigate(callPath(s.id));
      if (s.joinUrl) setFresh({ id: s.id, joinUrl: s.joinUrl });
      onCreated();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="call-start">
      <div className="call-start-buttons">
        <button type="button" disabled={busy} onClick={() => void create('call')}>
          Start a call
        </button>
        <button type="button" disabled={busy} onClick={() => void create('consultation')}>
          New consultation
        </button>
        <button type="button" disabled={busy} onClick={() => void create('collaboration')}>
          Start a collaboration room
        </button>
      </div>
      {fresh && (
        <div className="call-fresh">
          <p>
            Consultation created. <Link to={callPath(fresh.id)}>Open it</Link> and send the client this link:
          </p>
          <CallJoinLink url={fresh.joinUrl} onDismiss={() => setFresh(undefined)} />
        </div>
      )}
      <CallProblem error={error} what="Could not start it" />
    </div>
  );
}

/** Who a call is with: the contact, else a phone call's number, else the room. */
const callTitle = (s: SessionListItem) =>
  s.contact?.name ?? (isPhoneCall(s) ? (s.phoneDisplay ?? 'Unknown caller') : s.roomName);

function CallRow({ s, onChanged }: { s: SessionListItem; onChanged: () => void }) {
  const phone = isPhoneCall(s);
  return (
    <tr data-session-id={s.id}>
      <td data-label="Call">
        <Link to={callPath(s.id)}>{callTitle(s)}</Link>
        {phone ? (
          <div>
            <PhoneCallFacts call={s} />
          </div>
        ) : (
          s.contact && <div className="hint">{s.roomName}</div>
        )}
      </td>
      <td data-label="Kind">{phone ? 'Phone call' : kindLabel(s.kind)}</td>
      <td data-label="Status">
        <CallStatus status={s.status} missed={s.missed} />
      </td>
      <td data-label="When">{when(s.startedAt ?? s.createdAt)}</td>
      <td data-label="Client invite">
        {s.kind === 'consultation' ? <CallInvite session={s} onChanged={onChanged} labelled={false} /> : '—'}
      </td>
      <td data-label="">{s.status !== 'ended' && <CallEndButton sessionId={s.id} onEnded={onChanged} />}</td>
    </tr>
  );
}

/** The calls list (`/calls`): start a call or a consultation, filter, end, manage client invites. */
export function CallsPage() {
  const f = useFilters();
  const ids = useId();
  const list = useApi(sessionsApi.list, {
    query: {
      limit: PAGE,
      offset: f.offset,
      ...(f.status ? { status: f.status } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.show === 'phone' ? { phone: 'true' as const } : {}),
      ...(f.show === 'missed' ? { missed: 'true' as const } : {}),
      ...(f.contactId ? { contactId: f.contactId } : {}),
    },
  });
  const data = list.data;
  return (
    <section className="calls">
      <h1>Calls and rooms</h1>
      <StartControls contactId={f.contactId} onCreated={list.reload} />
      <form className="call-filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={`${ids}-status`}>Status</label>
        <select
          id={`${ids}-status`}
          value={f.status ?? ''}
          onChange={(e) =>
            navigate(href(f, { status: oneOf(SESSION_STATUS_FILTERS, e.target.value) }), { replace: true })
          }
        >
          <option value="">All</option>
          <option value="active">Open (not ended)</option>
          <option value="ended">Ended</option>
        </select>
        <label htmlFor={`${ids}-kind`}>Kind</label>
        <select
          id={`${ids}-kind`}
          value={f.kind ?? ''}
          onChange={(e) => navigate(href(f, { kind: oneOf(KINDS, e.target.value) }), { replace: true })}
        >
          <option value="">All</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-show`}>Show</label>
        <select
          id={`${ids}-show`}
          value={f.show ?? ''}
          onChange={(e) =>
            navigate(href(f, { show: oneOf(SHOW_FILTERS, e.target.value) }), { replace: true })
          }
        >
          <option value="">Every call</option>
          <option value="phone">Phone calls</option>
          <option value="missed">Missed calls</option>
        </select>
        {f.contactId && (
          <Link to={href(f, { contactId: undefined })} className="call-filter-clear">
            Show every contact’s calls
          </Link>
        )}
      </form>
      <CallProblem error={list.error} what="Could not load the calls" />
      {data && data.sessions.length === 0 && <p>No calls match.</p>}
      {data && data.sessions.length > 0 && (
        <table className="call-table">
          <caption className="hint">
            {data.total} {data.total === 1 ? 'session' : 'sessions'}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Call</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
              <th scope="col">Client invite</th>
              <th scope="col">
                <span className="call-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <CallRow key={s.id} s={s} onChanged={list.reload} />
            ))}
          </tbody>
        </table>
      )}
      {!data && list.loading && <p className="loading">Loading…</p>}
      {data && data.total > PAGE && (
        <nav className="call-pages" aria-label="Pages">
          {f.offset > 0 && <Link to={href(f, { offset: Math.max(0, f.offset - PAGE) })}>Newer</Link>}
          <span className="hint">
            {f.offset + 1}–{Math.min(f.offset + PAGE, data.total)} of {data.total}
          </span>
          {f.offset + PAGE < data.total && <Link to={href(f, { offset: f.offset + PAGE })}>Older</Link>}
        </nav>
      )}
    </section>
  );
}
