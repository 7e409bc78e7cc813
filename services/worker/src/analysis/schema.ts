import { z } from 'zod';

/**
 * The analysis an LLM returns for a call, validated before anything is written. The JSON Schema
 * below is the same contract, sent to the model as its structured-output format.
 */
export const analysisResultSchema = z.object({
  summary: z.string().min(1).max(4000),
  actionItems: z
    .array(
      z.object({
        text: z.string().min(1).max(500),
        owner: z.enum(['admin', 'client']),
        dueDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable()
          .optional(),
      }),
    )
    .max(50),
  leadStatus: z.enum(['new', 'contacted', 'qualified', 'booked', 'lost']).nullable(),
  sentiment: z.enum(['hot', 'warm', 'cold']).nullable(),
  sentimentReason: z.string().max(500).nullable().optional(),
  fields: z.object({
    eventType: z.string().max(100).nullable().optional(),
    eventDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .optional(),
    guestCount: z.number().int().min(1).max(100_000).nullable().optional(),
    venue: z.string().max(200).nullable().optional(),
  }),
});

export type AnalysisResult = z.infer<typeof analysisResultSchema>;

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** JSON Schema of {@link analysisResultSchema} (strict: every property required, no extras). */
export const analysisJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'actionItems', 'leadStatus', 'sentiment', 'sentimentReason', 'fields'],
  properties: {
    summary: { type: 'string', description: 'Two to four sentence note of the call for the CRM.' },
    actionItems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'owner', 'dueDate'],
        properties: {
          text: { type: 'string' },
          owner: { type: 'string', enum: ['admin', 'client'] },
          dueDate: nullable(date),
        },
      },
    },
    leadStatus: nullable({ type: 'string', enum: ['new', 'contacted', 'qualified', 'booked', 'lost'] }),
    sentiment: nullable({ type: 'string', enum: ['hot', 'warm', 'cold'] }),
    sentimentReason: nullable({ type: 'string' }),
    fields: {
      type: 'object',
      additionalProperties: false,
      required: ['eventType', 'eventDate', 'guestCount', 'venue'],
      properties: {
        eventType: nullable({ type: 'string' }),
        eventDate: nullable(date),
        guestCount: nullable({ type: 'integer' }),
        venue: nullable({ type: 'string' }),
      },
    },
  },
} as const;
