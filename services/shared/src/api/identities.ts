/**
 * LiveKit participant identities, as the dashboard reads them (browser-safe: no Node modules). The
 * API mints them (../identities.ts: `adminIdentity`, `clientIdentity`): every admin connection (a
 * tab, a reload, the notifications room) has its own identity `admin-<adminId>-<8 hex>` that still
 * names the admin; a consultation client is `client-<12 hex>`.
 */
export const ADMIN_IDENTITY_PREFIX = 'admin-';
export const CLIENT_IDENTITY_PREFIX = 'client-';

/** `admin-<id>-<connection>`, or the older `admin-<id>` of one connection per admin. */
const ADMIN_IDENTITY = /^admin-(.+?)(?:-[0-9a-f]{8})?$/;

/** The admin behind an identity; undefined for clients, agents and anyone else. */
export function adminIdOf(identity: string): string | undefined {
  return ADMIN_IDENTITY.exec(identity)?.[1];
}

export const isAdminIdentity = (identity: string): boolean => adminIdOf(identity) !== undefined;

/**
 * Who a transcript names as the speaker: all connections of one admin are one speaker,
 * `admin-<adminId>`; anyone else is their identity.
 */
export function speakerOf(identity: string): string {
  const adminId = adminIdOf(identity);
  return adminId === undefined ? identity : `${ADMIN_IDENTITY_PREFIX}${adminId}`;
}
