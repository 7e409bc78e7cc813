import type { WebhookEvent } from 'livekit-server-sdk';
import {
  PHONE_ATTRIBUTES,
  PHONE_ROOM_PREFIX,
  SIP_ATTRIBUTES,
  SIP_HEADER_ATTRIBUTES,
  errorMessage,
  type Logger,
} from '@booth/shared';
import type { ApiContext } from './context';
import { publisherOf } from './notify';
import { openPhoneCall } from './phone-calls';

type SipParticipant = Pick<
  NonNullable<WebhookEvent['participant']>,
  'identity' | 'sid' | 'name' | 'attributes'
>;

/** What a SIP participant's attributes say about its call. */
export interface SipCaller {
  /** LiveKit SIP's call id (`SCL_…`), or the participant's sid. */
  callSid: string;
  /** The caller's number as the carrier sent it, or "Anonymous". */
  from: string;
  /** The number that was called, or "". */
  to: string;
}

const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PARTICIPANT_SID = /^PA_[A-Za-z0-9]{1,60}$/;
/** A SIP user part that may be a number: "+15551234567", "5551234567", "anonymous", "*67#". */
const NUMBER = /^\+?[A-Za-z0-9_.*#-]{1,40}$/;
/** The URI of a From/To header value (`"Name" <sip:user@host>;tag=…`, `sip:user@host`, `tel:+1…`). */
const HEADER_URI = /^(?:[^<]*<\s*([^>]*)>|\s*([^;\s]+))/;
const USER_OF_URI = /^(?:sips?:([^@;?]+)@|tel:([^;?]+))/i;
/** Attribute values past this are not a header Booth reads. */
const MAX_HEADER = 1024;

/** The number a SIP user part carries, or undefined for anything that is not one. */
function numberOf(user: string | undefined): string | undefined {
  if (user === undefined) return undefined;
  let decoded = user;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    return undefined;
  }
  return NUMBER.test(decoded) ? decoded : undefined;
}

/** The user part of a From or To header's URI, when it is a number. */
export function numberOfHeader(value: string | undefined): string | undefined {
  if (!value || value.length > MAX_HEADER) return undefined;
  const uri = HEADER_URI.exec(value);
  const m = USER_OF_URI.exec((uri?.[1] ?? uri?.[2] ?? '').trim());
  return numberOf(m?.[1] ?? m?.[2]);
}

/**
 * Reads a SIP participant's call (untrusted: whoever reached the SIP port wrote the headers): LiveKit's
 * own `sip.*` attributes when present, else the From/To headers the trunk maps. Undefined when there
 * is no usable call id.
 */
export function sipCallerOf(
  attributes: Record<string, string> | undefined,
  participantSid: string,
): SipCaller | undefined {
  const attrs = attributes ?? {};
  const callId = attrs[SIP_ATTRIBUTES.callId];
  const callSid =
    callId !== undefined && CALL_ID.test(callId)
      ? callId
      : PARTICIPANT_SID.test(participantSid)
        ? participantSid
        : undefined;
  if (!callSid) return undefined;
  const from =
    numberOf(attrs[SIP_ATTRIBUTES.phoneNumber]) ?? numberOfHeader(attrs[SIP_HEADER_ATTRIBUTES.From]);
  const to =
    numberOf(attrs[SIP_ATTRIBUTES.trunkPhoneNumber]) ?? numberOfHeader(attrs[SIP_HEADER_ATTRIBUTES.To]);
  return { callSid, from: from ?? 'Anonymous', to: to ?? '' };
}

/**
 * A LiveKit SIP caller joined a phone room (`phone-…`, the dispatch rule of `booth sip setup`): the call
 * is opened as a bridged Twilio call is (contact matched or a new lead, the session marked a phone call
 * with its number and call id, `incoming_call` to the admins), and the caller is tagged in the room
 * with the phone attributes and the contact's name. A second SIP call in the same room stays a plain
 * participant.
 *
 * @returns the name to record the participant under: the contact's, or the one LiveKit SIP gave
 */
export async function openSipCall(
  ctx: ApiContext,
  log: Logger,
  roomName: string,
  p: SipParticipant,
): Promise<string> {
  if (!roomName.startsWith(PHONE_ROOM_PREFIX)) {
    log.warn('SIP participant in a room that is not a phone room; not opened as a phone call');
    return p.name;
  }
  const caller = sipCallerOf(p.attributes, p.sid);
  if (!caller) {
    log.warn('SIP participant without a usable call id; not opened as a phone call');
    return p.name;
  }
  const sipLog = log.child({ callSid: caller.callSid });
  const existing = await ctx.db.session.findUnique({ where: { roomName }, select: { callSid: true } });
  if (existing?.callSid && existing.callSid !== caller.callSid) {
    sipLog.warn('another SIP call joined a phone room; kept as a participant only');
    return p.name;
  }
  const opened = await openPhoneCall(ctx, sipLog, { ...caller, roomName, via: 'sip' });
  try {
    await publisherOf(ctx).rooms.updateParticipant(roomName, p.identity, {
      name: opened.contact.name,
      attributes: {
        [PHONE_ATTRIBUTES.leg]: 'caller',
        [PHONE_ATTRIBUTES.number]: opened.from,
        [PHONE_ATTRIBUTES.contactId]: opened.contact.id,
        [PHONE_ATTRIBUTES.callSid]: caller.callSid,
      },
    });
  } catch (err) {
    // The call is recorded either way; the room only shows LiveKit SIP's own name for the caller.
    sipLog.warn({ err: errorMessage(err) }, 'could not tag the SIP caller in the room');
  }
  return opened.contact.name;
}
