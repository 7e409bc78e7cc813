import { Router } from 'express';
import { dayToDate, type Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import { contactRefSelect, tasksApi, type TaskDue } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

/** Today in the server's time zone, `YYYY-MM-DD` (for callers that do not say what their today is). */
export function serverToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Tasks by due date against `today` (a `YYYY-MM-DD` day; due dates are date columns). */
export function dueWhere(due: TaskDue, today: string): Prisma.TaskWhereInput {
  const day = dayToDate(today);
  switch (due) {
    case 'today':
      return { dueDate: { lte: day } };
    case 'overdue':
      return { dueDate: { lt: day } };
    case 'upcoming':
      return { dueDate: { gt: day } };
    case 'all':
      return {};
  }
}

/** Earliest due first, undated last; ties in the order they were made. */
export const taskOrder: Prisma.TaskOrderByWithRelationInput[] = [
  { dueDate: { sort: 'asc', nulls: 'last' } },
  { createdAt: 'asc' },
  { id: 'asc' },
];

export const taskInclude = { contact: contactRefSelect } as const;

export function taskRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, tasksApi.list, async ({ query: { due, status, contactId, limit, offset, ...q } }) => {
    const today = q.today ?? serverToday();
    const where: Prisma.TaskWhereInput = {
      ...dueWhere(due, today),
      ...(status === 'all' ? {} : { done: status === 'done' }),
      ...(contactId ? { contactId } : {}),
    };
    const [tasks, total] = await Promise.all([
      ctx.db.task.findMany({ where, include: taskInclude, orderBy: taskOrder, take: limit, skip: offset }),
      ctx.db.task.count({ where }),
    ]);
    return { tasks, total, limit, offset, today };
  });

  serve(r, tasksApi.update, async ({ params: { id }, body: { done } }) => {
    const { count } = await ctx.db.task.updateMany({ where: { id }, data: { done } });
    if (!count) throw notFound('task not found');
    return ctx.db.task.findUniqueOrThrow({ where: { id }, include: taskInclude });
  });
  return r;
}
