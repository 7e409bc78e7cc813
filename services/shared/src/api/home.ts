import { z } from 'zod';
import { contactRefSchema } from './contact-ref';
import { contactSchema } from './contacts';
import { endpoint, timestamp } from './contract';
import { notificationSchema } from './notifications';
import { taskSchema, todayQuery } from './tasks';

/** How many of each list the home screen shows (the counts say how many there are). */
export const HOME_TASKS = 20;
export const HOME_LEADS = 10;
export const HOME_NOTIFICATIONS = 5;

/** A call or consultation not ended yet (scheduled or under way). */
export const openCallSchema = z.object({
  id: z.string(),
  roomName: z.string(),
  kind: z.string(),
  status: z.string(),
  contact: contactRefSchema.nullable(),
  createdAt: timestamp(),
  startedAt: timestamp().nullable(),
});
export type OpenCall = z.output<typeof openCallSchema>;

export const homeSchema = z.object({
  /** The day "today" was taken as. */
  today: z.string(),
  /** Open tasks due today or overdue, earliest due first. */
  tasks: z.array(taskSchema),
  tasksTotal: z.number(),
  /** Leads still `new`, newest first. */
  newLeads: z.array(contactSchema),
  newLeadsTotal: z.number(),
  /** Calls and consultations not ended, newest first. */
  calls: z.array(openCallSchema),
  unreadNotifications: z.number(),
  /** The latest unread notifications. */
  notifications: z.array(notificationSchema),
});
export type Home = z.output<typeof homeSchema>;

const get = endpoint({
  method: 'GET',
  path: '/api/home',
  summary:
    "The home screen: today's open tasks (due today or overdue), new leads, calls in progress, unread notifications.",
  query: todayQuery,
  response: homeSchema,
});

/** The home screen (/api/home). */
export const homeApi = { get };
