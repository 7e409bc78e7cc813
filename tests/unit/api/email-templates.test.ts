import { describe, expect, it } from 'vitest';
import { contractEmail } from '../../../services/api/src/invite-templates/contract-email';
import { inviteEmail } from '../../../services/api/src/invite-templates/email';
import { inviteSms } from '../../../services/api/src/invite-templates/sms';

const hostile = '<img src=x onerror=alert(1)> "Bobby" & Co';
const joinUrl = 'https://booth.example/join/consultation-ab12?code=a_b-c&x=1';

describe('email templates', () => {
  it('the invite says who, when and the link, in text and escaped HTML', () => {
    const mail = inviteEmail({
      clientName: hostile,
      businessName: 'Garden Events',
      hostName: 'Dee',
      joinUrl,
      scheduledAt: new Date('2026-12-08T15:00:00Z'),
      timeZone: 'Europe/London',
    });
    expect(mail.subject).toBe(
      'Your consultation with Garden Events: Tuesday, December 8, 2026 at 3:00 PM GMT',
    );
    expect(mail.text).toContain(`Hello ${hostile},`);
    expect(mail.text).toContain(`Join: ${joinUrl}`);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Bobby&quot; &amp; Co');
    expect(mail.html).toContain(`href="${joinUrl.replace(/&/g, '&amp;')}"`);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.text).toMatch(/recorded and transcribed/);
  });

  it('an invite for now says so, and the SMS is short with the link', () => {
    const facts = {
      clientName: 'Priya',
      businessName: 'Garden Events',
      hostName: 'Dee',
      joinUrl,
      scheduledAt: null,
      timeZone: 'UTC',
    };
    expect(inviteEmail(facts).subject).toBe('Join your consultation with Garden Events now');
    const sms = inviteSms(facts);
    expect(sms).toContain(joinUrl);
    expect(sms.length).toBeLessThan(320);
  });

  it('the contract email says what and for how much, with the signing link, escaped', () => {
    const signUrl = 'https://booth.example/sign/c123?code=abc_DEF-123';
    const mail = contractEmail({
      clientName: hostile,
      businessName: 'Garden Events',
      hostName: 'Dee',
      title: 'Wedding <DJ>',
      amountCents: 420_050,
      signUrl,
    });
    expect(mail.subject).toBe('Your contract from Garden Events: Wedding <DJ>');
    expect(mail.text).toContain('Wedding <DJ> ($4,200.50)');
    expect(mail.text).toContain(`Read and sign it: ${signUrl}`);
    expect(mail.html).toContain('<strong>Wedding &lt;DJ&gt;</strong>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain(`href="${signUrl}"`);
  });
});
