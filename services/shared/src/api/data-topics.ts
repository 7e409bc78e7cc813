import { z } from 'zod';
import { MAX_BUDGET_CENTS, MAX_GUESTS, calendarDate } from './fields';

/** Data topics Booth publishes on (always signed: data-signing.ts). */
export const DATA_TOPICS = {
  notifications: 'booth.notifications',
  suggestions: 'booth.suggestions',
  /** The voice assistant's turns, in the admin's assistant room (assistant.ts). */
  assistant: 'booth.assistant',
  /** Keypad digits a phone caller pressed, published by the telephony bridge into the call room. */
  dtmf: 'booth.dtmf',
  /** Documents an admin put in front of the client in a consultation (a contract to sign). */
  documents: 'booth.documents',
  /** Changes to a shared notes pad (a Yjs update and its author), in the notifications room: padMessageSchema. */
  pads: 'booth.pads',
  /** A colleague listening in whispers to the admins of a call (never to its clients): whisperMessageSchema. */
  whispers: 'booth.whispers',
  /** A collaboration room's shared assistant session as it happens: sharedAssistantEventSchema. */
  sharedAssistant: 'booth.assistant.shared',
} as const;

/** The admin notifications room (data channel only, never transcribed): `booth.notifications` and presence. */
export const NOTIFICATIONS_ROOM = 'booth-notifications';

/** The text-stream topic LiveKit clients use for transcriptions. */
export const TRANSCRIPTION_TOPIC = 'lk.transcription';

/** Attributes of `lk.transcription` streams (LiveKit's, as livekit/agents publishes them, and Booth's). */
export const CAPTION_ATTRIBUTES = {
  final: 'lk.transcription_final',
  segmentId: 'lk.segment_id',
  trackId: 'lk.transcribed_track_id',
  /** Booth's own: the utterance's start and end, ms since the session started. */
  startMs: 'booth.start_ms',
  endMs: 'booth.end_ms',
  /** Booth's own: the signature of the caption under the room's data key (captionSignedString). */
  signature: 'booth.sig',
} as const;

/** A notification as published on `booth.notifications` (and listed by GET /api/notifications). */
export const notificationMessageSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  contactId: z.string().nullable(),
  sessionId: z.string().nullable(),
  /** The one admin it is for (an invitation into a room); null: every admin. */
  recipientId: z.string().nullable().default(null),
  data: z.unknown(),
  createdAt: z.string(),
});
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

/**
 * The contact detail a suggestion is about, as the client said it: what its card can check (the date
 * against booked events) or add to the contact. Values are in the contact's units (budget in cents).
 */
export const suggestionDetailSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('eventDate'), value: calendarDate() }),
  z.object({ field: z.literal('venue'), value: z.string().min(1).max(200) }),
  z.object({ field: z.literal('guestCount'), value: z.number().int().min(1).max(MAX_GUESTS) }),
  z.object({ field: z.literal('budgetCents'), value: z.number().int().min(0).max(MAX_BUDGET_CENTS) }),
]);
export type SuggestionDetail = z.infer<typeof suggestionDetailSchema>;

/** A live suggestion as published on `booth.suggestions` to the admins of a call. */
export const suggestionMessageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: z.string(),
  text: z.string(),
  quote: z.string().nullable(),
  atMs: z.number(),
  /** Null when it is about no single detail (pricing, billing, ready, retention). */
  detail: suggestionDetailSchema.nullable().default(null),
});
export type SuggestionMessage = z.infer<typeof suggestionMessageSchema>;

/**
 * A document shared with the client in a consultation (`booth.documents`, sent by the API to the
 * room's clients): a contract to sign. `path` is the dashboard's own signing page, never another site.
 */
export const sharedDocumentSchema = z.object({
  id: z.string(),
  kind: z.literal('contract'),
  title: z.string().max(300),
  path: z.string().regex(/^\/sign\/[A-Za-z0-9_-]+\?code=[A-Za-z0-9_-]+$/, 'a /sign/ link'),
  /** ms since the epoch, when it was shared. */
  at: z.number(),
});
export type SharedDocument = z.infer<typeof sharedDocumentSchema>;

/** What a shared notes pad belongs to: a collaboration room (session) or a contact. */
export const PAD_SCOPES = ['session', 'contact'] as const;
export type PadScope = (typeof PAD_SCOPES)[number];

/**
 * A change to a shared notes pad as published on `booth.pads` to the admins online: the Yjs update
 * (base64) the API merged, who made it and what it did. `update` is null when it was too large for
 * one data message: the pages read the pad again instead (GET /api/pads/:scope/:id).
 */
export const padMessageSchema = z.object({
  scope: z.enum(PAD_SCOPES),
  id: z.string(),
  update: z.string().nullable(),
  author: z.object({ id: z.string(), name: z.string() }),
  changeId: z.string(),
  /** Characters the change inserted and deleted. */
  inserted: z.number().int().min(0),
  deleted: z.number().int().min(0),
  /** ISO time the API stored the change. */
  at: z.string(),
});
export type PadMessage = z.infer<typeof padMessageSchema>;

/** A keypad digit a phone caller pressed (`booth.dtmf`). */
export const dtmfMessageSchema = z.object({
  digit: z.string().regex(/^[0-9*#A-D]$/),
  /** The caller's participant identity. */
  from: z.string(),
  /** ms since the epoch, when the bridge received it. */
  at: z.number(),
});
export type DtmfMessage = z.infer<typeof dtmfMessageSchema>;

/** `data` of an `incoming_call` notification: enough for the toast and its Answer button. */
export const incomingCallDataSchema = z.object({
  sessionId: z.string(),
  roomName: z.string(),
  /** E.164, or what Twilio sent when it is not a number ("Anonymous"). */
  from: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  /** `twilio` (Media Streams bridge) or `sip` (LiveKit SIP). */
  via: z.enum(['twilio', 'sip']),
});
export type IncomingCallData = z.infer<typeof incomingCallDataSchema>;
