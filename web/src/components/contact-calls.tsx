import type { ContactCall } from '@booth/shared/api';
import { Link } from '../router';
import { formatTime, label } from './crm-format';

/** The contact's calls and rooms, newest first, each linking to its call page. */
export function ContactCalls({ calls }: { calls: ContactCall[] }) {
  if (!calls.length) return <p className="crm-empty">No calls yet.</p>;
  return (
    <div className="crm-table-wrap">
      <table className="crm-table crm-cards">
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((s) => (
            <tr key={s.id}>
              <td data-label="Call">
                <Link to={`/calls/${s.id}`}>{s.roomName}</Link>
              </td>
              <td data-label="Kind">{label(s.kind)}</td>
              <td data-label="Status">{label(s.status)}</td>
              <td data-label="Started">{s.startedAt ? formatTime(s.startedAt) : '—'}</td>
              <td data-label="Ended">{s.endedAt ? formatTime(s.endedAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
