import type { DisconnectReason } from 'livekit-client';
import { roomStatusText, type RoomPhase } from './connection';

/** The room's connection status line (`#room-status`); `ended` when the session is over anyway. */
export function RoomStatus({
  phase,
  reason,
  ended,
}: {
  phase: RoomPhase;
  reason?: DisconnectReason;
  ended?: boolean;
}) {
  return (
    <p id="room-status" role="status" className="live-room-status" data-phase={phase}>
      {ended && phase === 'idle' ? 'The call has ended' : roomStatusText(phase, reason)}
    </p>
  );
}
