import { useState } from 'react';
import { RoomEvent, type Room } from 'livekit-client';
import { MicSelect } from './mic-select';
import { useMicrophoneEnabled } from './participants';
import { useRoomValue } from './room';

/** Mute and unmute our microphone (`button#mute`, pressed while muted). */
export function MuteButton({ room }: { room: Room }) {
  const on = useMicrophoneEnabled(room);
  const [busy, setBusy] = useState(false);
  const toggle = () => {
    setBusy(true);
    room.localParticipant
      .setMicrophoneEnabled(!on)
      .catch((err: unknown) => console.warn('booth: could not switch the microphone', err))
      .finally(() => setBusy(false));
  };
  return (
    <button id="mute" type="button" className="live-mute" aria-pressed={!on} disabled={busy} onClick={toggle}>
      Mute
    </button>
  );
}

/** Leave the room (`button#leave`). */
export function LeaveButton({ onLeave, label = 'Leave' }: { onLeave: () => void; label?: string }) {
  return (
    <button id="leave" type="button" className="live-leave" onClick={onLeave}>
      {label}
    </button>
  );
}

const DEVICE_EVENTS: readonly RoomEvent[] = [
  RoomEvent.ActiveDeviceChanged,
  RoomEvent.LocalTrackPublished,
  RoomEvent.Connected,
];

/** The microphone picker while in the room: switches the published microphone. */
export function MicSwitch({ room, devices }: { room: Room; devices: MediaDeviceInfo[] }) {
  const active = useRoomValue(room, DEVICE_EVENTS, (r) => r.getActiveDevice('audioinput') ?? '');
  const [error, setError] = useState<string>();
  const change = (deviceId: string) => {
    setError(undefined);
    room.switchActiveDevice('audioinput', deviceId).then(
      (ok) => ok || setError('That microphone could not be used.'),
      () => setError('That microphone could not be used.'),
    );
  };
  const known = devices.some((d) => d.deviceId === active);
  return (
    <>
      <MicSelect devices={devices} value={known ? active : (devices[0]?.deviceId ?? '')} onChange={change} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
