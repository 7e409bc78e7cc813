import { useState } from 'react';
import { notificationsApi, type StoredNotification } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { useApi } from '../api/use-api';
import { LoadState } from '../components/crm-feedback';
import { formatTime, offsetParam } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import {
  callbackTaskHref,
  invitationOf,
  useNotificationEvents,
  useNotifications,
} from '../live/notifications';
import { Link, navigate, useLocation } from '../router';

const LIMIT = 50;

/**
 * What a notification is about: a missed call's callback task, its call and its contact, each a link;
 * an invitation into a room, its Join (or Listen in).
 */
function NotificationLinks({ n }: { n: StoredNotification }) {
  const callback = callbackTaskHref(n);
  const invitation = invitationOf(n);
  if (invitation) {
    return (
      <>
        {' · '}
        <Link to={invitation.path} className="notification-join">
          {invitation.label}
        </Link>
      </>
    );
  }
  return (
    <>
      {callback && (
        <>
          {' · '}
          <Link to={callback}>Open the callback task</Link>
        </>
      )}
      {n.sessionId && (
        <>
          {' · '}
          <Link to={`/calls/${n.sessionId}`}>Open the call</Link>
        </>
      )}
      {n.contactId && (
        <>
          {' · '}
          <Link to={`/contacts/${n.contactId}`}>Open the contact</Link>
        </>
      )}
    </>
  );
}

/**
 * `/notifications?unread=true`: stored notifications, newest first, unread ones marked; mark one or
 * all read (`#read-all`). New ones arriving live reload the list; the header badge is told of reads.
 */
export function NotificationsPage() {
  const { query } = useLocation();
  const unreadOnly = query.get('unread') === 'true';
  const offset = offsetParam(query.get('offset'));
  const list = useApi(notificationsApi.list, {
    query: { limit: LIMIT, offset, ...(unreadOnly ? { unread: 'true' as const } : {}) },
  });
  const { refreshUnread } = useNotifications();
  useNotificationEvents(() => list.reload());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const markRead = async (ids?: string[]) => {
    setBusy(true);
    setError('');
    try {
      await call(notificationsApi.read, { body: ids ? { ids } : {} });
      list.reload();
      refreshUnread();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not mark them read');
    } finally {
      setBusy(false);
    }
  };
  const go = (next: { unread?: boolean; offset?: number }) => {
    const params = new URLSearchParams();
    if (next.unread ?? unreadOnly) params.set('unread', 'true');
    if (next.offset) params.set('offset', String(next.offset));
    const qs = params.toString();
    navigate(qs ? `/notifications?${qs}` : '/notifications', { replace: true });
  };
  const data = list.data;
  return (
    <section className="crm-page">
      <div className="crm-heading">
        <h1>Notifications</h1>
        <button id="read-all" type="button" disabled={busy} onClick={() => void markRead()}>
          Mark all read
        </button>
      </div>
      <div className="crm-filters">
        <input
          id="notifications-unread"
          type="checkbox"
          checked={unreadOnly}
          onChange={(e) => go({ unread: e.target.checked, offset: 0 })}
        />
        <label htmlFor="notifications-unread">Unread only</label>
        {data && <span className="hint">{data.unread} unread</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <LoadState
        loading={list.loading && !data}
        error={list.error}
        reload={list.reload}
        what="notifications"
      />
      {data && (
        <>
          {data.notifications.length ? (
            <ul className="notifications crm-notifications">
              {data.notifications.map((n) => (
                <li key={n.id} className={n.readAt ? undefined : 'unread'} data-notification-id={n.id}>
                  <div className="crm-notification-head">
                    {!n.readAt && <span className="crm-badge crm-badge-unread">Unread</span>}
                    <span className="crm-notification-title">{n.title}</span>
                  </div>
                  {n.body && <p className="crm-notification-body">{n.body}</p>}
                  <p className="hint">
                    <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time>
                    <NotificationLinks n={n} />
                    {!n.readAt && (
                      <>
                        {' · '}
                        <button
                          type="button"
                          className="crm-link-button"
                          disabled={busy}
                          onClick={() => void markRead([n.id])}
                        >
                          Mark read<span className="crm-sr">: {n.title}</span>
                        </button>
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="crm-empty">{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
          )}
          <Pager offset={offset} limit={LIMIT} total={data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
