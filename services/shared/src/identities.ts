import { randomBytes } from 'node:crypto';

/**
 * LiveKit participant identities the API mints, and how they map back to people. LiveKit admits one
 * connection per identity (a second one with the same identity kicks the first: DUPLICATE_IDENTITY),
 * so every admin connection (a tab, a reload, the notifications room) gets its own identity,
 * `admin-<adminId>-<8 hex>`, that still names the admin. Identities are in the signed token, so they
 * are what everything trusts; the participant attributes repeat the admin id for clients to read.
 */
export const ADMIN_IDENTITY_PREFIX = 'admin-';
export const CLIENT_IDENTITY_PREFIX = 'client-';

/** `admin-<id>-<connection>`, or the older `admin-<id>` of one connection per admin. */
const ADMIN_IDENTITY = /^admin-(.+?)(?:-[0-9a-f]{8})?$/;

/** A fresh identity for one connection of admin `adminId`. */
export function adminIdentity(adminId: string): string {
  return `${ADMIN_IDENTITY_PREFIX}${adminId}-${randomBytes(4).toString('hex')}`;
}

/** A fresh identity for a consultation client (invite holders are anonymous). */
export function clientIdentity(): string {
  return `${CLIENT_IDENTITY_PREFIX}${randomBytes(6).toString('hex')}`;
}

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

/** Participant attributes (and metadata) of an admin connection. */
export const adminAttributes = (adminId: string): Record<string, string> => ({ role: 'admin', adminId });
