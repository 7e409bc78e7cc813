import type { ContactChange } from '@booth/shared/api';
import { Link } from '../router';
import { formatTime } from './crm-format';

/** A stored value as text: strings as they are, the rest as JSON; nothing as a dash. */
const shown = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/**
 * The contact's change history: who or what changed each field, from what to what. Analysis proposals
 * not applied (the field was set by hand) are listed with why.
 */
export function ContactHistory({ changes }: { changes: ContactChange[] }) {
  if (!changes.length) return <p className="crm-empty">No changes yet.</p>;
  return (
    <div className="crm-table-wrap">
      <table className="crm-table crm-cards">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Field</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((h) => (
            <tr key={h.id} className={h.applied ? undefined : 'crm-not-applied'}>
              <td data-label="When">{formatTime(h.createdAt)}</td>
              <td data-label="Field">{h.field}</td>
              <td data-label="From">{shown(h.oldValue)}</td>
              <td data-label="To">{shown(h.newValue)}</td>
              <td data-label="By">
                {h.source === 'analysis' ? (
                  h.sessionId ? (
                    <Link to={`/calls/${h.sessionId}`}>Call analysis</Link>
                  ) : (
                    'Call analysis'
                  )
                ) : (
                  'Admin'
                )}
              </td>
              <td data-label="Note">{h.applied ? '' : `Not applied: ${h.reason ?? 'set by hand'}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
