/**
 * Phone calls in LiveKit: each Twilio call is a `call` session in room `phone-<CallSid>`; the caller
 * is participant `phone-<CallSid>`, the admin's own phone answering is `admin-<adminId>-phone…`
 * (an admin identity: the transcript names the admin). Attributes carry the number and contact.
 */
export const PHONE_ROOM_PREFIX = 'phone-';

export const phoneRoomName = (callSid: string): string => `${PHONE_ROOM_PREFIX}${callSid}`;

/** The caller's participant identity. */
export const phoneCallerIdentity = (callSid: string): string => `${PHONE_ROOM_PREFIX}${callSid}`;

/** The admin's own phone answering (adminIdOf still reads the admin). */
export const phoneAdminIdentity = (adminId: string, callSid: string): string =>
  `admin-${adminId}-${callSid
    .slice(-8)
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '0')}`;

/** Participant attributes of phone participants (the bridge's and LiveKit SIP's callers). */
export const PHONE_ATTRIBUTES = {
  /** `caller` or `admin`. */
  leg: 'booth.phone_leg',
  /** The caller's number, E.164. */
  number: 'booth.phone_number',
  contactId: 'booth.contact_id',
  callSid: 'booth.call_sid',
} as const;

/** LiveKit SIP's own participant attributes (livekit/protocol `sip.*`). */
export const SIP_ATTRIBUTES = {
  phoneNumber: 'sip.phoneNumber',
  trunkPhoneNumber: 'sip.trunkPhoneNumber',
  callId: 'sip.callID',
  callStatus: 'sip.callStatus',
} as const;

/**
 * SIP headers Booth's trunk copies into attributes (`booth sip setup`, headersToAttributes): the
 * dispatch rule hides the number (so it stays out of room names and logs), which drops `sip.phoneNumber`.
 */
export const SIP_HEADER_ATTRIBUTES = { From: 'sip.h.from', To: 'sip.h.to' } as const;
