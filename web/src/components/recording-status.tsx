import type { RecordingInfo } from '../playback/use-recording';
import { clock } from './call-format';

/** An ISO timestamp as the reader writes a date. */
const dateOf = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** What to say about a call's recording, and whether it is a problem. */
export function recordingSummary(
  info: RecordingInfo,
  deleted: boolean,
  sessionStatus: string,
): { text: string; state: string; problem?: boolean } {
  const r = info.recording;
  if (deleted) return { state: 'deleted', text: 'The recording was deleted.' };
  if (!r) {
    if (!info.globallyEnabled) {
      return { state: 'off', text: 'Recording is switched off for all calls (RECORDING_ENABLED=false).' };
    }
    if (!info.recordingEnabled) return { state: 'off', text: 'Recording is switched off for this call.' };
    if (sessionStatus === 'scheduled') {
      return { state: 'none', text: 'This call will be recorded; the client is told so when they join.' };
    }
    if (sessionStatus === 'active') {
      return {
        state: 'none',
        text: 'Not recording yet: recording starts once the transcriber hears the call.',
      };
    }
    return {
      state: 'none',
      text: 'There is no recording of this call: it was deleted, passed its retention period, or was never made.',
    };
  }
  switch (r.status) {
    case 'recording':
      return sessionStatus === 'ended'
        ? { state: 'recording', text: 'The call ended: the playback file is made in a moment…' }
        : { state: 'recording', text: 'Recording in progress.' };
    case 'mixing':
      return { state: 'mixing', text: 'Preparing the playback file…' };
    case 'failed':
      return {
        state: 'failed',
        problem: true,
        text: 'The recording failed: its playback file could not be made.',
      };
    case 'ready': {
      const length = r.durationMs !== null ? `${clock(r.durationMs)} recorded` : 'Recorded';
      const kept = r.expiresAt ? `kept until ${dateOf(r.expiresAt)}` : 'kept until deleted';
      return {
        state: 'ready',
        text: `${length}, ${kept}. Choose any word of the transcript to play from it.`,
      };
    }
  }
}

/** The recording's state in words (`#recording-status`, `data-state` for styles and tests). */
export function RecordingStatus({
  info,
  deleted,
  sessionStatus,
}: {
  info: RecordingInfo;
  deleted: boolean;
  sessionStatus: string;
}) {
  const s = recordingSummary(info, deleted, sessionStatus);
  return (
    <p
      id="recording-status"
      className={s.problem ? 'recording-status error' : 'recording-status'}
      data-state={s.state}
      role="status"
    >
      {s.text}
    </p>
  );
}
