import { dayToDate, searchTranscripts, type Contact, type Db, type Prisma } from '@booth/db';
import {
  ROUTE_PATHS,
  UNPAID_INVOICE_STATUSES,
  type AnswerItem,
  type ToolArgs,
  type ToolCall,
} from '@booth/shared/api';
import { say, type Answer } from '../answers/answer';
import { count, joinWords, money, spokenDay, spokenList } from '../answers/format';
import { contactItem, unresolved } from './contact-answers';
import { nameScore, nameTokens, resolveContact } from './names';

/** What a tool runs against. */
export interface ToolDeps {
  db: Db;
  adminId: string;
  /** The admin's today, `YYYY-MM-DD`. */
  today: string;
}

/** Rows an answer lists in full (and the page shows); the count says how many there are. */
const LIST_LIMIT = 50;

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The contact a call names: the one the admin picked (`contactId`), else the one the name resolves to. */
async function contactFor(
  deps: ToolDeps,
  name: string,
  call: ToolCall,
  contactId?: string,
): Promise<Contact | Answer> {
  if (contactId) {
    const picked = await deps.db.contact.findUnique({ where: { id: contactId } });
    return picked ?? say('That contact no longer exists.');
  }
  const match = await resolveContact(deps.db, name);
  return match.kind === 'one' ? match.contact : unresolved(name, match, call);
}

const isAnswer = (v: Contact | Answer): v is Answer => 'text' in v && 'items' in v;

async function listContacts(deps: ToolDeps, args: ToolArgs<'list_contacts'>): Promise<Answer> {
  const where: Prisma.ContactWhereInput = {
    ...(args.leadStatus ? { leadStatus: args.leadStatus } : {}),
    ...(args.since ? { createdAt: { gte: dayToDate(args.since) } } : {}),
    ...(args.query
      ? {
          OR: [
            { name: { contains: args.query, mode: 'insensitive' } },
            { email: { contains: args.query, mode: 'insensitive' } },
            { phone: { contains: args.query } },
            { venue: { contains: args.query, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const [contacts, total] = await Promise.all([
    deps.db.contact.findMany({ where, orderBy: { createdAt: 'desc' }, take: LIST_LIMIT }),
    deps.db.contact.count({ where }),
  ]);
  const status = args.leadStatus ? `${args.leadStatus} ` : '';
  const tail = [
    args.query ? `matching "${args.query}"` : '',
    args.since ? `since ${spokenDay(args.since)}` : '',
  ]
    .filter(Boolean)
    .map((t) => ` ${t}`)
    .join('');
  const what = `${status}leads${tail}`;
  const names = contacts.map((c) => c.name);
  const more = total > contacts.length ? `, and ${total - contacts.length} more` : '';
  const text =
    total === 0
      ? `No ${what}.`
      : `${count(total, `${status}lead`, `${status}leads`)}${tail}: ${joinWords(names)}${more}.`;
  return {
    text,
    speech: spokenList(total, what, names),
    items: contacts.map(contactItem),
    choices: [],
    navigate: {
      path: `/contacts${query({ leadStatus: args.leadStatus, since: args.since, q: args.query })}`,
      highlight: null,
    },
  };
}

async function openContact(deps: ToolDeps, call: ToolCall, name: string, contactId?: string) {
  const c = await contactFor(deps, name, call, contactId);
  if (isAnswer(c)) return c;
  return {
    ...say(`Opening ${c.name}.`),
    items: [contactItem(c)],
    navigate: { path: `/contacts/${c.id}`, highlight: c.id },
  };
}

/** Tasks still open and due by `due` (overdue included), or all open ones. */
async function listTasks(deps: ToolDeps, args: ToolArgs<'list_tasks'>): Promise<Answer> {
  const where: Prisma.TaskWhereInput = {
    done: false,
    ...(args.due ? { dueDate: { lte: dayToDate(args.due) } } : {}),
  };
  const [tasks, total] = await Promise.all([
    deps.db.task.findMany({
      where,
      include: { contact: { select: { id: true, name: true } } },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
      take: LIST_LIMIT,
    }),
    deps.db.task.count({ where }),
  ]);
  const when = args.due ? (args.due === deps.today ? 'due today' : `due by ${spokenDay(args.due)}`) : 'open';
  const items: AnswerItem[] = tasks.map((t) => ({
    kind: 'task',
    id: t.id,
    title: t.title,
    subtitle:
      [t.contact?.name, t.dueDate ? `due ${t.dueDate.toISOString().slice(0, 10)}` : null]
        .filter(Boolean)
        .join(' · ') || null,
    path: t.contact ? `/contacts/${t.contact.id}` : '/tasks',
  }));
  const titles = tasks.map((t) => t.title);
  return {
    text: total === 0 ? `No tasks ${when}.` : `${count(total, 'task')} ${when}: ${titles.join('; ')}.`,
    speech: spokenList(total, `tasks ${when}`, titles),
    items,
    choices: [],
    navigate: { path: args.due === deps.today ? '/tasks?due=today' : '/tasks', highlight: null },
  };
}

async function listInvoices(
  deps: ToolDeps,
  call: ToolCall,
  args: ToolArgs<'list_invoices'>,
  contactId?: string,
): Promise<Answer> {
  let contact: Contact | undefined;
  if (args.name) {
    const c = await contactFor(deps, args.name, call, contactId);
    if (isAnswer(c)) return c;
    contact = c;
  }
  const where: Prisma.InvoiceWhereInput = {
    ...(args.status === 'unpaid'
      ? { status: { in: [...UNPAID_INVOICE_STATUSES] } }
      : args.status
        ? { status: args.status }
        : {}),
    ...(contact ? { contactId: contact.id } : {}),
  };
  const [invoices, total, sums] = await Promise.all([
    deps.db.invoice.findMany({
      where,
      include: { contact: { select: { id: true, name: true } } },
      orderBy: { createdAt: 'desc' },
      take: LIST_LIMIT,
    }),
    deps.db.invoice.count({ where }),
    deps.db.invoice.groupBy({ by: ['currency'], where, _sum: { amountCents: true } }),
  ]);
  const status = args.status ? `${args.status} ` : '';
  const tail = contact ? ` for ${contact.name}` : '';
  const what = `${status}invoices${tail}`;
  const totals = sums.map((s) => money(s._sum.amountCents ?? 0, s.currency));
  const lines = invoices.map((i) => `${i.number} (${i.contact.name}, ${money(i.amountCents, i.currency)})`);
  const head = `${count(total, `${status}invoice`, `${status}invoices`)}${tail}, ${joinWords(totals)} in all`;
  const text = total === 0 ? `No ${what}.` : `${head}: ${lines.join('; ')}.`;
  return {
    text,
    speech: total === 0 ? text : `${head}.`,
    items: invoices.map((i) => ({
      kind: 'invoice' as const,
      id: i.id,
      title: `${i.number} · ${i.contact.name}`,
      subtitle: `${i.status} · ${money(i.amountCents, i.currency)}${i.dueDate ? ` · due ${i.dueDate.toISOString().slice(0, 10)}` : ''}`,
      path: `/invoices${query({ status: 'all', contactId: i.contactId })}`,
    })),
    choices: [],
    navigate: {
      path: `/invoices${query({ status: args.status ?? 'all', contactId: contact?.id })}`,
      highlight: null,
    },
  };
}

async function openBilling(
  deps: ToolDeps,
  call: ToolCall,
  kind: 'quote' | 'invoice',
  name: string,
  contactId?: string,
): Promise<Answer> {
  const c = await contactFor(deps, name, call, contactId);
  if (isAnswer(c)) return c;
  const row =
    kind === 'quote'
      ? await deps.db.quote.findFirst({ where: { contactId: c.id }, orderBy: { createdAt: 'desc' } })
      : await deps.db.invoice.findFirst({ where: { contactId: c.id }, orderBy: { createdAt: 'desc' } });
  if (!row) return say(`${c.name} has no ${kind}s yet.`);
  const title = 'title' in row ? row.title : row.number;
  // Every status, so the row opened is on the page (invoices default to unpaid ones).
  const path = `/${kind}s${query({ status: 'all', contactId: c.id })}`;
  return {
    ...say(`Opening ${c.name}'s ${kind}: ${title}, ${row.status}, ${money(row.amountCents, row.currency)}.`),
    items: [{ kind, id: row.id, title: `${title} · ${c.name}`, subtitle: row.status, path }],
    navigate: { path, highlight: row.id },
  };
}

const SEARCH_LIMIT = 10;
/** Hits looked through for one speaker's. */
const SPEAKER_POOL = 200;

/** What was said about `query` on calls: the sentences, who said them, a link to each moment. */
async function searchCalls(deps: ToolDeps, args: ToolArgs<'search_transcripts'>): Promise<Answer> {
  const found = await searchTranscripts(deps.db, args.query, {
    limit: args.speaker ? SPEAKER_POOL : SEARCH_LIMIT,
    offset: 0,
  });
  // "What did Priya say": the speaker's own words — by their name in the call, or, for a client,
  // the name of the contact the call was with.
  const spoken = args.speaker ? nameTokens(args.speaker) : [];
  const bySpeaker = (h: (typeof found)[number]) =>
    Math.max(
      h.speakerName ? nameScore(spoken, h.speakerName) : 0,
      !h.speakerIdentity.startsWith('admin-') && h.contactName ? nameScore(spoken, h.contactName) : 0,
    ) >= 0.75;
  const hits = (args.speaker ? found.filter(bySpeaker) : found).slice(0, SEARCH_LIMIT);
  if (!hits.length) {
    return {
      ...say(
        args.speaker
          ? `${args.speaker} did not say anything about "${args.query}" on a call.`
          : `No call mentioned "${args.query}".`,
      ),
      navigate: { path: `/search${query({ q: args.query })}`, highlight: null },
    };
  }
  const who = (h: (typeof hits)[number]) =>
    h.speakerName ?? (h.speakerIdentity.startsWith('admin-') ? 'You' : 'The client');
  const calls = new Set(hits.map((h) => h.sessionId)).size;
  const first = hits[0]!;
  const lines = hits.map(
    (h) =>
      `${who(h)}${h.contactName ? ` (call with ${h.contactName}, ${h.createdAt.toISOString().slice(0, 10)})` : ''}: "${h.text}"`,
  );
  return {
    text: `${count(calls, 'call')} mentioned "${args.query}". ${lines.join(' ')}`,
    speech: `${count(calls, 'call')} mentioned ${args.query}. ${who(first)} said: ${first.text}`,
    items: hits.map((h) => ({
      kind: 'moment' as const,
      id: h.segmentId,
      title: h.contactName ? `Call with ${h.contactName}` : h.roomName,
      subtitle: h.createdAt.toISOString().slice(0, 10),
      path: `/calls/${h.sessionId}?at=${h.atMs}`,
      quote: h.text,
      speaker: who(h),
      atMs: h.atMs,
    })),
    choices: [],
    navigate: { path: `/search${query({ q: args.query })}`, highlight: null },
  };
}

/** Runs a read tool; `contactId` is the contact the admin picked when a name was ambiguous. */
export async function runRead(deps: ToolDeps, call: ToolCall, contactId?: string): Promise<Answer> {
  switch (call.tool) {
    case 'list_contacts':
      return listContacts(deps, call.args);
    case 'open_contact':
      return openContact(deps, call, call.args.name, contactId);
    case 'list_tasks':
      return listTasks(deps, call.args);
    case 'list_invoices':
      return listInvoices(deps, call, call.args, contactId);
    case 'open_quote':
      return openBilling(deps, call, 'quote', call.args.name, contactId);
    case 'open_invoice':
      return openBilling(deps, call, 'invoice', call.args.name, contactId);
    case 'search_transcripts':
      return searchCalls(deps, call.args);
    case 'navigate':
      return {
        ...say(`Going to ${call.args.route}.`),
        navigate: { path: ROUTE_PATHS[call.args.route], highlight: null },
      };
    default:
      throw new Error(`${call.tool} is not a read`);
  }
}
