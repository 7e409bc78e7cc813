import { useState } from 'react';
import type { RecordingState } from '../playback/use-recording';
import { CallProblem } from './call-problem';

/** Bytes as people read a file's size. */
const size = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} kB`;

/** "Delete recording", then a second step that says what it does before it does it. */
function DeleteRecording({ recording }: { recording: RecordingState }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="recording-delete" onClick={() => setAsking(true)}>
        Delete recording
      </button>
    );
  }
  return (
    <span className="recording-confirm" role="group" aria-label="Confirm deleting the recording">
      <span>Delete the audio of this call for good? The transcript stays.</span>{' '}
      <button
        type="button"
        className="recording-delete danger"
        disabled={recording.busy}
        onClick={() => void recording.remove().then(() => setAsking(false))}
      >
        Delete for good
      </button>{' '}
      <button type="button" disabled={recording.busy} onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}

/**
 * What an admin can do with a call's recording: download it, delete it (asked twice; audited by the
 * API), and, while the call is not over, switch recording off (or on again) for this call.
 */
export function RecordingActions({
  recording,
  sessionStatus,
}: {
  recording: RecordingState;
  sessionStatus: string;
}) {
  // The box shows what was asked for while the change is on its way (and reverts if it fails).
  const [asked, setAsked] = useState<boolean | undefined>();
  const info = recording.info;
  if (!info) return null;
  const r = recording.deleted ? null : info.recording;
  const toggle = sessionStatus !== 'ended' && info.globallyEnabled;
  const deletable = r !== null && (r.status === 'ready' || r.status === 'failed');
  if (!toggle && !r?.downloadUrl && !deletable) return null;
  return (
    <div className="recording-actions">
      {toggle && (
        <label className="recording-toggle">
          <input
            type="checkbox"
            checked={asked ?? info.recordingEnabled}
            disabled={recording.busy}
            onChange={(e) => {
              const enabled = e.target.checked;
              setAsked(enabled);
              void recording.setEnabled(enabled).finally(() => setAsked(undefined));
            }}
          />{' '}
          Record this call
        </label>
      )}
      {r?.status === 'ready' && r.downloadUrl && (
        <a className="recording-download" href={r.downloadUrl} download>
          Download{r.bytes !== null ? ` (MP3, ${size(r.bytes)})` : ' (MP3)'}
        </a>
      )}
      {deletable && <DeleteRecording recording={recording} />}
      <CallProblem error={recording.changeError} what="Could not change the recording" />
    </div>
  );
}
