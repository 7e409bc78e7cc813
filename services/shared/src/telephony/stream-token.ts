import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The per-call token the voice webhook puts in the TwiML `<Parameter name="token">` (Twilio drops
 * query strings from stream URLs) and the bridge checks on the stream's `start`. It says which room
 * the stream joins as whom; signed with HMAC-SHA256 under a key derived from LIVEKIT_API_SECRET, and
 * short-lived (Twilio opens the stream within seconds of fetching the TwiML).
 */
export const STREAM_TOKEN_PARAMETER = 'token';

export const streamGrantSchema = z.object({
  /** `caller`: the person who phoned; `admin`: the admin's own phone, answering (calls.create). */
  leg: z.enum(['caller', 'admin']),
  sessionId: z.string().min(1).max(64),
  roomName: z.string().min(1).max(128),
  /** The caller's call (for the admin leg too: the call it answers). */
  callSid: z.string().min(1).max(64),
  /** The caller's number, E.164 when it could be read, as Twilio gave it otherwise. */
  from: z.string().max(64),
  /** The Booth number that was called (the admin leg calls from it). */
  to: z.string().max(64),
  contactId: z.string().max(64).nullable(),
  /** The name the room shows for the caller (the contact's, or the number). */
  callerName: z.string().max(200),
  /** Admin leg: who answers. Caller leg: whose phone to ring if nobody answers in the dashboard. */
  adminId: z.string().max(64).nullable(),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});
export type StreamGrant = z.infer<typeof streamGrantSchema>;

const keyOf = (livekitSecret: string) =>
  createHmac('sha256', livekitSecret).update('booth/twilio-stream/v1').digest();

/** A token for `grant`, valid for `ttlMs` (default 2 minutes). */
export function signStreamToken(
  livekitSecret: string,
  grant: Omit<StreamGrant, 'exp'>,
  ttlMs = 120_000,
  now = Date.now(),
): string {
  const body = Buffer.from(JSON.stringify({ ...grant, exp: now + ttlMs })).toString('base64url');
  const mac = createHmac('sha256', keyOf(livekitSecret)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export type StreamTokenCheck = { ok: true; grant: StreamGrant } | { ok: false; reason: string };

/** The grant of a token this secret signed and that has not expired. */
export function verifyStreamToken(livekitSecret: string, token: unknown, now = Date.now()): StreamTokenCheck {
  if (typeof token !== 'string' || token.length > 4096) return { ok: false, reason: 'no token' };
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed token' };
  // Compared as the canonical base64url text, not decoded: a MAC's last character carries two unused
  // bits, and a decoder ignores them, so another spelling of the same bytes is refused too.
  const expected = Buffer.from(createHmac('sha256', keyOf(livekitSecret)).update(body).digest('base64url'));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  const grant = streamGrantSchema.safeParse(json);
  if (!grant.success) return { ok: false, reason: 'malformed token' };
  if (grant.data.exp < now) return { ok: false, reason: 'expired token' };
  return { ok: true, grant: grant.data };
}
