import '../styles/context-panel.css';
import type { SessionContext } from '@booth/shared/api';
import { callPath, when } from '../components/call-format';
import { LoadState } from '../components/crm-feedback';
import { formatDay, label, money } from '../components/crm-format';
import { BesideCallLink } from './beside-call-link';

import type { SessionContextState } from './session-context';

/** The contact's event in one line: lead status, sentiment, event, date, guests, venue, budget. */
function contactFacts(c: NonNullable<SessionContext['contact']>): string {
  return [
    label(c.leadStatus),
    c.sentiment && `${label(c.sentiment)} lead`,
    c.eventType,
    c.eventDate && formatDay(c.eventDate),
    c.guestCount !== null && `${c.guestCount} guests`,
    c.venue,
    c.budgetCents !== null && `budget ${money(c.budgetCents)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Quotes, invoices and contracts with their status and amount. */
function Billing({ ctx }: { ctx: SessionContext }) {
  const rows = [
    ...ctx.quotes.map((q) => ({
      id: q.id,
      what: `Quote “${q.title}”`,
      status: q.status,
      amount: money(q.amountCents, q.currency),
    })),
    ...ctx.invoices.map((i) => ({
      id: i.id,
      what: `Invoice ${i.number}`,
      status: i.dueDate && i.status !== 'paid' ? `${i.status}, due ${formatDay(i.dueDate)}` : i.status,
      amount: money(i.amountCents, i.currency),
    })),
    ...ctx.contracts.map((k) => ({
      id: k.id,
      what: `Contract “${k.title}”`,
      status: k.status,
      amount: money(k.amountCents),
    })),
  ];
  if (!rows.length) return <p className="hint">No quotes, invoices or contracts.</p>;
  return (
    <ul className="context-billing">
      {rows.map((r) => (
        <li key={r.id}>
          {r.what} <span className="context-status">{r.status}</span>{' '}
          <span className="context-amount">{r.amount}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The context panel of a call: who the contact is and their event, talking points from their record
 * (what is missing, late or waiting), their quotes, invoices and contracts, open tasks, the latest
 * notes and past calls with their summaries. Nothing for a call with nobody on file.
 */
export function ContextPanel({ state }: { state: SessionContextState }) {
  const ctx = state.data;
  if (!ctx) {
    return state.error ? (
      <LoadState loading={false} error={state.error} reload={state.reload} what="the contact’s record" />
    ) : null;
  }
  const c = ctx.contact;
  if (!c) return null;
  return (
    <section className="live-panel context-panel" aria-labelledby="context-heading">
      <h2 id="context-heading">
        <BesideCallLink to={`/contacts/${c.id}`}>{c.name}</BesideCallLink>
      </h2>
      <p className="context-facts">{contactFacts(c)}</p>
      <details open className="context-points">
        <summary>Talking points ({ctx.talkingPoints.length})</summary>
        {ctx.talkingPoints.length ? (
          <ul>
            {ctx.talkingPoints.map((p) => (
              <li key={`${p.kind}:${p.text}`} data-kind={p.kind}>
                {p.href ? <BesideCallLink to={p.href}>{p.text}</BesideCallLink> : p.text}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">Nothing missing or waiting.</p>
        )}
      </details>
      <details className="context-section">
        <summary>Quotes, invoices, contracts</summary>
        <Billing ctx={ctx} />
      </details>
      <details className="context-section">
        <summary>Open tasks ({ctx.openTasks.length})</summary>
        {ctx.openTasks.length ? (
          <ul>
            {ctx.openTasks.map((t) => (
              <li key={t.id}>
                {t.title}
                {t.dueDate && <span className="hint"> · due {formatDay(t.dueDate)}</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">None.</p>
        )}
      </details>
      <details className="context-section">
        <summary>Notes ({ctx.notes.length})</summary>
        {ctx.notes.length ? (
          <ul>
            {ctx.notes.map((n) => (
              <li key={n.id}>
                {n.body} <span className="hint">· {when(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">None.</p>
        )}
      </details>
      <details className="context-section">
        <summary>Past calls ({ctx.pastCalls.length})</summary>
        {ctx.pastCalls.length ? (
          <ul>
            {ctx.pastCalls.map((p) => (
              <li key={p.id}>
                <BesideCallLink to={callPath(p.id)}>{when(p.startedAt ?? p.endedAt)}</BesideCallLink>
                {p.sentiment && <span className="hint"> · {p.sentiment}</span>}
                {p.summary && <p className="context-summary">{p.summary}</p>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">The first call with them.</p>
        )}
      </details>
    </section>
  );
}
