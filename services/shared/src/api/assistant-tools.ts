import { z } from 'zod';
import { INVOICE_STATUSES } from './billing';
import { LEAD_STATUSES } from './contacts';
import { calendarDate, text } from './fields';

/**
 * The assistant's tools: each one's name, what it does (the sentence a model reads), its arguments as
 * a zod schema (what every planner's output is validated with, the deterministic planner's and a
 * model's alike) and whether it changes data. A tool that changes data is only ever proposed; it runs
 * when the admin confirms it.
 */

/** Dashboard places `navigate` goes to. */
export const ASSISTANT_ROUTES = [
  'dashboard',
  'contacts',
  'calls',
  'tasks',
  'quotes',
  'invoices',
  'calendar',
  'notifications',
  'search',
  'settings',
] as const;
export type AssistantRoute = (typeof ASSISTANT_ROUTES)[number];

/** The dashboard path of each place. */
export const ROUTE_PATHS: Record<AssistantRoute, string> = {
  dashboard: '/',
  contacts: '/contacts',
  calls: '/calls',
  tasks: '/tasks',
  quotes: '/quotes',
  invoices: '/invoices',
  calendar: '/calendar',
  notifications: '/notifications',
  search: '/search',
  settings: '/settings',
};

/** A contact as said ("Sarah", "the Lees", "sara lee"): resolved against the CRM, fuzzily. */
const contactName = () => text(120, { min: 1 });

export const toolArgs = {
  /** Contacts by lead status, created on or after `since`, and/or matching `query` (name, email, phone, venue). */
  list_contacts: z
    .object({
      leadStatus: z.enum(LEAD_STATUSES).optional(),
      since: calendarDate().optional(),
      query: text(120, { min: 1 }).optional(),
    })
    .strict(),
  open_contact: z.object({ name: contactName() }).strict(),
  update_lead_status: z.object({ name: contactName(), leadStatus: z.enum(LEAD_STATUSES) }).strict(),
  add_note: z.object({ name: contactName(), text: text(2000, { min: 1 }) }).strict(),
  create_task: z
    .object({ name: contactName().optional(), text: text(500, { min: 1 }), due: calendarDate().optional() })
    .strict(),
  /** Open tasks due by `due` (overdue included); without it, every open task. */
  list_tasks: z.object({ due: calendarDate().optional() }).strict(),
  /** `unpaid` is sent and overdue. */
  list_invoices: z
    .object({ status: z.enum([...INVOICE_STATUSES, 'unpaid']).optional(), name: contactName().optional() })
    .strict(),
  open_quote: z.object({ name: contactName() }).strict(),
  open_invoice: z.object({ name: contactName() }).strict(),
  /**
   * Full-text search over what was said on calls; answers with the sentences, who said them and a link
   * to the moment. `speaker` keeps what one person said ("what did Priya say about the budget").
   */
  search_transcripts: z.object({ query: text(200, { min: 1 }), speaker: contactName().optional() }).strict(),
  /** Opens a consultation room for the contact and emails them the invite link. */
  create_consultation: z.object({ name: contactName() }).strict(),
  navigate: z.object({ route: z.enum(ASSISTANT_ROUTES) }).strict(),
} as const;

export type ToolName = keyof typeof toolArgs;
export const TOOL_NAMES = Object.keys(toolArgs) as ToolName[];
export type ToolArgs<T extends ToolName> = z.output<(typeof toolArgs)[T]>;

/** A tool and its arguments, as planned. */
export type ToolCall = { [T in ToolName]: { tool: T; args: ToolArgs<T> } }[ToolName];

/** Tools that change data or send something: proposed, then confirmed by the admin, then run. */
export const WRITE_TOOLS: readonly ToolName[] = [
  'update_lead_status',
  'add_note',
  'create_task',
  'create_consultation',
];
export const isWriteTool = (tool: ToolName): boolean => WRITE_TOOLS.includes(tool);

/** What each tool does, in one sentence (the description a model is given). */
export const TOOL_DESCRIPTIONS: Record<ToolName, string> = {
  list_contacts:
    'List contacts (leads and clients), optionally by lead status, created on or after a day (YYYY-MM-DD), or matching text.',
  open_contact: "Open a contact's page by name.",
  update_lead_status: "Change a contact's lead status (needs the admin's confirmation).",
  add_note: 'Add a note to a contact (needs the admin’s confirmation).',
  create_task: 'Create a follow-up task, optionally for a contact and due on a day (needs confirmation).',
  list_tasks: 'List open tasks, optionally only those due by a day (YYYY-MM-DD), overdue included.',
  list_invoices: 'List invoices, optionally by status (or "unpaid": sent and overdue) and contact name.',
  open_quote: "Open a contact's latest quote.",
  open_invoice: "Open a contact's latest invoice.",
  search_transcripts:
    'Search what was said on past calls (optionally only what one person said); answers with the sentences, who said them and a link to the moment.',
  create_consultation:
    'Open a consultation room for a contact and email them the invite link (needs confirmation).',
  navigate: 'Go to a page of the dashboard.',
};

/** Parses a planned call against its tool's schema: the call, or the reasons it is not valid. */
export function validateToolCall(
  tool: string,
  args: unknown,
): { ok: true; call: ToolCall } | { ok: false; reason: string } {
  if (!(tool in toolArgs)) return { ok: false, reason: `unknown tool "${tool.slice(0, 60)}"` };
  const name = tool as ToolName;
  const parsed = toolArgs[name].safeParse(args ?? {});
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
      .join('; ');
    return { ok: false, reason: `${name}: ${reason}` };
  }
  return { ok: true, call: { tool: name, args: parsed.data } as ToolCall };
}
