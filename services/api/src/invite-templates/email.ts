import { emailPage, escapeHtml, linkButton } from './html';
import { RECORDING_NOTICE, whenInWords, type InviteFacts } from './invite-facts';

const PHONE_HELP =
  'From a phone: open the link in Safari (iPhone) or Chrome (Android), allow the microphone and camera when asked, then tap Join. No app or account is needed.';

/** The invite email: subject, plain text and the same as HTML. */
export function inviteEmail(f: InviteFacts): { subject: string; text: string; html: string } {
  const when = whenInWords(f.scheduledAt, f.timeZone);
  const subject = f.scheduledAt
    ? `Your consultation with ${f.businessName}: ${when}`
    : `Join your consultation with ${f.businessName} now`;
  const notice = `${RECORDING_NOTICE} so that ${f.businessName} can follow up on what was said; the page asks you to agree before you join.`;
  const text = [
    `Hello ${f.clientName},`,
    '',
    `${f.hostName} from ${f.businessName} invites you to a video consultation.`,
    '',
    `When: ${when}`,
    `Join: ${f.joinUrl}`,
    '',
    PHONE_HELP,
    '',
    notice,
    '',
    'This link is for you alone: please do not pass it on.',
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = emailPage(`<p>Hello ${e(f.clientName)},</p>
<p>${e(f.hostName)} from ${e(f.businessName)} invites you to a video consultation.</p>
<p><strong>When:</strong> ${e(when)}</p>
${linkButton(f.joinUrl, 'Join the consultation')}
<p>${e(PHONE_HELP)}</p>
<p><strong>${e(notice)}</strong></p>
<p style="color: #555; font-size: 0.9em">This link is for you alone: please do not pass it on.</p>`);
  return { subject, text, html };
}
