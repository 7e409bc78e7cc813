import { z } from 'zod';
import { contractSchema, invoiceSchema, quoteSchema } from './billing';
import { bigintNumber, day, endpoint, json, pageQuery, timestamp } from './contract';
import { MAX_BUDGET_CENTS, MAX_GUESTS, calendarDate, idParams, int, safe, text } from './fields';
import { phoneCallFieldsSchema } from './sessions';
import { taskSchema } from './tasks';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'booked', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const SENTIMENTS = ['hot', 'warm', 'cold'] as const;

/** A lead or client and their event, as call analysis and the admins fill it in. */
export const contactSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  leadStatus: z.enum(LEAD_STATUSES),
  eventType: z.string().nullable(),
  eventDate: day().nullable(),
  guestCount: z.number().nullable(),
  venue: z.string().nullable(),
  /** The client's budget in cents (a bigint column). */
  budgetCents: bigintNumber().nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  /** Fields an admin set by hand; call analysis never overwrites them. */
  manualFields: z.array(z.string()),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Contact = z.output<typeof contactSchema>;

/** One change of a contact field: by an admin, or proposed by call analysis (kept unapplied when the field was set by hand). */
export const contactChangeSchema = z.object({
  id: z.string(),
  field: z.string(),
  oldValue: json(),
  newValue: json(),
  /** "analysis" or "admin". */
  source: z.string(),
  applied: z.boolean(),
  reason: z.string().nullable(),
  sessionId: z.string().nullable(),
  actorId: z.string().nullable(),
  createdAt: timestamp(),
});
export type ContactChange = z.output<typeof contactChangeSchema>;

export const noteSchema = z.object({
  id: z.string(),
  body: z.string(),
  sessionId: z.string().nullable(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: timestamp(),
});
export type Note = z.output<typeof noteSchema>;

/**
 * A call or room of the contact: the columns every session endpoint shows (never its invite hash) and,
 * for a phone call, how it went.
 */
export const contactCallSchema = z.object({
  id: z.string(),
  roomName: z.string(),
  kind: z.string(),
  status: z.string(),
  contactId: z.string().nullable(),
  createdAt: timestamp(),
  startedAt: timestamp().nullable(),
  endedAt: timestamp().nullable(),
  ...phoneCallFieldsSchema.shape,
});
export type ContactCall = z.output<typeof contactCallSchema>;

/** A contact with everything about them: newest first; the latest 50 calls and 100 changes. */
export const contactDetailSchema = contactSchema.extend({
  quotes: z.array(quoteSchema),
  invoices: z.array(invoiceSchema),
  contracts: z.array(contractSchema),
  notes: z.array(noteSchema),
  tasks: z.array(taskSchema),
  sessions: z.array(contactCallSchema),
  changes: z.array(contactChangeSchema),
});
export type ContactDetail = z.output<typeof contactDetailSchema>;

/** What an admin may set. */
export const contactFieldsSchema = z.object({
  name: text(200, { min: 1 }),
  phone: text(40).nullable(),
  email: safe(z.string().trim().email().max(200)).nullable(),
  leadStatus: z.enum(LEAD_STATUSES),
  eventType: text(100, { min: 1 }).nullable(),
  eventDate: calendarDate().nullable(),
  guestCount: int(1, MAX_GUESTS).nullable(),
  venue: text(200, { min: 1 }).nullable(),
  budgetCents: int(0, MAX_BUDGET_CENTS).nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
});
export type ContactFields = z.input<typeof contactFieldsSchema>;

const list = endpoint({
  method: 'GET',
  path: '/api/contacts',
  summary:
    'Contacts, last changed first; `q` matches name, email, phone or venue; by lead status and created on or after `since`.',
  query: pageQuery.extend({
    q: text(200).optional(),
    leadStatus: z.enum(LEAD_STATUSES).optional(),
    since: calendarDate().optional(),
  }),
  response: z.object({
    contacts: z.array(contactSchema),
    total: z.number(),
    limit: z.number(),
    offset: z.number(),
  }),
});

const get = endpoint({
  method: 'GET',
  path: '/api/contacts/:id',
  summary: 'A contact with their quotes, invoices, contracts, notes, tasks, calls and change history.',
  params: idParams,
  response: contactDetailSchema,
});

const create = endpoint({
  method: 'POST',
  path: '/api/contacts',
  status: 201,
  summary: 'A new lead (the fields given are hand-set); the admins are notified.',
  body: contactFieldsSchema.partial().required({ name: true }).strict(),
  response: contactSchema,
});

const update = endpoint({
  method: 'PATCH',
  path: '/api/contacts/:id',
  summary:
    'An admin edit: each changed field is audited, and the fields call analysis fills become hand-set (analysis leaves them alone).',
  params: idParams,
  body: contactFieldsSchema
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, 'nothing to update'),
  response: contactSchema,
});

/** Contacts (/api/contacts). */
export const contactsApi = { list, get, create, update };
