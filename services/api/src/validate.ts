import type { z } from 'zod';
import { HttpError } from '@booth/shared';

/** Parses input with a zod schema; failures become 400 with the zod issues. */
export function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new HttpError(
      400,
      'invalid request',
      r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return r.data;
}
