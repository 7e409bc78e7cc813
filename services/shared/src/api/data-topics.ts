import { z } from 'zod';

/** Data topics Booth publishes on (always signed: data-signing.ts). */
export const DATA_TOPICS = {
  notifications: 'booth.notifications',
  suggestions: 'booth.suggestions',
  /** The voice assistant's turns, in the admin's assistant room (assistant.ts). */
  assistant: 'booth.assistant',
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
  data: z.unknown(),
  createdAt: z.string(),
});
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

/** A live suggestion as published on `booth.suggestions` to the admins of a call. */
export const suggestionMessageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: z.string(),
  text: z.string(),
  quote: z.string().nullable(),
  atMs: z.number(),
});
export type SuggestionMessage = z.infer<typeof suggestionMessageSchema>;
