import { randomBytes } from 'node:crypto';
import { ADMIN_IDENTITY_PREFIX, CLIENT_IDENTITY_PREFIX } from './api/identities';

/**
 * LiveKit participant identities the API mints, and how they map back to people. LiveKit admits one
 * connection per identity (a second one with the same identity kicks the first: DUPLICATE_IDENTITY),
 * so every admin connection (a tab, a reload, the notifications room) gets its own identity,
 * `admin-<adminId>-<8 hex>`, that still names the admin. Identities are in the signed token, so they
 * are what everything trusts; the participant attributes repeat the admin id for clients to read.
 * Reading an identity back (adminIdOf, speakerOf) is browser-safe and lives with the contracts
 * (api/identities.ts), which the dashboard imports too.
 */
export {
  ADMIN_IDENTITY_PREFIX,
  CLIENT_IDENTITY_PREFIX,
  adminIdOf,
  isAdminIdentity,
  speakerOf,
} from './api/identities';

/** A fresh identity for one connection of admin `adminId`. */
export function adminIdentity(adminId: string): string {
  return `${ADMIN_IDENTITY_PREFIX}${adminId}-${randomBytes(4).toString('hex')}`;
}

/** A fresh identity for a consultation client (invite holders are anonymous). */
export function clientIdentity(): string {
  return `${CLIENT_IDENTITY_PREFIX}${randomBytes(6).toString('hex')}`;
}

/** Participant attributes (and metadata) of an admin connection. */
export const adminAttributes = (adminId: string): Record<string, string> => ({ role: 'admin', adminId });
