import { Router } from 'express';
import { dayToDate, editContact, newContactData, type Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import { contactRefSelect, contactsApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { notifyNewLead } from '../notify';
import { callbackTaskSelect, phoneCallFields, phoneCallSelect } from './sessions';

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
  ...phoneCallSelect,
  ...callbackTaskSelect,
} as const;

export function contactRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, contactsApi.list, async ({ query: { q, leadStatus, since, limit, offset } }) => {
    const where: Prisma.ContactWhereInput = {
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: 'insensitive' as const } },
              { email: { contains: q, mode: 'insensitive' as const } },
              { phone: { contains: q } },
              { venue: { contains: q, mode: 'insensitive' as const } },
            ],
          }
        : {}),
      ...(leadStatus ? { leadStatus } : {}),
      ...(since ? { createdAt: { gte: dayToDate(since) } } : {}),
    };
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
    return { ...contact, sessions: contact.sessions.map((s) => ({ ...s, ...phoneCallFields(s, s.tasks) })) };
  });

  /** A new lead; admins are notified. */
  serve(r, contactsApi.create, async ({ body }) => {
    const contact = await ctx.db.contact.create({ data: newContactData(body) });
    await notifyNewLead(ctx, contact);
    return contact;
  });

  /**
   * An admin's edit. Each changed field is audited; fields call analysis fills become the admin's
   * (`manualFields`) and later analyses leave them alone.
   */
  serve(r, contactsApi.update, async ({ params: { id }, body, req }) =>
    ctx.db.$transaction(async (tx) => {
      const contact = await editContact(tx, id, body, { actorId: req.admin?.id ?? null });
      if (!contact) throw notFound('contact not found');
      return contact;
    }),
  );
  return r;
}
