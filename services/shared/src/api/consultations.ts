import { z } from 'zod';
import { contactRefSchema } from './contact-ref';
import { endpoint, timestamp } from './contract';
import { emailAddress, idParams, queryInt, rowId, safe } from './fields';
import { inviteBoundsSchema, sessionSchema } from './sessions';

/**
 * Consultations planned with a contact (/api/consultations): open one now or for a time, with its
 * client invite sent by email and/or SMS; resend the link; what was sent, and how it went. Revoking
 * the invite is DELETE /api/sessions/:id/invite (sessionsApi.revokeInvite).
 */
export const INVITE_CHANNELS = ['email', 'sms'] as const;
export type InviteChannel = (typeof INVITE_CHANNELS)[number];
export const INVITE_DELIVERY_STATUSES = ['sent', 'failed'] as const;

/** Consultations planned further ahead than this are typos. */
export const MAX_SCHEDULE_DAYS = 366;
/** A time this little in the past still counts as "now" (clocks differ, forms take a while). */
export const SCHEDULE_GRACE_MS = 5 * 60_000;

/** One sending of an invite link: to whom, by which channel, and whether the provider took it. */
export const inviteDeliverySchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  /** The columns are text: what the API wrote, one of these. */
  channel: z.string().pipe(z.enum(INVITE_CHANNELS)),
  to: z.string(),
  status: z.string().pipe(z.enum(INVITE_DELIVERY_STATUSES)),
  /** Why it failed, in a sentence fit to show (the provider's words). */
  error: z.string().nullable(),
  /** The SMTP message id or the Twilio Message SID. */
  providerId: z.string().nullable(),
  sentById: z.string().nullable(),
  createdAt: timestamp(),
});
export type InviteDeliveryView = z.output<typeof inviteDeliverySchema>;

/** An IANA time zone name, as `Intl` knows it (Europe/London, America/New_York, UTC). */
export const timeZoneName = () =>
  safe(z.string().min(1).max(64)).refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/London or America/New_York');

/** A phone number as typed; the API reads it as E.164 (TELEPHONY_DEFAULT_COUNTRY when it has no +). */
const phoneInput = () => safe(z.string().trim().min(3).max(40));

/**
 * Where to send a link: `email` (to the contact's address unless `to` is given) and/or `sms` (to the
 * contact's phone unless `to` is given); `timeZone` is the clock the message states the time in
 * (default BOOTH_TIME_ZONE).
 */
export const inviteSendSchema = z.object({
  email: z.object({ to: emailAddress().optional() }).strict().optional(),
  sms: z.object({ to: phoneInput().optional() }).strict().optional(),
  timeZone: timeZoneName().optional(),
});

/** When a consultation is: a time from now on (within a year), or omitted/null for now. */
export const scheduledAtSchema = z
  .string()
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() >= Date.now() - SCHEDULE_GRACE_MS, 'must not be in the past')
  .refine(
    (d) => d.getTime() <= Date.now() + MAX_SCHEDULE_DAYS * 86_400_000,
    `must be within ${MAX_SCHEDULE_DAYS} days`,
  );

/** A consultation: the session's columns, when it is planned for, who with, and its latest sendings. */
export const consultationSchema = sessionSchema.extend({
  /** Null: opened to start now. */
  scheduledAt: timestamp().nullable(),
  contact: contactRefSchema.nullable(),
  /** The latest sendings of its invite, newest first (at most {@link CONSULTATION_DELIVERIES}). */
  deliveries: z.array(inviteDeliverySchema),
});
export type ConsultationView = z.output<typeof consultationSchema>;
export const CONSULTATION_DELIVERIES = 5;

/** A new link, shown this once (only its hash is stored), and the sendings of it just made. */
const withFreshLink = consultationSchema.extend({
  inviteCode: z.string(),
  /** `PUBLIC_URL/join/<room>?code=…`. */
  joinUrl: z.string(),
  /** What this request sent, in order (email first). */
  sent: z.array(inviteDeliverySchema),
});
export type ConsultationWithLink = z.output<typeof withFreshLink>;

const create = endpoint({
  method: 'POST',
  path: '/api/consultations',
  status: 201,
  summary:
    'Open a consultation with a contact, now or for a time, with a client invite (shown once) optionally sent by email and/or SMS; each sending is recorded, a failed one too.',
  body: inviteSendSchema.extend({
    contactId: rowId(),
    scheduledAt: scheduledAtSchema.nullable().optional(),
    invite: inviteBoundsSchema.optional(),
  }),
  response: withFreshLink,
});

const upcoming = endpoint({
  method: 'GET',
  path: '/api/consultations',
  summary:
    'Scheduled consultations not ended yet (of a contact, with `contactId`), soonest first, with their latest invite sendings.',
  query: z.object({
    contactId: rowId().optional(),
    limit: queryInt(1, 200).default(50),
  }),
  response: z.object({ consultations: z.array(consultationSchema), total: z.number() }),
});

const resend = endpoint({
  method: 'POST',
  path: '/api/consultations/:id/resend',
  status: 201,
  summary:
    'Send a consultation’s invite again by email and/or SMS: a new link (shown once) replaces the old one, which stops working.',
  params: idParams,
  body: inviteSendSchema.extend({ invite: inviteBoundsSchema.optional() }),
  response: withFreshLink,
});

const deliveries = endpoint({
  method: 'GET',
  path: '/api/consultations/:id/deliveries',
  summary: 'Every sending of a consultation’s invite, newest first, with how it went.',
  params: idParams,
  response: z.object({ sessionId: z.string(), deliveries: z.array(inviteDeliverySchema) }),
});

export const consultationsApi = { create, upcoming, resend, deliveries };
