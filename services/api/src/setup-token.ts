import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The first-admin setup token: derived from SESSION_SECRET, so every API replica prints and accepts the
 * same one without storing it, and it is only honoured while no admin exists (one use).
 */
export function setupToken(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('booth:first-admin-setup').digest('base64url');
}

export function isSetupToken(given: string, sessionSecret: string): boolean {
  const expected = Buffer.from(setupToken(sessionSecret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The link printed in the API log while no admin exists; the token rides in the fragment (never logged by proxies). */
export const setupUrl = (publicUrl: string, sessionSecret: string) =>
  `${publicUrl}/setup#token=${setupToken(sessionSecret)}`;
