import { describe, expect, it } from 'vitest';
import { captionSignedString, dataVerifier, roomDataKey, sealData, signText } from '@booth/shared/api';

const SECRET = 'unit-test-livekit-secret-0123456789abcdef';
const enc = new TextEncoder();

describe('signed LiveKit data', () => {
  it('opens what Booth sealed for the room and topic, and nothing else', async () => {
    const key = await roomDataKey(SECRET, 'call-abc');
    const v = await dataVerifier(key);
    const sealed = await sealData(key, 'booth.suggestions', { id: 's1', kind: 'budget' });
    expect(await v.open(sealed, 'booth.suggestions')).toEqual({ id: 's1', kind: 'budget' });
    // The same bytes replayed on another topic, or in another room, do not verify.
    expect(await v.open(sealed, 'booth.notifications')).toBeUndefined();
    const other = await dataVerifier(await roomDataKey(SECRET, 'call-other'));
    expect(await other.open(sealed, 'booth.suggestions')).toBeUndefined();
    // Nor under a key from another LiveKit secret.
    const foreign = await dataVerifier(await roomDataKey(`${SECRET}x`, 'call-abc'));
    expect(await foreign.open(sealed, 'booth.suggestions')).toBeUndefined();
  });

  it('refuses tampered, unsigned and malformed messages', async () => {
    const key = await roomDataKey(SECRET, 'booth-notifications');
    const v = await dataVerifier(key);
    const sealed = JSON.parse(new TextDecoder().decode(await sealData(key, 'booth.notifications', { n: 1 })));
    const tampered = { ...sealed, data: JSON.stringify({ n: 2 }) };
    expect(await v.open(enc.encode(JSON.stringify(tampered)), 'booth.notifications')).toBeUndefined();
    for (const raw of [
      JSON.stringify({ id: 'n1', type: 'new_lead', title: 'forged' }),
      JSON.stringify({ ...sealed, sig: '' }),
      JSON.stringify({ ...sealed, sig: 'not base64 !' }),
      JSON.stringify({ ...sealed, sig: 'a' }),
      JSON.stringify({ ...sealed, v: 2 }),
      'not json',
      '',
    ]) {
      expect(await v.open(enc.encode(raw), 'booth.notifications')).toBeUndefined();
    }
  });

  it('verifies a caption signature over every attribute it covers', async () => {
    const key = await roomDataKey(SECRET, 'call-abc');
    const v = await dataVerifier(key);
    const caption = {
      segmentId: 'SG_1',
      final: true,
      startMs: '1200',
      endMs: '3400',
      speaker: 'client-1',
      text: 'hello',
    };
    const sig = await signText(key, captionSignedString(caption));
    expect(await v.verifyText(captionSignedString(caption), sig)).toBe(true);
    for (const change of [
      { text: 'hello!' },
      { final: false },
      { speaker: 'admin-x' },
      { segmentId: 'SG_2' },
      { endMs: '3401' },
    ]) {
      expect(await v.verifyText(captionSignedString({ ...caption, ...change }), sig)).toBe(false);
    }
  });

  it('rejects keys that are not data keys', async () => {
    await expect(dataVerifier('')).rejects.toThrow();
    await expect(dataVerifier('!!')).rejects.toThrow();
  });
});
