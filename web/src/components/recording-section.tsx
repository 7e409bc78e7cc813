import { useCallPlayback } from '../playback/call-playback';
import { CallProblem } from './call-problem';
import { RecordingActions } from './recording-actions';
import { RecordingStatus } from './recording-status';

/**
 * The call's recording (`#recording`): its state in words (in progress, being mixed, ready, failed,
 * deleted, switched off), download and delete for admins, and switching recording off for a call
 * not over yet. The player itself is over the transcript ({@link RecordingPlayer}).
 */
export function CallRecording({ sessionStatus }: { sessionStatus: string }) {
  const player = useCallPlayback();
  if (!player) return null;
  const { recording } = player;
  return (
    <section id="recording" className="call-section" aria-labelledby="recording-heading">
      <h2 id="recording-heading">Recording</h2>
      {recording.info ? (
        <>
          <RecordingStatus info={recording.info} deleted={recording.deleted} sessionStatus={sessionStatus} />
          <RecordingActions recording={recording} sessionStatus={sessionStatus} />
        </>
      ) : (
        !recording.error && <p className="loading">Loading…</p>
      )}
      <CallProblem error={recording.error} what="Could not load the recording" />
    </section>
  );
}
