import { describe, expect, it } from 'vitest';
import { signStreamToken, verifyStreamToken, type StreamGrant } from '@booth/shared';

const SECRET = 'unit-test-livekit-secret-0123456789abcdef';
const GRANT: Omit<StreamGrant, 'exp'> = {
  leg: 'caller',
  sessionId: 'sess_1',
  roomName: 'phone-CA0123456789abcdef0123456789abcdef',
  callSid: 'CA0123456789abcdef0123456789abcdef',
  from: '+15551230001',
  to: '+15559870000',
  contactId: 'ct_1',
  callerName: 'Priya Raman',
  adminId: 'adm_1',
};

describe('stream token', () => {
  it('carries its grant until it expires', () => {
    const now = 1_700_000_000_000;
    const token = signStreamToken(SECRET, GRANT, 60_000, now);
    const ok = verifyStreamToken(SECRET, token, now + 59_999);
    expect(ok).toEqual({ ok: true, grant: { ...GRANT, exp: now + 60_000 } });
    expect(verifyStreamToken(SECRET, token, now + 60_001)).toEqual({ ok: false, reason: 'expired token' });
  });

  it('refuses a tampered token, another secret and malformed input', () => {
    const token = signStreamToken(SECRET, GRANT);
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), roomName: 'call-other' }),
    ).toString('base64url');
    expect(verifyStreamToken(SECRET, `${forged}.${mac}`)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyStreamToken(`${SECRET}x`, token)).toEqual({ ok: false, reason: 'bad signature' });
    const flipped = `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyStreamToken(SECRET, flipped).ok).toBe(false);
    // The same MAC bytes spelled with the last character's two unused bits set: still refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(mac.at(-1)!);
    const respelled = `${body}.${mac.slice(0, -1)}${alphabet[last | 3]}`;
    expect(Buffer.from(respelled.split('.')[1]!, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(verifyStreamToken(SECRET, respelled).ok).toBe(false);
    for (const bad of [undefined, 42, '', 'a', 'a.b.c', `${body}.`, 'x'.repeat(5000)]) {
      expect(verifyStreamToken(SECRET, bad).ok).toBe(false);
    }
  });
});
