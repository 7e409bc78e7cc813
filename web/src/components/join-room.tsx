import { useState } from 'react';
import type { Room } from 'livekit-client';
import { LeaveButton, MuteButton } from '../live/call-controls';
import type { RoomPhase } from '../live/connection';
import type { LiveRoom } from '../live/room';
import { SharedDocuments, useSharedDocuments } from '../live/shared-documents';
import { ParticipantList } from '../live/participant-list';
import { useCameraEnabled, useParticipants } from '../live/participants';
import { AudioPlaybackPrompt, RemoteAudio, RoomVideos } from '../live/remote-media';
import { RoomStatus } from '../live/room-status';
import { ScreenShareButton, ScreenStage } from '../live/screen-share';

function CameraButton({ room }: { room: Room }) {
  const on = useCameraEnabled(room);
  const [busy, setBusy] = useState(false);
  const toggle = () => {
    setBusy(true);
    room.localParticipant
      .setCameraEnabled(!on)
      .catch((err: unknown) => console.warn('booth: could not switch the camera', err))
      .finally(() => setBusy(false));
  };
  return (
    <button id="camera" type="button" aria-pressed={on} disabled={busy} onClick={toggle}>
      Camera
    </button>
  );
}

/**
 * A client in the consultation: the connection, who is there, mute, camera, screen share, leave,
 * and what the admin shared with them (a contract to sign).
 */
export function JoinRoom({
  live,
  phase,
  onLeave,
}: {
  live: LiveRoom;
  phase: RoomPhase;
  onLeave: () => void;
}) {
  const room = live.room;
  const participants = useParticipants(room);
  const documents = useSharedDocuments(live);
  const inRoom = phase === 'connected' || phase === 'reconnecting';
  return (
    <section className="join-room" aria-labelledby="join-room-heading">
      <h1 id="join-room-heading">Your consultation</h1>
      <RoomStatus phase={phase} />
      {inRoom && (
        <div className="live-controls">
          <MuteButton room={room} />
          <CameraButton room={room} />
          <ScreenShareButton room={room} />
          <LeaveButton onLeave={onLeave} label="Leave the consultation" />
          <AudioPlaybackPrompt room={room} />
        </div>
      )}
      <SharedDocuments documents={documents} />
      <ScreenStage room={room} />
      <RoomVideos room={room} withLocal />
      <ParticipantList participants={participants} />
      <p className="hint">This call is transcribed.</p>
      <RemoteAudio room={room} />
    </section>
  );
}
