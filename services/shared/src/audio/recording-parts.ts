/**
 * The layout of a session's recording in the blob storage, shared by the transcriber (which writes
 * the per-track parts during the call) and the worker (which mixes them into the playback file):
 *
 *   recordings/<sessionId>/tracks/<trackSid>/<connectionId>/<seq>-<startMs>.pcm   raw s16le mono 16 kHz
 *   recordings/<sessionId>/playback.mp3                                             the mix, CBR MP3
 *
 * `startMs` is the part's first sample in session time (ms since Session.startedAt, the clock of
 * transcript segments and words); `connectionId` is per transcriber connection, so the parts of a
 * transcriber that took the room over never overwrite its predecessor's. A part is self-describing:
 * its key and its size place it on the session clock without any database row.
 */
export const RECORDING_SAMPLE_RATE = 16000;
export const RECORDING_PART_TYPE = 'application/octet-stream';

export const recordingPrefix = (sessionId: string) => `recordings/${sessionId}/`;
export const recordingTracksPrefix = (sessionId: string) => `recordings/${sessionId}/tracks/`;
export const playbackKey = (sessionId: string) => `recordings/${sessionId}/playback.mp3`;

/** Storage keys allow `[A-Za-z0-9_.-]` per segment; LiveKit track sids (TR_…) already fit. */
const safeSegment = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[.-]/, '_') || '_';

export interface RecordingPartRef {
  sessionId: string;
  trackSid: string;
  connectionId: string;
  /** Order of the part within its track and connection, from 0. */
  seq: number;
  /** Session time of the part's first sample, ms. */
  startMs: number;
}

export function recordingPartKey(p: RecordingPartRef): string {
  const seq = String(p.seq).padStart(6, '0');
  return `${recordingTracksPrefix(p.sessionId)}${safeSegment(p.trackSid)}/${safeSegment(p.connectionId)}/${seq}-${Math.round(p.startMs)}.pcm`;
}

const PART_KEY = /^recordings\/([^/]+)\/tracks\/([^/]+)\/([^/]+)\/(\d+)-(-?\d+)\.pcm$/;

/** The part a key names, or undefined for any other key. */
export function parseRecordingPartKey(key: string): RecordingPartRef | undefined {
  const m = PART_KEY.exec(key);
  if (!m) return undefined;
  return {
    sessionId: m[1]!,
    trackSid: m[2]!,
    connectionId: m[3]!,
    seq: Number(m[4]),
    startMs: Number(m[5]),
  };
}

/** One recorded track as kept in Recording.tracks (session time; `keys` empty once mixed and removed). */
export interface RecordingTrackMeta {
  trackSid: string;
  connectionId: string;
  /** The LiveKit participant identity (one admin tab, a caller…) and the speaker it is stored under. */
  identity: string | null;
  speakerIdentity: string | null;
  startMs: number;
  durationMs: number;
  sampleRate: number;
  keys: string[];
}
