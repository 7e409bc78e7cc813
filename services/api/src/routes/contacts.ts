import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '@booth/shared';
import type { ApiContext } from '../context';
import { parse } from '../validate';
import { pageSchema } from './pagination';

const listSchema = pageSchema.extend({ q: z.string().trim().max(200).optional() });
const idSchema = z.object({ id: z.string().min(1).max(64) });

export function contactRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { q, limit, offset } = parse(listSchema, req.query);
    const where = q
      ? {
          OR: [
            { name: { contains: q, mode: 'insensitive' as const } },
            { email: { contains: q, mode: 'insensitive' as const } },
            { phone: { contains: q } },
          ],
        }
      : {};
    const [contacts, total] = await Promise.all([
      ctx.db.contact.findMany({ where, orderBy: { updatedAt: 'desc' }, take: limit, skip: offset }),
      ctx.db.contact.count({ where }),
    ]);
    res.json({ contacts, total, limit, offset });
  });

  r.get('/:id', async (req, res) => {
    const { id } = parse(idSchema, req.params);
    const contact = await ctx.db.contact.findUnique({
      where: { id },
      include: {
        quotes: { orderBy: { createdAt: 'desc' } },
        invoices: { orderBy: { createdAt: 'desc' } },
        contracts: { orderBy: { createdAt: 'desc' } },
        notes: { orderBy: { createdAt: 'desc' } },
        tasks: { orderBy: { createdAt: 'desc' } },
        sessions: { orderBy: { createdAt: 'desc' }, take: 50 },
      },
    });
    if (!contact) throw notFound('contact not found');
    res.json(contact);
  });
  return r;
}
