import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { signatureUrlVariants, twilioSignature, verifyTwilioSignature } from '@booth/shared';

/**
 * Twilio's published example ("Webhooks security"): auth token 12345, this URL and these POST
 * parameters sign to GvWf1cFY/Q7PnoempGyD5oXAezc= (Caller/From +14158675310, as Twilio's docs and its
 * helper library agree; the test asserts both).
 */
const AUTH_TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675310',
  Digits: '1234',
  From: '+14158675310',
  To: '+18005551212',
};
const EXPECTED = 'GvWf1cFY/Q7PnoempGyD5oXAezc=';

describe('Twilio request signature (X-Twilio-Signature)', () => {
  it("computes Twilio's published test vector, as Twilio's own helper library checks it", () => {
    expect(twilioSignature(AUTH_TOKEN, URL_, PARAMS)).toBe(EXPECTED);
    // The anchor: the npm twilio package agrees that this is the request's signature.
    expect(twilio.validateRequest(AUTH_TOKEN, EXPECTED, URL_, PARAMS)).toBe(true);
    expect(verifyTwilioSignature(AUTH_TOKEN, EXPECTED, URL_, PARAMS)).toBe(true);
  });

  it('fails for a tampered parameter, URL or token, and for no signature', () => {
    expect(verifyTwilioSignature(AUTH_TOKEN, EXPECTED, URL_, { ...PARAMS, Digits: '1235' })).toBe(false);
    expect(twilio.validateRequest(AUTH_TOKEN, EXPECTED, URL_, { ...PARAMS, Digits: '1235' })).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, EXPECTED, URL_, { ...PARAMS, Extra: '' })).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, EXPECTED, `${URL_}&baz=3`, PARAMS)).toBe(false);
    expect(verifyTwilioSignature('54321', EXPECTED, URL_, PARAMS)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, undefined, URL_, PARAMS)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, `${EXPECTED}x`, URL_, PARAMS)).toBe(false);
  });

  it('accepts the URL with the default port added or removed (a proxy may do either)', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(signatureUrlVariants(URL_)).toContain(withPort);
    expect(signatureUrlVariants(withPort)).toContain(URL_);
    // Signed by Twilio over the URL with :443; verified against the URL without it, and back.
    const signedWithPort = twilioSignature(AUTH_TOKEN, withPort, PARAMS);
    expect(verifyTwilioSignature(AUTH_TOKEN, signedWithPort, URL_, PARAMS)).toBe(true);
    expect(verifyTwilioSignature(AUTH_TOKEN, EXPECTED, withPort, PARAMS)).toBe(true);
    expect(twilio.validateRequest(AUTH_TOKEN, signedWithPort, URL_, PARAMS)).toBe(true);
    // Another port is another URL.
    const otherPort = twilioSignature(AUTH_TOKEN, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', PARAMS);
    expect(verifyTwilioSignature(AUTH_TOKEN, otherPort, URL_, PARAMS)).toBe(false);
  });
});
