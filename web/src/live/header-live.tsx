import { Link } from '../router';
import type { LiveStatus } from './notifications-room';
import { useNotifications } from './notifications';
import type { AdminOnline } from './presence';
import { RingingCalls } from './ringing-calls';
import { Toasts } from './toasts';

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** The admins online (`ul#presence`). */
function Presence({ admins }: { admins: AdminOnline[] }) {
  return (
    <ul id="presence" className="live-presence" aria-label="Admins online">
      {admins.map((a) => (
        <li
          key={a.adminId}
          data-admin-id={a.adminId}
          data-self={a.isSelf ? 'true' : undefined}
          title={a.connections > 1 ? `${a.connections} tabs open` : undefined}
        >
          {a.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * The header's live part: admins online, the notification badge, the connection status, toasts and
 * the cards of phone calls ringing now.
 */
export function HeaderLive() {
  const { unread, toasts, dismiss, presence, status } = useNotifications();
  return (
    <div className="header-live">
      <Presence admins={presence} />
      <Link
        to="/notifications"
        id="unread-badge"
        className={unread > 0 ? 'unread-badge has-unread' : 'unread-badge'}
        aria-label={`${unread} unread notification${unread === 1 ? '' : 's'}`}
      >
        {unread}
      </Link>
      <span id="live-status" role="status" className="live-status" data-status={status}>
        {STATUS_TEXT[status]}
      </span>
      <Toasts toasts={toasts} onDismiss={dismiss} />
      <RingingCalls />
    </div>
  );
}
