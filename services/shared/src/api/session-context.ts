import { z } from 'zod';
import { contractSchema, invoiceSchema, quoteSchema } from './billing';
import { contactSchema, noteSchema, SENTIMENTS } from './contacts';
import { endpoint, timestamp } from './contract';
import { idParams } from './fields';
import { taskSchema } from './tasks';

/**
 * What an admin has at hand in a call or consultation (GET /api/sessions/:id/context): the contact
 * and their event, quotes, invoices and contracts, open tasks, the latest notes, past calls with
 * their summaries, and talking points built from that record.
 */
export const TALKING_POINT_KINDS = ['payment', 'contract', 'follow-up', 'ask', 'event', 'task'] as const;
export type TalkingPointKind = (typeof TALKING_POINT_KINDS)[number];

/** One thing worth bringing up, most pressing first: what is missing, late or waiting. */
export const talkingPointSchema = z.object({
  kind: z.enum(TALKING_POINT_KINDS),
  text: z.string(),
  /** The dashboard page it is about (the quote list, the invoices, the contact's contracts). */
  href: z.string().nullable(),
});
export type TalkingPoint = z.output<typeof talkingPointSchema>;

/** An earlier call with the contact, and what its analysis made of it. */
export const pastCallSchema = z.object({
  id: z.string(),
  kind: z.string(),
  startedAt: timestamp().nullable(),
  endedAt: timestamp().nullable(),
  summary: z.string().nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
});
export type PastCall = z.output<typeof pastCallSchema>;

/** How many notes and past calls the panel shows. */
export const CONTEXT_NOTES = 5;
export const CONTEXT_PAST_CALLS = 5;

export const sessionContextSchema = z.object({
  sessionId: z.string(),
  /** Null: the session is with nobody on file yet (an unknown caller before matching, a bare room). */
  contact: contactSchema.nullable(),
  quotes: z.array(quoteSchema),
  invoices: z.array(invoiceSchema),
  contracts: z.array(contractSchema),
  /** Tasks not done, soonest due first. */
  openTasks: z.array(taskSchema),
  notes: z.array(noteSchema),
  pastCalls: z.array(pastCallSchema),
  talkingPoints: z.array(talkingPointSchema),
});
export type SessionContext = z.output<typeof sessionContextSchema>;

const get = endpoint({
  method: 'GET',
  path: '/api/sessions/:id/context',
  summary:
    'The context panel of a call: its contact, quotes, invoices, contracts, open tasks, latest notes, past calls with summaries, and talking points from that record.',
  params: idParams,
  response: sessionContextSchema,
});

export const sessionContextApi = { get };
