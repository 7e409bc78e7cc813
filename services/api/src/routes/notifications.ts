import { Router } from 'express';
import type { Prisma } from '@booth/db';
import { NOTIFICATIONS_ROOM } from '@booth/shared';
import { notificationsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { publisherOf } from '../notify';
import { adminsPresent } from '../presence';
import { serve } from '../endpoint';

/** The notifications an admin sees: everyone's, and those addressed to them. */
const forAdmin = (adminId: string) =>
  ({ OR: [{ recipientId: null }, { recipientId: adminId }] }) satisfies Prisma.NotificationWhereInput;

/**
 * Stored notifications (newest first; `?unread=true` for unread only), marking some or all read, and
 * the admins online: participants of the notifications room, one entry per admin with the number of
 * tabs they have open.
 */
export function notificationRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, notificationsApi.list, async ({ query: { limit, offset, unread }, req }) => {
    const mine = forAdmin(req.admin!.id);
    const where = unread === 'true' ? { ...mine, readAt: null } : mine;
    const [notifications, total, unreadCount] = await Promise.all([
      ctx.db.notification.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit, skip: offset }),
      ctx.db.notification.count({ where }),
      ctx.db.notification.count({ where: { ...mine, readAt: null } }),
    ]);
    return { notifications, total, unread: unreadCount, limit, offset };
  });

  serve(r, notificationsApi.read, async ({ body: { ids }, req }) => {
    const { count } = await ctx.db.notification.updateMany({
      where: { ...forAdmin(req.admin!.id), readAt: null, ...(ids ? { id: { in: ids } } : {}) },
      data: { readAt: new Date() },
    });
    return { marked: count };
  });

  serve(r, notificationsApi.presence, async () => {
    const participants = await publisherOf(ctx).participants(NOTIFICATIONS_ROOM);
    return { room: NOTIFICATIONS_ROOM, admins: adminsPresent(participants) };
  });
  return r;
}
