import { z } from 'zod';

/** A contact as a row about it (task, quote, invoice, call) names it: enough to link to its page. */
export const contactRefSchema = z.object({ id: z.string(), name: z.string() });
export type ContactRef = z.output<typeof contactRefSchema>;

/** The Prisma `select` that gives {@link contactRefSchema}. */
export const contactRefSelect = { select: { id: true, name: true } } as const;
