import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Endpoint, ResponseInput } from '@booth/shared/api';
import { parse } from './validate';

type Parsed<S> = [NonNullable<S>] extends [never] ? undefined : z.output<NonNullable<S> & z.ZodTypeAny>;

/** A request as a handler sees it: params, query and body parsed by the endpoint's schemas. */
export interface EndpointRequest<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  body: Parsed<E['body']>;
  req: Request;
  res: Response;
}

const methods = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * Serves endpoint `e` (a contract from @booth/shared/api) on `router`: the request is parsed with the
 * contract's schemas (400 naming each problem), and what the handler returns goes out through the
 * contract's response schema, so the wire carries exactly the contract's fields (an unlisted column,
 * say an invite hash, never leaks) in the contract's JSON form. A response that does not match is a
 * bug: logged by the error handler as a 500, never sent.
 */
export function serve<E extends Endpoint>(
  router: Router,
  e: E,
  handler: (r: EndpointRequest<E>) => Promise<ResponseInput<E>> | ResponseInput<E>,
): void {
  router[methods[e.method]](e.path, async (req: Request, res: Response) => {
    const input = {
      params: (e.params ? parse(e.params, req.params) : undefined) as Parsed<E['params']>,
      query: (e.query ? parse(e.query, req.query) : undefined) as Parsed<E['query']>,
      body: (e.body ? parse(e.body, req.body ?? {}) : undefined) as Parsed<E['body']>,
    };
    const out = await handler({ ...input, req, res });
    if (res.headersSent) return;
    const wire = e.response.safeParse(out);
    if (!wire.success) {
      throw new Error(
        `response of ${e.method} ${e.path} does not match its contract: ${wire.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    res.status(e.status ?? 200).json(wire.data);
  });
}
