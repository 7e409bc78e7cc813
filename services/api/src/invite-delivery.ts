import type { Contact } from '@booth/db';
import { badRequest, createMailer, errorMessage, toE164, type Mailer } from '@booth/shared';
import type { InviteChannel } from '@booth/shared/api';
import type { AdminPrincipal, ApiContext } from './context';
import { inviteEmail } from './invite-templates/email';
import { senderName } from './invite-templates/invite-facts';
import { inviteSms } from './invite-templates/sms';
import { createSmsSender, type SmsSender } from './sms';

/** Where to send a link, as the request asked (see inviteSendSchema). */
export interface SendRequest {
  email?: { to?: string };
  sms?: { to?: string };
  timeZone?: string;
}

/** The addresses a send request resolves to, checked before anything is created or sent. */
export interface Recipients {
  email?: string;
  sms?: string;
  timeZone: string;
}

export interface InviteSenders {
  mailer?: Mailer;
  sms?: SmsSender;
}

/** The configured senders (each undefined when its channel is not set up). */
export const inviteSenders = (config: ApiContext['config']): InviteSenders => ({
  mailer: createMailer(config),
  sms: createSmsSender(config),
});

/**
 * The recipients of a send request, or a 400 naming each problem: a channel that is not set up, no
 * address on file and none given, a number that is not one.
 */
export function recipientsOf(
  ctx: ApiContext,
  senders: InviteSenders,
  req: SendRequest,
  contact: Pick<Contact, 'email' | 'phone'> | null,
): Recipients {
  const issues: { path: string; message: string }[] = [];
  let email: string | undefined;
  let sms: string | undefined;
  if (req.email) {
    email = req.email.to ?? contact?.email ?? undefined;
    if (!senders.mailer) issues.push({ path: 'email', message: 'email is not set up (SMTP_URL)' });
    else if (!email) {
      issues.push({ path: 'email.to', message: 'the contact has no email address: give one' });
    }
  }
  if (req.sms) {
    const raw = req.sms.to ?? contact?.phone ?? undefined;
    sms = toE164(raw, ctx.config.TELEPHONY_DEFAULT_COUNTRY);
    if (!senders.sms) {
      issues.push({
        path: 'sms',
        message: 'SMS is not set up (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_FROM)',
      });
    } else if (!raw) issues.push({ path: 'sms.to', message: 'the contact has no phone number: give one' });
    else if (!sms) issues.push({ path: 'sms.to', message: `"${raw}" is not a phone number` });
  }
  if (issues.length) throw badRequest('the invite cannot be sent', issues);
  return { email, sms, timeZone: req.timeZone ?? ctx.config.BOOTH_TIME_ZONE };
}

/** Why a send failed, fit to show and store. */
const failure = (what: string, err: unknown) => `${what}: ${errorMessage(err)}`.slice(0, 500);

/**
 * Sends the link to each recipient (email first) with the templates, recording each sending as an
 * InviteDelivery row, `sent` or `failed` with the provider's error: a failure never throws.
 */
export async function deliverInvite(
  ctx: ApiContext,
  senders: InviteSenders,
  args: {
    session: { id: string; scheduledAt: Date | null };
    contactName: string;
    joinUrl: string;
    to: Recipients;
    admin: AdminPrincipal;
  },
) {
  const facts = {
    clientName: args.contactName,
    businessName: senderName(ctx.config.SMTP_FROM),
    hostName: args.admin.name,
    joinUrl: args.joinUrl,
    scheduledAt: args.session.scheduledAt,
    timeZone: args.to.timeZone,
  };
  const log = ctx.logger.child({ sessionId: args.session.id });
  const record = (channel: InviteChannel, to: string, outcome: { providerId?: string; error?: string }) =>
    ctx.db.inviteDelivery.create({
      data: {
        sessionId: args.session.id,
        channel,
        to,
        status: outcome.error ? 'failed' : 'sent',
        error: outcome.error ?? null,
        providerId: outcome.providerId ?? null,
        sentById: args.admin.id,
      },
    });
  const rows = [];
  if (args.to.email && senders.mailer) {
    const to = args.to.email;
    const outcome = await senders.mailer.send({ to, ...inviteEmail(facts) }).then(
      (r) => ({ providerId: r.messageId }),
      (err: unknown) => {
        log.warn({ err: errorMessage(err) }, 'invite email failed');
        return { error: failure('the email could not be sent', err) };
      },
    );
    rows.push(await record('email', to, outcome));
  }
  if (args.to.sms && senders.sms) {
    const to = args.to.sms;
    const outcome = await senders.sms.send({ to, body: inviteSms(facts) }).then(
      (r) => ({ providerId: r.sid }),
      (err: unknown) => {
        log.warn({ err: errorMessage(err) }, 'invite SMS failed');
        return { error: failure('the SMS could not be sent', err) };
      },
    );
    rows.push(await record('sms', to, outcome));
  }
  return rows;
}
