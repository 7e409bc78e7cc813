import { Router } from 'express';
import { ANALYSED_CONTACT_FIELDS, auditJson, auditValue, dayToDate, type Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import { contactRefSelect, contactsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { notify } from '../notify';

const toColumn = (field: string, v: unknown) =>
  field === 'eventDate' && typeof v === 'string' ? dayToDate(v) : v;
const isAnalysed = (field: string) => (ANALYSED_CONTACT_FIELDS as readonly string[]).includes(field);

/** The session columns a contact's calls show: never the invite hash or the transcriber heartbeat. */
const callSelect = {
  id: true,
  roomName: true,
  kind: true,
  status: true,
  contactId: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
} as const;

export function contactRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, contactsApi.list, async ({ query: { q, limit, offset } }) => {
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
    return { contacts, total, limit, offset };
  });

  serve(r, contactsApi.get, async ({ params: { id } }) => {
    const contact = await ctx.db.contact.findUnique({
      where: { id },
      include: {
        quotes: { orderBy: { createdAt: 'desc' }, include: { contact: contactRefSelect } },
        invoices: { orderBy: { createdAt: 'desc' }, include: { contact: contactRefSelect } },
        contracts: { orderBy: { createdAt: 'desc' }, include: { contact: contactRefSelect } },
        notes: { orderBy: { createdAt: 'desc' }, include: { author: { select: { id: true, name: true } } } },
        tasks: { orderBy: { createdAt: 'desc' }, include: { contact: contactRefSelect } },
        sessions: { select: callSelect, orderBy: { createdAt: 'desc' }, take: 50 },
        changes: { orderBy: { createdAt: 'desc' }, take: 100 },
      },
    });
    if (!contact) throw notFound('contact not found');
    return contact;
  });

  /** A new lead; admins are notified. */
  serve(r, contactsApi.create, async ({ body }) => {
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
    return contact;
  });

  /**
   * An admin's edit. Each changed field is audited; fields call analysis fills become the admin's
   * (`manualFields`) and later analyses leave them alone.
   */
  serve(r, contactsApi.update, async ({ params: { id }, body, req }) =>
    ctx.db.$transaction(async (tx) => {
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
    }),
  );
  return r;
}
