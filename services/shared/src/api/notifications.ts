import { z } from 'zod';
import { endpoint, pageQuery, timestamp } from './contract';
import { notificationMessageSchema } from './data-topics';
import { rowId } from './fields';

/** A stored notification: what is published on `booth.notifications`, and whether it was read. */
export const notificationSchema = notificationMessageSchema.extend({
  createdAt: timestamp(),
  readAt: timestamp().nullable(),
});
export type StoredNotification = z.output<typeof notificationSchema>;

/** An admin online: one entry however many tabs they have open. */
export const adminPresenceSchema = z.object({
  adminId: z.string(),
  name: z.string(),
  /** When their first connection still open joined (ms since the epoch). */
  joinedAt: z.number(),
  /** Open connections: tabs, devices. */
  connections: z.number(),
});
export type AdminPresence = z.output<typeof adminPresenceSchema>;

const list = endpoint({
  method: 'GET',
  path: '/api/notifications',
  summary: 'Stored notifications, newest first (`unread=true`: unread only), with the unread count.',
  query: pageQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
  response: z.object({
    notifications: z.array(notificationSchema),
    total: z.number(),
    /** Unread notifications overall, whatever the filter. */
    unread: z.number(),
    limit: z.number(),
    offset: z.number(),
  }),
});

const read = endpoint({
  method: 'POST',
  path: '/api/notifications/read',
  summary: 'Mark notifications read: those in `ids`, or all of them.',
  body: z.object({ ids: z.array(rowId()).min(1).max(500).optional() }),
  response: z.object({ marked: z.number() }),
});

const presence = endpoint({
  method: 'GET',
  path: '/api/notifications/presence',
  summary: 'The admins online (in the notifications room).',
  response: z.object({ room: z.string(), admins: z.array(adminPresenceSchema) }),
});

/** Admin notifications (/api/notifications). */
export const notificationsApi = { list, read, presence };
