import { Router } from 'express';
import { z } from 'zod';
import { ANALYSED_CONTACT_FIELDS, auditJson, auditValue, dayToDate, type Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import type { ApiContext } from '../context';
import { notify } from '../notify';
import { MAX_BUDGET_CENTS, MAX_GUESTS, calendarDate, idParams, int, safe, text } from '@booth/shared/api';
import { parse } from '../validate';
import { pageSchema } from './pagination';
import { sessionSelect } from './sessions';

const listSchema = pageSchema.extend({ q: text(200).optional() });

const fieldsSchema = z.object({
  name: text(200, { min: 1 }),
  phone: text(40).nullable(),
  email: safe(z.string().trim().email().max(200)).nullable(),
  leadStatus: z.enum(['new', 'contacted', 'qualified', 'booked', 'lost']),
  eventType: text(100, { min: 1 }).nullable(),
  eventDate: calendarDate().nullable(),
  guestCount: int(1, MAX_GUESTS).nullable(),
  venue: text(200, { min: 1 }).nullable(),
  budgetCents: int(0, MAX_BUDGET_CENTS).nullable(),
  sentiment: z.enum(['hot', 'warm', 'cold']).nullable(),
});
const createSchema = fieldsSchema.partial().required({ name: true }).strict();
const patchSchema = fieldsSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');

const toColumn = (field: string, v: unknown) =>
  field === 'eventDate' && typeof v === 'string' ? dayToDate(v) : v;
const isAnalysed = (field: string) => (ANALYSED_CONTACT_FIELDS as readonly string[]).includes(field);

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
    const { id } = parse(idParams, req.params);
    const contact = await ctx.db.contact.findUnique({
      where: { id },
      include: {
        quotes: { orderBy: { createdAt: 'desc' } },
        invoices: { orderBy: { createdAt: 'desc' } },
        contracts: { orderBy: { createdAt: 'desc' } },
        notes: { orderBy: { createdAt: 'desc' } },
        tasks: { orderBy: { createdAt: 'desc' } },
        // The columns the session endpoints show: never the invite hash or the transcriber heartbeat.
        sessions: { select: sessionSelect, orderBy: { createdAt: 'desc' }, take: 50 },
        changes: { orderBy: { createdAt: 'desc' }, take: 100 },
      },
    });
    if (!contact) throw notFound('contact not found');
    res.json(contact);
  });

  /** POST /api/contacts — a new lead; admins are notified. */
  r.post('/', async (req, res) => {
    const body = parse(createSchema, req.body);
    const data = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, toColumn(k, v)]));
    const contact = await ctx.db.contact.create({
      data: {
        ...(data as Prisma.ContactCreateInput),
        manualFields: Object.keys(body).filter(isAnalysed),
      },
    });
    await notify(ctx, {
      type: 'new_lead',
      title: `New lead: ${contact.name}`,
      contactId: contact.id,
      dedupeKey: `new-lead-${contact.id}`,
    });
    res.status(201).json(contact);
  });

  /**
   * PATCH /api/contacts/:id — an admin's edit. Each changed field is audited; fields call analysis
   * fills become the admin's (`manualFields`) and later analyses leave them alone.
   */
  r.patch('/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const body = parse(patchSchema, req.body);
    const updated = await ctx.db.$transaction(async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id } });
      if (!contact) throw notFound('contact not found');
      const data: Record<string, unknown> = {};
      const audit: Prisma.ContactChangeCreateManyInput[] = [];
      for (const [field, value] of Object.entries(body)) {
        const next = toColumn(field, value);
        const before = contact[field as keyof typeof contact];
        if (JSON.stringify(auditValue(before)) === JSON.stringify(auditValue(next))) continue;
        data[field] = next;
        audit.push({
          contactId: id,
          field,
          oldValue: auditJson(before),
          newValue: auditJson(next),
          source: 'admin',
          actorId: req.admin?.id ?? null,
        });
      }
      const manual = new Set(contact.manualFields);
      for (const f of Object.keys(body)) if (isAnalysed(f)) manual.add(f);
      if (audit.length) await tx.contactChange.createMany({ data: audit });
      return tx.contact.update({ where: { id }, data: { ...data, manualFields: [...manual] } });
    });
    res.json(updated);
  });
  return r;
}
