import { Router } from 'express';
import { z } from 'zod';
import { NOTIFICATIONS_ROOM } from '@booth/shared';
import type { ApiContext } from '../context';
import { publisherOf } from '../notify';
import { adminsPresent } from '../presence';
import { rowId } from '@booth/shared/api';
import { parse } from '../validate';
import { pageSchema } from './pagination';

const listSchema = pageSchema.extend({ unread: z.enum(['true', 'false']).optional() });
const readSchema = z.object({ ids: z.array(rowId()).min(1).max(500).optional() });

/**
 * GET /api/notifications — stored notifications, newest first (`?unread=true` for unread only).
 * POST /api/notifications/read — mark some (`ids`) or all as read.
 * GET /api/notifications/presence — the admins online (participants of the notifications room), one
 * entry per admin with the number of tabs they have open.
 */
export function notificationRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { limit, offset, unread } = parse(listSchema, req.query);
    const where = unread === 'true' ? { readAt: null } : {};
    const [notifications, total, unreadCount] = await Promise.all([
      ctx.db.notification.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit, skip: offset }),
      ctx.db.notification.count({ where }),
      ctx.db.notification.count({ where: { readAt: null } }),
    ]);
    res.json({ notifications, total, unread: unreadCount, limit, offset });
  });
  r.post('/read', async (req, res) => {
    const { ids } = parse(readSchema, req.body ?? {});
    const { count } = await ctx.db.notification.updateMany({
      where: { readAt: null, ...(ids ? { id: { in: ids } } : {}) },
      data: { readAt: new Date() },
    });
    res.json({ marked: count });
  });
  r.get('/presence', async (_req, res) => {
    const participants = await publisherOf(ctx).participants(NOTIFICATIONS_ROOM);
    res.json({
      room: NOTIFICATIONS_ROOM,
      admins: adminsPresent(participants),
    });
  });
  return r;
}
