import { z } from 'zod';
import { LIMITS, isCalendarDay } from './bounds';

/**
 * The analysis contract, in two layers:
 * - {@link draftSchema}: what a provider (an LLM, or the deterministic extractor) proposes. Every
 *   extracted field carries the transcript quote it came from. Numbers and dates are only checked
 *   for their type here: one out of range ("two million guests") is dropped, with its reason, when
 *   the draft is grounded, and does not fail the whole answer.
 * - {@link callAnalysisSchema}: what Booth keeps after grounding the draft in the transcript (fields
 *   whose quote is not in the call are dropped, dates and numbers re-read from their quotes). This is
 *   what lands on the analysis row, the contact and the CLI's JSON; its numbers and dates are
 *   within {@link LIMITS}.
 */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'booked', 'lost'] as const;
export const SENTIMENTS = ['hot', 'warm', 'cold'] as const;
export const FIELD_NAMES = ['eventType', 'eventDate', 'guestCount', 'venue', 'budget'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type Sentiment = (typeof SENTIMENTS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
/** A real calendar day (what is kept); the draft's dates only need the shape. */
const calendarDay = isoDate.refine(isCalendarDay, 'not a calendar date');
const quote = z.string().max(1000).nullable();

const evidenced = <T extends z.ZodTypeAny>(value: T) =>
  z.object({ value: value.nullable(), quote }).default({ value: null, quote: null });

export const actionItemSchema = z.object({
  text: z.string().trim().min(1).max(500),
  owner: z.enum(['admin', 'client']),
  dueDate: isoDate.nullable().default(null),
});
export type ActionItem = z.infer<typeof actionItemSchema>;

export const needsSchema = z.object({
  quote: z.boolean().default(false),
  invoice: z.boolean().default(false),
  contract: z.boolean().default(false),
});

export const draftSchema = z.object({
  summary: z.string().trim().min(1).max(4000),
  // An unreadable due date ("next Friday", "0000-00-00") is no due date, not an invalid answer.
  actionItems: z
    .array(actionItemSchema.extend({ dueDate: isoDate.nullable().catch(null), quote: quote.default(null) }))
    .max(30),
  leadStatus: z.enum(LEAD_STATUSES).nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  sentimentReason: z.string().max(500).nullable().default(null),
  fields: z.object({
    eventType: evidenced(z.string().trim().min(1).max(100)),
    eventDate: evidenced(isoDate),
    guestCount: evidenced(z.number().finite()),
    venue: evidenced(z.string().trim().min(1).max(200)),
    budget: evidenced(z.number().finite()),
  }),
  needs: needsSchema.default({}),
});
export type AnalysisDraft = z.infer<typeof draftSchema>;

export const callAnalysisSchema = z.object({
  summary: z.string(),
  actionItems: z.array(actionItemSchema.extend({ dueDate: calendarDay.nullable() })),
  leadStatus: z.enum(LEAD_STATUSES).nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  sentimentReason: z.string().nullable(),
  eventType: z.string().nullable(),
  eventDate: calendarDay.nullable(),
  guestCount: z.number().int().min(LIMITS.guestCount.min).max(LIMITS.guestCount.max).nullable(),
  venue: z.string().nullable(),
  /** In whole currency units, as said on the call. */
  budget: z.number().min(LIMITS.budget.min).max(LIMITS.budget.max).nullable(),
  needs: needsSchema,
  /** The transcript quote each kept field came from. */
  evidence: z.record(z.string(), z.string()),
  /** Fields proposed but not kept, and why (no hallucinated venues). */
  dropped: z.array(z.object({ field: z.string(), value: z.unknown(), reason: z.string() })),
  /** Notable things about the input, e.g. instruction-like text that was ignored. */
  flags: z.array(z.string()),
});
export type CallAnalysis = z.infer<typeof callAnalysisSchema>;

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const field = (value: Record<string, unknown>, description: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  required: ['value', 'quote'],
  properties: {
    value: nullable(value),
    quote: nullable({ type: 'string', description: 'The exact words from the transcript.' }),
  },
});

/** JSON Schema of {@link draftSchema} (strict: every property required, no extras), sent as the output format. */
export const draftJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'actionItems', 'leadStatus', 'sentiment', 'sentimentReason', 'fields', 'needs'],
  properties: {
    summary: { type: 'string' },
    actionItems: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'owner', 'dueDate', 'quote'],
        properties: {
          text: { type: 'string' },
          owner: { type: 'string', enum: ['admin', 'client'] },
          dueDate: nullable(date),
          quote: nullable({ type: 'string' }),
        },
      },
    },
    leadStatus: nullable({ type: 'string', enum: [...LEAD_STATUSES] }),
    sentiment: nullable({ type: 'string', enum: [...SENTIMENTS] }),
    sentimentReason: nullable({ type: 'string' }),
    fields: {
      type: 'object',
      additionalProperties: false,
      required: [...FIELD_NAMES],
      properties: {
        eventType: field({ type: 'string' }, 'wedding, birthday, corporate, anniversary, ...'),
        eventDate: field(date, 'The event date as YYYY-MM-DD.'),
        guestCount: field({ type: 'integer' }, 'Number of guests.'),
        venue: field({ type: 'string' }, 'Name of the venue.'),
        budget: field({ type: 'number' }, "The client's budget in whole dollars."),
      },
    },
    needs: {
      type: 'object',
      additionalProperties: false,
      required: ['quote', 'invoice', 'contract'],
      properties: {
        quote: { type: 'boolean' },
        invoice: { type: 'boolean' },
        contract: { type: 'boolean' },
      },
    },
  },
} as const;

/**
 * {@link draftJsonSchema} with its size bounded (summary ≤ 400 characters, other strings ≤ 120, at most
 * 4 action items) and the summary generated last. Grammar-constrained local servers (llama.cpp, vLLM,
 * Ollama) enforce these, so a small model that loops inside a string is cut off by the grammar and the
 * answer stays valid JSON of at most ~1,000 tokens; OpenAI's strict mode rejects length keywords, so
 * this is opt-in (LLM_SCHEMA_LIMITS).
 */
export function limitedDraftJsonSchema(): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(draftJsonSchema)) as Record<string, unknown>;
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, key));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'string' && !o.enum && !o.pattern) o.maxLength = key === 'summary' ? 400 : 120;
    if (o.type === 'array') o.maxItems = 4;
    for (const [k, v] of Object.entries(o))
      visit(v, k === 'properties' || k === 'items' || k === 'anyOf' ? key : k);
  };
  visit(copy);
  const props = copy.properties as Record<string, unknown>;
  const { summary, ...rest } = props;
  copy.properties = { ...rest, summary };
  copy.required = [...Object.keys(rest), 'summary'];
  return copy;
}
