import { Router } from 'express';
import type { Prisma } from '@booth/db';
import { badRequest, notFound } from '@booth/shared';
import { CONSULTATION_DELIVERIES, consultationsApi, contactRefSelect } from '@booth/shared/api';
import type { AdminPrincipal, ApiContext } from '../context';
import { serve } from '../endpoint';
import { deliverInvite, inviteSenders, recipientsOf } from '../invite-delivery';
import { openSession, renewInvite } from '../open-session';
import { sessionSelect } from './sessions';

const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** A consultation as the dashboard lists it: its columns, who with, its latest sendings. */
const consultationSelect = {
  ...sessionSelect,
  scheduledAt: true,
  contact: contactRefSelect,
  inviteDeliveries: { orderBy: newestFirst, take: CONSULTATION_DELIVERIES },
} satisfies Prisma.SessionSelect;

async function consultationOf(ctx: ApiContext, id: string) {
  const row = await ctx.db.session.findUnique({ where: { id }, select: consultationSelect });
  if (!row) throw notFound('session not found');
  const { inviteDeliveries, ...rest } = row;
  return { ...rest, deliveries: inviteDeliveries };
}

const adminOf = (req: { admin?: AdminPrincipal }): AdminPrincipal => {
  if (!req.admin) throw new Error('consultation routes are mounted behind requireAdmin');
  return req.admin;
};

/**
 * /api/consultations (behind requireAdmin): a contact's new consultation (now or scheduled) with its
 * invite sent by email and/or SMS, the scheduled ones not ended, resending a link (a new one), and
 * every sending of an invite. Revoking is sessionsApi.revokeInvite.
 */
export function consultationRoutes(ctx: ApiContext): Router {
  const r = Router();
  const senders = inviteSenders(ctx.config);

  serve(r, consultationsApi.create, async ({ body, req }) => {
    const admin = adminOf(req);
    const contact = await ctx.db.contact.findUnique({ where: { id: body.contactId } });
    if (!contact) throw badRequest('invalid request', [{ path: 'contactId', message: 'no such contact' }]);
    const to = recipientsOf(ctx, senders, body, contact);
    const opened = await openSession(ctx, {
      kind: 'consultation',
      contactId: contact.id,
      invite: body.invite,
      scheduledAt: body.scheduledAt ?? null,
    });
    if (!('joinUrl' in opened)) throw new Error('a consultation always has an invite');
    const session = await consultationOf(ctx, opened.id);
    const sent = await deliverInvite(ctx, senders, {
      session,
      contactName: contact.name,
      joinUrl: opened.joinUrl,
      to,
      admin,
    });
    return {
      ...session,
      deliveries: [...sent].reverse(),
      inviteCode: opened.inviteCode,
      joinUrl: opened.joinUrl,
      sent,
    };
  });

  serve(r, consultationsApi.upcoming, async ({ query: { contactId, limit } }) => {
    const where: Prisma.SessionWhereInput = {
      kind: 'consultation',
      status: { not: 'ended' },
      scheduledAt: { not: null },
      ...(contactId ? { contactId } : {}),
    };
    const [rows, total] = await Promise.all([
      ctx.db.session.findMany({
        where,
        select: consultationSelect,
        orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }],
        take: limit,
      }),
      ctx.db.session.count({ where }),
    ]);
    const consultations = rows.map(({ inviteDeliveries, ...s }) => ({ ...s, deliveries: inviteDeliveries }));
    return { consultations, total };
  });

  serve(r, consultationsApi.resend, async ({ params: { id }, body, req }) => {
    const admin = adminOf(req);
    if (!body.email && !body.sms) {
      throw badRequest('choose how to send the link', [{ path: 'email', message: 'give email and/or sms' }]);
    }
    const before = await ctx.db.session.findUnique({ where: { id }, include: { contact: true } });
    if (!before) throw notFound('session not found');
    const to = recipientsOf(ctx, senders, body, before.contact);
    const fresh = await renewInvite(ctx, id, body.invite ?? {});
    const sent = await deliverInvite(ctx, senders, {
      session: before,
      contactName: before.contact?.name ?? 'there',
      joinUrl: fresh.joinUrl,
      to,
      admin,
    });
    const session = await consultationOf(ctx, id);
    return { ...session, inviteCode: fresh.inviteCode, joinUrl: fresh.joinUrl, sent };
  });

  serve(r, consultationsApi.deliveries, async ({ params: { id } }) => {
    if (!(await ctx.db.session.findUnique({ where: { id }, select: { id: true } }))) {
      throw notFound('session not found');
    }
    const deliveries = await ctx.db.inviteDelivery.findMany({
      where: { sessionId: id },
      orderBy: newestFirst,
    });
    return { sessionId: id, deliveries };
  });
  return r;
}
