import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError, forbidden } from '@booth/shared';
import type { ApiContext } from './context';

export const hashInvite = (code: string) => createHash('sha256').update(code).digest('hex');

/** A fresh client invite code (shown once) and the hash that is stored. */
export function newInvite(): { code: string; hash: string } {
  const code = randomBytes(18).toString('base64url');
  return { code, hash: hashInvite(code) };
}

/** Bounds an admin may put on an invite: how many tokens it mints, and until when. */
export const inviteBoundsSchema = z.object({
  maxUses: z.number().int().min(1).max(1000).optional(),
  expiresAt: z
    .string()
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .optional(),
});
export type InviteBounds = z.infer<typeof inviteBoundsSchema>;

/** The invite columns of a new invite with these bounds (replacing any earlier one). */
export const inviteColumns = (hash: string, bounds: InviteBounds) => ({
  inviteHash: hash,
  inviteUses: 0,
  inviteMaxUses: bounds.maxUses ?? null,
  inviteExpiresAt: bounds.expiresAt ?? null,
  inviteRevokedAt: null,
});

/** What the dashboard shows of an invite (never the hash). */
export const inviteSelect = {
  inviteUses: true,
  inviteMaxUses: true,
  inviteExpiresAt: true,
  inviteRevokedAt: true,
} as const;

/**
 * Client tokens carry which invite they came from (a prefix of its hash) in this participant attribute,
 * so a join with a token from an invite revoked or replaced since is refused (webhooks).
 */
export const INVITE_ATTRIBUTE = 'booth.invite';
export const inviteMarker = (hash: string) => hash.slice(0, 12);

/**
 * Whether a client who joined at `at` with a token from invite `marker` may stay: that invite is still
 * the session's, and it was not revoked before they joined (webhook times are whole seconds).
 */
export function isCurrentInvite(
  session: { inviteHash: string | null; inviteRevokedAt: Date | null },
  marker: string,
  at: Date,
): boolean {
  if (!session.inviteHash || inviteMarker(session.inviteHash) !== marker) return false;
  return !session.inviteRevokedAt || at.getTime() < session.inviteRevokedAt.getTime() - 1000;
}

/** The one answer to every failed anonymous join: unknown room, wrong code, or a room closed to clients. */
const refused = () => forbidden('invalid room or invite code');

/** Compared against when there is no invite to compare with, so each refusal costs the same. */
const NO_INVITE = hashInvite(randomBytes(32).toString('hex'));

const sameHash = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Admits an invite holder to a consultation, counting the use. An unknown room, a wrong code and a
 * room that is not a consultation get the same 403 after the same work (one lookup, one hash
 * comparison), so a request without the right code learns nothing, not even whether the room exists.
 * Holders of the right code learn more: 410 once the consultation ended, 403 "no longer valid" once
 * the invite is revoked, expired or used up (checked and counted in one conditional update, so
 * concurrent joins never exceed the bound). Returns the session and when the invite expires.
 */
export async function admitClient(ctx: ApiContext, roomName: string, code: string) {
  const session = await ctx.db.session.findUnique({ where: { roomName } });
  const hash = hashInvite(code);
  const open = session?.kind === 'consultation' && session.inviteHash ? session.inviteHash : NO_INVITE;
  const matches = sameHash(hash, open);
  if (!session || open === NO_INVITE || !matches) throw refused();
  if (session.status === 'ended') throw new HttpError(410, 'this consultation has ended');
  const now = new Date();
  const { count } = await ctx.db.session.updateMany({
    where: {
      id: session.id,
      inviteHash: hash,
      status: { not: 'ended' },
      inviteRevokedAt: null,
      AND: [
        { OR: [{ inviteExpiresAt: null }, { inviteExpiresAt: { gt: now } }] },
        { OR: [{ inviteMaxUses: null }, { inviteUses: { lt: ctx.db.session.fields.inviteMaxUses } }] },
      ],
    },
    data: { inviteUses: { increment: 1 } },
  });
  if (count === 0) throw forbidden('this invite link is no longer valid');
  return { session, expiresAt: session.inviteExpiresAt, marker: inviteMarker(hash) };
}
