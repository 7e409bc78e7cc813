import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Session } from '@booth/db';
import { HttpError, forbidden, hashInvite } from '@booth/shared';
import type { JoinStatus } from '@booth/shared/api';
import type { ApiContext } from './context';

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
 * Whether `hash` (hashInvite of a code someone presented) is the `stored` one, in constant time; with
 * nothing stored it is compared against a hash no code has, so a missing row costs the same work.
 */
export function hashMatches(hash: string, stored: string | null | undefined): boolean {
  const against = stored ?? NO_INVITE;
  return sameHash(hash, against) && against !== NO_INVITE;
}

/**
 * The session whose consultation invite `code` is, or undefined. An unknown room, a wrong code and a
 * room that is not a consultation cost the same work (one lookup, one hash comparison), so a caller
 * without the right code learns nothing from the answer or its timing, not even whether the room exists.
 */
async function inviteHolderSession(ctx: ApiContext, roomName: string, code: string) {
  const session = await ctx.db.session.findUnique({ where: { roomName } });
  const hash = hashInvite(code);
  const matches = hashMatches(hash, session?.kind === 'consultation' ? session.inviteHash : null);
  if (!session || !matches) return undefined;
  return { session, hash };
}

/** Whether an invite may still mint a token at `now`: not revoked, not expired, not used up. */
function usable(
  s: Pick<Session, 'inviteRevokedAt' | 'inviteExpiresAt' | 'inviteUses' | 'inviteMaxUses'>,
  now: Date,
): boolean {
  if (s.inviteRevokedAt) return false;
  if (s.inviteExpiresAt && s.inviteExpiresAt.getTime() <= now.getTime()) return false;
  return s.inviteMaxUses === null || s.inviteUses < s.inviteMaxUses;
}

/**
 * What the client join page may show for a link, without using the invite (read-only): `invalid` for
 * an unknown room, a wrong code or a room closed to clients alike (see inviteHolderSession), and, for
 * the right code only, `ended` once the consultation ended, `invalid` once the invite is revoked,
 * expired or used up, else `open` (admitClient then decides, counting the use).
 */
export async function inviteStatus(ctx: ApiContext, roomName: string, code: string): Promise<JoinStatus> {
  const held = await inviteHolderSession(ctx, roomName, code);
  if (!held) return 'invalid';
  if (held.session.status === 'ended') return 'ended';
  return usable(held.session, new Date()) ? 'open' : 'invalid';
}

/**
 * Admits an invite holder to a consultation, counting the use. An unknown room, a wrong code and a
 * room that is not a consultation get the same 403 after the same work (inviteHolderSession), so a
 * request without the right code learns nothing, not even whether the room exists.
 * Holders of the right code learn more: 410 once the consultation ended, 403 "no longer valid" once
 * the invite is revoked, expired or used up (checked and counted in one conditional update, so
 * concurrent joins never exceed the bound). Returns the session and when the invite expires.
 */
export async function admitClient(ctx: ApiContext, roomName: string, code: string) {
  const held = await inviteHolderSession(ctx, roomName, code);
  if (!held) throw refused();
  const { session, hash } = held;
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
