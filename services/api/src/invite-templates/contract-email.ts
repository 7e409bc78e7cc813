import { money } from '@booth/assistant';
import { emailPage, escapeHtml, linkButton } from './html';

/** What a contract email says: whose, what and for how much, and the signing link. */
export interface ContractFacts {
  clientName: string;
  businessName: string;
  hostName: string;
  title: string;
  amountCents: number;
  signUrl: string;
}

/** The "contract to sign" email: subject, plain text and the same as HTML. */
export function contractEmail(f: ContractFacts): { subject: string; text: string; html: string } {
  const amount = money(f.amountCents);
  const subject = `Your contract from ${f.businessName}: ${f.title}`;
  const text = [
    `Hello ${f.clientName},`,
    '',
    `${f.hostName} from ${f.businessName} sent you your contract to sign: ${f.title} (${amount}).`,
    '',
    `Read and sign it: ${f.signUrl}`,
    '',
    'You sign by typing your name; no account is needed. This link is for you alone.',
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = emailPage(`<p>Hello ${e(f.clientName)},</p>
<p>${e(f.hostName)} from ${e(f.businessName)} sent you your contract to sign: <strong>${e(f.title)}</strong> (${e(amount)}).</p>
${linkButton(f.signUrl, 'Read and sign')}
<p style="color: #555; font-size: 0.9em">You sign by typing your name; no account is needed. This link is for you alone.</p>`);
  return { subject, text, html };
}
