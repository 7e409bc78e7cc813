import { describe, expect, it } from 'vitest';
import { SIP_ATTRIBUTES, SIP_HEADER_ATTRIBUTES } from '@booth/shared';
import { numberOfHeader, sipCallerOf } from '../../../services/api/src/sip-calls';

/** What the API reads from a LiveKit SIP participant's attributes (untrusted: the caller's headers). */
describe('sipCallerOf', () => {
  it("reads LiveKit's own sip.* attributes when the number is not hidden", () => {
    expect(
      sipCallerOf(
        {
          [SIP_ATTRIBUTES.callId]: 'SCL_abc123',
          [SIP_ATTRIBUTES.phoneNumber]: '+15551234567',
          [SIP_ATTRIBUTES.trunkPhoneNumber]: '+15550001111',
        },
        'PA_x1',
      ),
    ).toEqual({ callSid: 'SCL_abc123', from: '+15551234567', to: '+15550001111' });
  });

  it('reads the From and To headers the Booth trunk maps when the rule hides the number', () => {
    expect(
      sipCallerOf(
        {
          [SIP_ATTRIBUTES.callId]: 'SCL_abc123',
          [SIP_HEADER_ATTRIBUTES.From]: '"Priya" <sip:%2B15551234567@54.172.60.1:5060>;tag=8a7b',
          [SIP_HEADER_ATTRIBUTES.To]: '<sip:+15550001111@booth.example.com>',
        },
        'PA_x1',
      ),
    ).toEqual({ callSid: 'SCL_abc123', from: '+15551234567', to: '+15550001111' });
  });

  it('falls back to the participant sid, and to Anonymous for what is not a number', () => {
    expect(
      sipCallerOf(
        { [SIP_ATTRIBUTES.callId]: 'SCL bad id!', [SIP_HEADER_ATTRIBUTES.From]: '<sip:<script>@evil>' },
        'PA_abc',
      ),
    ).toEqual({ callSid: 'PA_abc', from: 'Anonymous', to: '' });
    expect(sipCallerOf(undefined, 'not-a-sid')).toBeUndefined();
  });

  it('takes only a URI user that is a plausible number, of bounded length', () => {
    expect(numberOfHeader('sip:anonymous@anonymous.invalid;tag=1')).toBe('anonymous');
    expect(numberOfHeader('<tel:+441234567890;phone-context=x>')).toBe('+441234567890');
    expect(numberOfHeader(`<sip:+1${'5'.repeat(60)}@h>`)).toBeUndefined();
    expect(numberOfHeader(`"${'x'.repeat(2000)}" <sip:+15551234567@h>`)).toBeUndefined();
    expect(numberOfHeader('<sip:%ZZ@h>')).toBeUndefined();
    expect(numberOfHeader('<http://+15551234567@h>')).toBeUndefined();
  });
});
