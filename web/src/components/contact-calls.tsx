import type { ContactCall } from '@booth/shared/api';
import { Link } from '../router';
import { CallStatus } from './call-status';
import { formatTime, label } from './crm-format';
import { PhoneCallFacts } from './phone-call-facts';
import { isPhoneCall } from './phone-call-format';

/**
 * The contact's calls and rooms, newest first, each linking to its call page; a phone call with its
 * direction, number, duration and who answered, a missed one with its callback task.
 */
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
          {calls.map((s) => {
            const phone = isPhoneCall(s);
            return (
              <tr key={s.id} data-session-id={s.id}>
                <td data-label="Call">
                  <Link to={`/calls/${s.id}`}>
                    {phone ? (s.phoneDisplay ?? 'Unknown caller') : s.roomName}
                  </Link>
                  {phone && (
                    <div>
                      <PhoneCallFacts call={s} number={false} />
                    </div>
                  )}
                </td>
                <td data-label="Kind">{phone ? 'Phone call' : label(s.kind)}</td>
                <td data-label="Status">
                  {s.missed ? <CallStatus status={s.status} missed /> : label(s.status)}
                </td>
                <td data-label="Started">{s.startedAt ? formatTime(s.startedAt) : '—'}</td>
                <td data-label="Ended">{s.endedAt ? formatTime(s.endedAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
