import { z } from 'zod';
import { bigintNumber, endpoint, timestamp } from './contract';
import { idParams } from './fields';

export const RECORDING_STATUSES = ['recording', 'mixing', 'ready', 'failed'] as const;

/**
 * A session's recording as the dashboard sees it. The audio itself is served by the API at `audioUrl`
 * (HTTP Range requests, so a long recording seeks at once; `downloadUrl` sends it as an attachment).
 * Times in the transcript (segment and word `startMs`) are positions in this file.
 */
export const recordingViewSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.enum(RECORDING_STATUSES),
  mimeType: z.string().nullable(),
  bytes: bigintNumber().nullable(),
  durationMs: z.number().nullable(),
  createdAt: timestamp(),
  readyAt: timestamp().nullable(),
  /** When retention deletes it; null = kept until deleted. */
  expiresAt: timestamp().nullable(),
  /** `/api/recordings/<id>/audio` once ready, else null. */
  audioUrl: z.string().nullable(),
  downloadUrl: z.string().nullable(),
});
export type RecordingView = z.output<typeof recordingViewSchema>;

/** The audio of recording `id` (what {@link RecordingView.audioUrl} holds once it is ready). */
export const recordingAudioUrl = (id: string) => `/api/recordings/${encodeURIComponent(id)}/audio`;
/** The same audio sent as an attachment (`Content-Disposition`), for the download button. */
export const recordingDownloadUrl = (id: string) => `${recordingAudioUrl(id)}?download=1`;

/**
 * A session's recording state: whether the call is being recorded (its own switch and the global
 * RECORDING_ENABLED), whether recording is on at all, and its recording once there is one.
 */
export const sessionRecordingSchema = z.object({
  sessionId: z.string(),
  /** This session is recorded: Session.recordingEnabled AND RECORDING_ENABLED. */
  recordingEnabled: z.boolean(),
  /** RECORDING_ENABLED: false means nothing is recorded, whatever the session's switch says. */
  globallyEnabled: z.boolean(),
  recording: recordingViewSchema.nullable(),
});
export type SessionRecording = z.output<typeof sessionRecordingSchema>;

const get = endpoint({
  method: 'GET',
  path: '/api/sessions/:id/recording',
  summary:
    "A session's recording: whether it is recorded, and the recording with its audio URLs once there is one.",
  params: idParams,
  response: sessionRecordingSchema,
});

const update = endpoint({
  method: 'PATCH',
  path: '/api/sessions/:id/recording',
  summary:
    'Switches recording on or off for a session (audited); a live call follows within a few seconds. RECORDING_ENABLED=false overrides it.',
  params: idParams,
  body: z.object({ enabled: z.boolean() }).strict(),
  response: sessionRecordingSchema,
});

const remove = endpoint({
  method: 'DELETE',
  path: '/api/sessions/:id/recording',
  summary:
    "Deletes a session's recording: its files from the storage, then its row (audited). 409 while the call is still going on; 503 when the storage cannot be reached (nothing is deleted from the database then).",
  params: idParams,
  response: z.object({ sessionId: z.string(), deleted: z.literal(true) }),
});

/** `?download=1` (or `true`): send the audio as an attachment. */
export const recordingAudioQuerySchema = z.object({
  download: z.enum(['0', '1', 'true', 'false']).optional(),
});

/**
 * GET /api/recordings/:id/audio — not JSON: the playback file itself (`Content-Type` of the
 * recording, `Accept-Ranges: bytes`; a single `Range` answers 206, an unsatisfiable one 416).
 * Listed here for the route registry and the OpenAPI document; the player uses `audioUrl`.
 */
const audio = endpoint({
  method: 'GET',
  path: '/api/recordings/:id/audio',
  summary:
    'The playback audio of a ready recording (audio/mpeg, not JSON), with HTTP Range requests (206/416); ?download=1 sends it as an attachment.',
  params: idParams,
  query: recordingAudioQuerySchema,
  response: z.unknown().describe('The audio file (audio/mpeg bytes), not JSON'),
});

/** A session's recording (/api/sessions/:id/recording) and its audio (/api/recordings/:id/audio). */
export const recordingsApi = { get, update, remove, audio };
