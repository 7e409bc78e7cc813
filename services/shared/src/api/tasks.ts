import { z } from 'zod';
import { contactRefSchema } from './contact-ref';
import { day, endpoint, pageQuery, timestamp } from './contract';
import { calendarDate, idParams, rowId } from './fields';

/**
 * Which tasks by due date, relative to `today`: `today` is everything due by the end of today (due
 * today or overdue: the day's to-do list), `overdue` due before today, `upcoming` due after today,
 * `all` any due date or none.
 */
export const TASK_DUE = ['today', 'overdue', 'upcoming', 'all'] as const;
export type TaskDue = (typeof TASK_DUE)[number];
export const TASK_STATUS = ['open', 'done', 'all'] as const;

/** A follow-up from a call or set by an admin, with the contact it is for. */
export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Who has to act: "admin" (our staff) or "client". */
  owner: z.string(),
  dueDate: day().nullable(),
  done: z.boolean(),
  contactId: z.string().nullable(),
  contact: contactRefSchema.nullable(),
  /** The call it came from. */
  sessionId: z.string().nullable(),
  createdAt: timestamp(),
});
export type Task = z.output<typeof taskSchema>;

/**
 * The caller's today (`YYYY-MM-DD`, the dashboard sends the browser's): due dates are calendar days,
 * so "today" is the admin's. Without it, the server's local date.
 */
export const todayQuery = z.object({ today: calendarDate().optional() });

const list = endpoint({
  method: 'GET',
  path: '/api/tasks',
  summary:
    'Tasks by due date (today = due today or overdue; overdue; upcoming; all) and status (default open), with their contact; undated tasks last.',
  query: pageQuery.merge(todayQuery).extend({
    due: z.enum(TASK_DUE).default('all'),
    status: z.enum(TASK_STATUS).default('open'),
    contactId: rowId().optional(),
  }),
  response: z.object({
    tasks: z.array(taskSchema),
    total: z.number(),
    limit: z.number(),
    offset: z.number(),
    /** The day `due` was taken against. */
    today: z.string(),
  }),
});

const update = endpoint({
  method: 'PATCH',
  path: '/api/tasks/:id',
  summary: 'Mark a task done or open again.',
  params: idParams,
  body: z.object({ done: z.boolean() }).strict(),
  response: taskSchema,
});

/** Tasks (/api/tasks). */
export const tasksApi = { list, update };
