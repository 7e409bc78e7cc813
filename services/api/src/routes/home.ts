import { Router } from 'express';
import { HOME_LEADS, HOME_NOTIFICATIONS, HOME_TASKS, contactRefSelect, homeApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { dueWhere, serverToday, taskInclude, taskOrder } from './tasks';

/** Calls and consultations someone may be on or about to join (assistant and collaboration rooms are not calls). */
const openCalls = {
  status: { not: 'ended' as const },
  kind: { in: ['call' as const, 'consultation' as const] },
};

export function homeRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, homeApi.get, async ({ query }) => {
    const today = query.today ?? serverToday();
    const todo = { ...dueWhere('today', today), done: false };
    const [tasks, tasksTotal, newLeads, newLeadsTotal, calls, unreadNotifications, notifications] =
      await Promise.all([
        ctx.db.task.findMany({ where: todo, include: taskInclude, orderBy: taskOrder, take: HOME_TASKS }),
        ctx.db.task.count({ where: todo }),
        ctx.db.contact.findMany({
          where: { leadStatus: 'new' },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: HOME_LEADS,
        }),
        ctx.db.contact.count({ where: { leadStatus: 'new' } }),
        ctx.db.session.findMany({
          // A consultation scheduled for later is listed with the upcoming ones, not as a call now.
          where: {
            ...openCalls,
            OR: [
              { status: { not: 'scheduled' } },
              { scheduledAt: null },
              { scheduledAt: { lte: new Date() } },
            ],
          },
          select: {
            id: true,
            roomName: true,
            kind: true,
            status: true,
            createdAt: true,
            startedAt: true,
            contact: contactRefSelect,
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: 50,
        }),
        ctx.db.notification.count({ where: { readAt: null } }),
        ctx.db.notification.findMany({
          where: { readAt: null },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: HOME_NOTIFICATIONS,
        }),
      ]);
    return {
      today,
      tasks,
      tasksTotal,
      newLeads,
      newLeadsTotal,
      calls,
      unreadNotifications,
      notifications,
    };
  });
  return r;
}
