import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  DATA_TOPICS,
  notificationMessageSchema,
  notificationsApi,
  roomInviteDataSchema,
  type NotificationMessage,
} from '@booth/shared/api';
import { z } from 'zod';
import { call } from '../api/client';
import { callbackHref } from '../components/phone-call-format';
import { useAdmin } from '../session';
import { useNotificationsRoom, type LiveStatus } from './notifications-room';
import { useRoomPresence, type AdminOnline } from './presence';
import type { LiveRoom } from './room';
import { useVerifiedData } from './verified-data';

/** A toast for a notification that just arrived. */
export interface NotificationToast {
  id: string;
  title: string;
  body: string | null;
  /** What it is about: its call, else its contact, else the notifications page. */
  href: string;
  /** What following it does, when it is an invitation ("Join", "Listen in"). */
  action?: string;
}

/** An invitation into a room (`room_invite`): where Join leads, and what the button says. */
export function invitationOf(
  n: Partial<Pick<NotificationMessage, 'type' | 'data'>>,
): { path: string; label: 'Join' | 'Listen in' } | undefined {
  if (n.type !== 'room_invite') return undefined;
  const invite = roomInviteDataSchema.safeParse(n.data);
  if (!invite.success) return undefined;
  return { path: invite.data.path, label: invite.data.listenOnly ? 'Listen in' : 'Join' };
}

export type NotificationHandler = (n: NotificationMessage) => void;

interface NotificationsState {
  /** Unread notifications (GET /api/notifications, then +1 for each new one). */
  unread: number;
  toasts: NotificationToast[];
  dismiss: (id: string) => void;
  /** The admins online (in the notifications room), one entry each. */
  presence: AdminOnline[];
  status: LiveStatus;
  /** Reads the unread count from the API again (after marking notifications read). */
  refreshUnread: () => void;
  /** Calls `handler` for every new verified notification; returns the unsubscribe. */
  subscribe: (handler: NotificationHandler) => () => void;
  /** The notifications room connection (for other topics published there: shared notes pads). */
  live: LiveRoom | undefined;
  /** Counts (re)connections of the room: a change means data may have been missed meanwhile. */
  connections: number;
}

const NotificationsContext = createContext<NotificationsState | undefined>(undefined);

/** Toasts shown at once; older ones make way. */
const MAX_TOASTS = 5;
/** How many stored notifications are read back after a (re)connection. */
const CATCH_UP = 50;

/** Notifications shown another way than as a toast: a ringing call is a card of its own (RingingCalls). */
const NOT_TOASTED: readonly string[] = ['incoming_call'];

/** A missed call's callback task (`data.taskId` of a `missed_call` notification). */
const missedCallData = z.object({ taskId: z.string() });

/** A `missed_call` notification's callback task (its row on the contact's page); undefined for others. */
export function callbackTaskHref(
  n: Pick<NotificationMessage, 'contactId'> & Partial<Pick<NotificationMessage, 'type' | 'data'>>,
): string | undefined {
  const missed = n.type === 'missed_call' ? missedCallData.safeParse(n.data) : undefined;
  return missed?.success ? callbackHref(n.contactId, missed.data.taskId) : undefined;
}

/**
 * Where a notification leads: a missed call's callback task, else its call, else its contact, else
 * the notifications page.
 */
export function notificationHref(
  n: Pick<NotificationMessage, 'sessionId' | 'contactId'> &
    Partial<Pick<NotificationMessage, 'type' | 'data'>>,
): string {
  const callback = callbackTaskHref(n);
  if (callback) return callback;
  const invitation = invitationOf(n);
  if (invitation) return invitation.path;
  if (n.sessionId) return `/calls/${encodeURIComponent(n.sessionId)}`;
  if (n.contactId) return `/contacts/${encodeURIComponent(n.contactId)}`;
  return '/notifications';
}

/**
 * The signed-in admin's live notifications: joins booth-notifications (useNotificationsRoom), takes
 * only what Booth signed there, and gives the pages the unread count, toasts, who is online and the
 * notification events. Nothing is lost or shown twice across drops: after every (re)connection the
 * newest stored notifications are fetched, and live and fetched ones are deduplicated by id.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { live, status, connections } = useNotificationsRoom();
  const me = useAdmin().id;
  const presence = useRoomPresence(live?.room);
  const [unread, setUnread] = useState(0);
  const [toasts, setToasts] = useState<NotificationToast[]>([]);
  const seen = useRef(new Set<string>());
  const listeners = useRef(new Set<NotificationHandler>());
  /** Whether the first list came back (until then, what arrives live is counted on top of it). */
  const listed = useRef(false);
  /** Fetches run one after another, so each sees what the previous one marked seen. */
  const fetches = useRef<Promise<void>>(Promise.resolve());

  const arrived = useCallback(
    (n: NotificationMessage, opts: { unread: boolean; toast: boolean }) => {
      if (seen.current.has(n.id)) return;
      seen.current.add(n.id);
      // Addressed to another admin (an invitation into a room): not this one's to see.
      if (n.recipientId !== null && n.recipientId !== me) return;
      if (opts.unread) setUnread((u) => u + 1);
      if (opts.toast && !NOT_TOASTED.includes(n.type)) {
        const action = invitationOf(n)?.label;
        const toast = {
          id: n.id,
          title: n.title,
          body: n.body,
          href: notificationHref(n),
          ...(action ? { action } : {}),
        };
        setToasts((list) => [...list.filter((t) => t.id !== n.id), toast].slice(-MAX_TOASTS));
      }
      for (const handler of listeners.current) {
        try {
          handler(n);
        } catch (err) {
          console.warn('booth: a notification handler failed', err);
        }
      }
    },
    [me],
  );

  useVerifiedData(live, DATA_TOPICS.notifications, notificationMessageSchema, (n) =>
    arrived(n, { unread: true, toast: true }),
  );

  const catchUp = useEffectEvent(() => {
    fetches.current = fetches.current
      .then(async () => {
        const page = await call(notificationsApi.list, { query: { limit: CATCH_UP } });
        if (!listed.current) {
          // The first list: the count as it stands, plus anything that arrived live after it was taken.
          const listedIds = new Set(page.notifications.map((n) => n.id));
          const later = [...seen.current].filter((id) => !listedIds.has(id)).length;
          for (const id of listedIds) seen.current.add(id);
          listed.current = true;
          setUnread(page.unread + later);
          return;
        }
        const missed = page.notifications.filter((n) => !seen.current.has(n.id)).reverse();
        for (const n of missed) arrived(n, { unread: n.readAt === null, toast: n.readAt === null });
        // A full page of missed ones may not be all of them: take the server's count.
        if (missed.length >= CATCH_UP) setUnread(page.unread);
      })
      .catch((err: unknown) => console.warn('booth: could not fetch notifications', err));
  });
  // On mount (the badge shows the count even when LiveKit is unreachable), and after every (re)connection.
  useEffect(() => catchUp(), [connections]);

  const refreshUnread = useCallback(() => {
    call(notificationsApi.list, { query: { limit: 1, unread: 'true' } }).then(
      (page) => setUnread(page.unread),
      (err: unknown) => console.warn('booth: could not fetch the unread count', err),
    );
  }, []);
  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const subscribe = useCallback((handler: NotificationHandler) => {
    listeners.current.add(handler);
    return () => void listeners.current.delete(handler);
  }, []);

  const value = useMemo(
    () => ({ unread, toasts, dismiss, presence, status, refreshUnread, subscribe, live, connections }),
    [unread, toasts, dismiss, presence, status, refreshUnread, subscribe, live, connections],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

/** The live notifications state (under NotificationsProvider, i.e. the signed-in shell). */
export function useNotifications(): NotificationsState {
  const state = useContext(NotificationsContext);
  if (!state) throw new Error('useNotifications outside NotificationsProvider');
  return state;
}

/**
 * Calls `handler(n)` for every verified notification as it arrives (live, or fetched after a
 * reconnection because it was missed), once per notification.
 */
export function useNotificationEvents(handler: NotificationHandler): void {
  const { subscribe } = useNotifications();
  const onNotification = useEffectEvent(handler);
  useEffect(() => subscribe((n) => onNotification(n)), [subscribe]);
}
