import { Router } from 'express';
import { contactRefSelect, quotesApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';

export function quoteRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, quotesApi.list, async ({ query: { status, contactId, limit, offset } }) => {
    const where = { ...(status ? { status } : {}), ...(contactId ? { contactId } : {}) };
    const [quotes, total] = await Promise.all([
      ctx.db.quote.findMany({
        where,
        include: { contact: contactRefSelect },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: limit,
        skip: offset,
      }),
      ctx.db.quote.count({ where }),
    ]);
    return { quotes, total, limit, offset };
  });
  return r;
}
