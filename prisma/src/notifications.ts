import type { Prisma } from '../generated/client';
import type { Db } from './client';

/** What an admin is told about. */
export const NOTIFICATION_TYPES = [
  'new_lead',
  'call_analyzed',
  'call_analysis_failed',
  'lead_status_changed',
  'payment_received',
  'contract_signed',
  /** A phone call is ringing in Booth (data: incomingCallDataSchema); Answer joins its room. */
  'incoming_call',
  /** A phone call nobody answered (a callback task was created). */
  'missed_call',
  /** A keyword tracker that notifies was hit in a call (once per call per tracker; data: trackerId, phrase, atMs). */
  'tracker_hit',
  /** A colleague asks one admin into a room (a collaboration room, or a call to take over or listen in; data: roomInviteDataSchema). */
  'room_invite',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationInput {
  type: NotificationType;
  title: string;
  body?: string;
  contactId?: string | null;
  sessionId?: string | null;
  data?: Prisma.InputJsonValue;
  /** The one admin it is for (an invitation); default every admin. */
  recipientId?: string | null;
  /** One notification per key: a retried job or redelivered webhook does not notify twice. */
  dedupeKey: string;
}

type Tx = Pick<Db, 'notification'>;

/** Stores a notification (inside the caller's transaction); returns its id. Idempotent by `dedupeKey`. */
export async function recordNotification(tx: Tx, n: NotificationInput): Promise<string> {
  const row = await tx.notification.upsert({
    where: { dedupeKey: n.dedupeKey },
    create: {
      type: n.type,
      title: n.title,
      body: n.body ?? null,
      contactId: n.contactId ?? null,
      sessionId: n.sessionId ?? null,
      recipientId: n.recipientId ?? null,
      data: n.data,
      dedupeKey: n.dedupeKey,
    },
    update: {},
    select: { id: true },
  });
  return row.id;
}

/** The JSON published to admins for a stored notification. */
export interface NotificationMessage {
  id: string;
  type: string;
  title: string;
  body: string | null;
  contactId: string | null;
  sessionId: string | null;
  /** The one admin it is for; null: every admin. */
  recipientId: string | null;
  data: unknown;
  createdAt: string;
}

/**
 * Publishes stored, unpublished notifications (the outbox) with `send`, marking each published.
 * A send that fails (no admin online, LiveKit down) leaves the row unpublished for a later pass;
 * admins read stored notifications through the API either way. Returns how many were sent.
 */
export async function deliverNotifications(
  db: Db,
  send: (message: NotificationMessage) => Promise<void>,
  opts: { ids?: string[]; limit?: number } = {},
): Promise<number> {
  const rows = await db.notification.findMany({
    where: { publishedAt: null, ...(opts.ids ? { id: { in: opts.ids } } : {}) },
    orderBy: { createdAt: 'asc' },
    take: opts.limit ?? 100,
  });
  let sent = 0;
  for (const r of rows) {
    try {
      await send({
        id: r.id,
        type: r.type,
        title: r.title,
        body: r.body,
        contactId: r.contactId,
        sessionId: r.sessionId,
        recipientId: r.recipientId,
        data: r.data,
        createdAt: r.createdAt.toISOString(),
      });
    } catch {
      continue;
    }
    await db.notification.update({ where: { id: r.id }, data: { publishedAt: new Date() } });
    sent++;
  }
  return sent;
}
