import type { Contact, Session } from '@booth/db';
import {
  displayPhone,
  phoneMatchKeys,
  storableText,
  toE164,
  type IncomingCallData,
  type Logger,
} from '@booth/shared';
import type { ApiContext } from './context';
import { notify, notifyNewLead } from './notify';

/** A phone call as it reaches Booth (Twilio's voice webhook, or a LiveKit SIP participant). */
export interface PhoneCallArrival {
  /** Twilio's CallSid, or LiveKit SIP's call id. */
  callSid: string;
  roomName: string;
  /** The caller's number as the carrier sent it ("+15551234567", "Anonymous"). */
  from: string;
  /** The Booth number that was called. */
  to: string;
  via: 'twilio' | 'sip';
}

export interface OpenedPhoneCall {
  session: Session;
  contact: Contact;
  /** The caller's number, E.164 when it is one. */
  from: string;
  isNewLead: boolean;
}

/**
 * The contact whose stored number is this one however it was typed ("(555) 123-4567", "+1 555…",
 * "5551234567"); the most recently updated when several share it.
 */
export async function contactByPhone(ctx: ApiContext, e164: string): Promise<Contact | undefined> {
  const keys = phoneMatchKeys(e164);
  const rows = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT id FROM contacts
    WHERE phone IS NOT NULL AND regexp_replace(phone, '[^0-9]', '', 'g') = ANY(${keys})
    ORDER BY updated_at DESC LIMIT 1`;
  const id = rows[0]?.id;
  return id ? ((await ctx.db.contact.findUnique({ where: { id } })) ?? undefined) : undefined;
}

/**
 * Opens (or finds again: the webhook may be retried) the `call` session of a phone call: the caller is
 * matched to a contact by number, or becomes a new lead (the admins are told); the session records the
 * number, direction and route; every admin is told the call is ringing (`incoming_call`, once per call).
 */
export async function openPhoneCall(
  ctx: ApiContext,
  log: Logger,
  call: PhoneCallArrival,
  opts: { untranscribedReason?: string } = {},
): Promise<OpenedPhoneCall> {
  const e164 = toE164(call.from, ctx.config.TELEPHONY_DEFAULT_COUNTRY);
  const from = e164 ?? storableText(call.from).slice(0, 64);
  let contact = e164 ? await contactByPhone(ctx, e164) : undefined;
  const isNewLead = !contact;
  if (!contact) {
    contact = await ctx.db.contact.create({
      data: {
        name: e164 ? `Caller ${displayPhone(e164)}` : 'Unknown caller',
        phone: e164 ?? null,
      },
    });
    await notifyNewLead(ctx, contact, e164 ? `Phoned from ${displayPhone(e164)}` : 'Phoned, number withheld');
  }
  const phone = {
    phoneNumber: from,
    callDirection: 'inbound' as const,
    phoneVia: call.via,
    callSid: call.callSid,
    contactId: contact.id,
    ...(opts.untranscribedReason ? { untranscribedReason: opts.untranscribedReason } : {}),
  };
  const now = new Date();
  const session = await ctx.db.session.upsert({
    where: { roomName: call.roomName },
    create: {
      roomName: call.roomName,
      kind: 'call',
      ...phone,
      ...(opts.untranscribedReason ? { status: 'ended', startedAt: now, endedAt: now } : {}),
    },
    // A SIP room's session was created by room_started before the caller's attributes were read.
    update: phone,
  });
  if (!opts.untranscribedReason) {
    const data: IncomingCallData = {
      sessionId: session.id,
      roomName: session.roomName,
      from,
      contactId: contact.id,
      contactName: isNewLead ? null : contact.name,
      via: call.via,
    };
    await notify(ctx, {
      type: 'incoming_call',
      title: `Incoming call: ${isNewLead ? displayPhone(from) : contact.name}`,
      body: isNewLead ? 'New lead' : displayPhone(from),
      contactId: contact.id,
      sessionId: session.id,
      data,
      dedupeKey: `incoming-call-${session.id}`,
    });
  }
  log.info({ sessionId: session.id, via: call.via, newLead: isNewLead, pii: { from } }, 'phone call opened');
  return { session, contact, from, isNewLead };
}

/** The admin whose own phone answers when nobody does in the dashboard: the first owner. */
export async function phoneAnsweringAdmin(ctx: ApiContext): Promise<string | undefined> {
  const owner = await ctx.db.adminUser.findFirst({
    where: { role: 'owner' },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  return owner?.id;
}

/** The first admin to join a phone call answered it. */
export async function recordAnswer(ctx: ApiContext, sessionId: string, adminId: string, at: Date) {
  await ctx.db.session.updateMany({
    where: { id: sessionId, phoneVia: { not: null }, answeredAt: null },
    data: { answeredById: adminId, answeredAt: at },
  });
}

/**
 * A phone call that ended before any admin joined is a missed call: marked once, with a callback task
 * on the contact and a `missed_call` notification. Calls that bypassed Booth are not missed.
 */
export async function recordMissedCall(ctx: ApiContext, sessionId: string, log: Logger): Promise<void> {
  const session = await ctx.db.session.findUnique({
    where: { id: sessionId },
    include: { contact: { select: { id: true, name: true } } },
  });
  if (!session?.phoneVia || session.answeredAt || session.untranscribedReason || session.missed) return;
  const number = session.phoneNumber ? displayPhone(session.phoneNumber) : 'number withheld';
  const who = session.contact?.name ?? number;
  const task = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, missed: false, answeredAt: null },
      data: { missed: true },
    });
    if (count === 0) return undefined;
    return tx.task.create({
      data: {
        title: session.contact ? `Call back ${who} (${number})` : `Call back ${number}`,
        contactId: session.contactId,
        sessionId,
        dueDate: new Date(new Date().toISOString().slice(0, 10)),
      },
    });
  });
  if (!task) return;
  await notify(ctx, {
    type: 'missed_call',
    title: `Missed call: ${who}`,
    body: task.title,
    contactId: session.contactId,
    sessionId,
    data: { taskId: task.id, from: session.phoneNumber },
    dedupeKey: `missed-call-${sessionId}`,
  });
  log.info({ sessionId, taskId: task.id }, 'missed call recorded; callback task created');
}
