import { createHash, randomBytes } from 'node:crypto';
import type { InviteBounds } from './api/sessions';

/** The stored form of a client invite code (the code itself is never stored). */
export const hashInvite = (code: string) => createHash('sha256').update(code).digest('hex');

/** A fresh client invite code (shown once) and the hash that is stored. */
export function newInvite(): { code: string; hash: string } {
  const code = randomBytes(18).toString('base64url');
  return { code, hash: hashInvite(code) };
}

/** The link a consultation's client joins with; the code is in it, so it is shown (or sent) once. */
export const joinUrl = (publicUrl: string, roomName: string, code: string) =>
  `${publicUrl}/join/${roomName}?code=${encodeURIComponent(code)}`;

/** The invite columns of a new invite with these bounds (replacing any earlier one). */
export const inviteColumns = (hash: string, bounds: InviteBounds) => ({
  inviteHash: hash,
  inviteUses: 0,
  inviteMaxUses: bounds.maxUses ?? null,
  inviteExpiresAt: bounds.expiresAt ?? null,
  inviteRevokedAt: null,
});
