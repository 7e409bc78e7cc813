import { randomBytes } from 'node:crypto';
import { badRequest, conflict, inviteColumns, joinUrl, newInvite, notFound } from '@booth/shared';
import type { InviteBounds } from '@booth/shared/api';
import type { ApiContext } from './context';
import { inviteSelect } from './invites';
import { sessionSelect } from './routes/sessions';

type Kind = 'call' | 'consultation' | 'assistant' | 'collaboration';

/**
 * Opens a room of a kind (POST /api/sessions, and a contact's new consultation): a consultation gets
 * a client invite whose code is returned this once (only its hash is stored), and `scheduledAt` when
 * it is planned for later.
 */
export async function openSession(
  ctx: ApiContext,
  opts: { kind: Kind; contactId?: string; invite?: InviteBounds; scheduledAt?: Date | null },
) {
  const { kind, contactId, invite } = opts;
  if (contactId && !(await ctx.db.contact.findUnique({ where: { id: contactId }, select: { id: true } }))) {
    throw badRequest('invalid request', [{ path: 'contactId', message: 'no such contact' }]);
  }
  const roomName = `${kind}-${randomBytes(6).toString('hex')}`;
  const fresh = kind === 'consultation' ? newInvite() : undefined;
  const session = await ctx.db.session.create({
    data: {
      roomName,
      kind,
      contactId,
      scheduledAt: kind === 'consultation' ? (opts.scheduledAt ?? null) : null,
      ...(fresh ? inviteColumns(fresh.hash, invite ?? {}) : {}),
    },
    select: sessionSelect,
  });
  return fresh
    ? { ...session, inviteCode: fresh.code, joinUrl: joinUrl(ctx.config.PUBLIC_URL, roomName, fresh.code) }
    : session;
}

/**
 * A new client invite for an open consultation, replacing the old one (which stops working); its
 * code is returned this once.
 */
export async function renewInvite(ctx: ApiContext, id: string, bounds: InviteBounds) {
  const session = await ctx.db.session.findUnique({ where: { id } });
  if (!session) throw notFound('session not found');
  if (session.kind !== 'consultation') throw conflict('only consultations admit clients');
  if (session.status === 'ended') throw conflict('the consultation has ended');
  const { code, hash } = newInvite();
  const updated = await ctx.db.session.update({
    where: { id },
    data: inviteColumns(hash, bounds),
    select: { id: true, roomName: true, ...inviteSelect },
  });
  return { ...updated, inviteCode: code, joinUrl: joinUrl(ctx.config.PUBLIC_URL, session.roomName, code) };
}
