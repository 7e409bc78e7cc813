import { useRef, type KeyboardEvent } from 'react';
import type { Room } from 'livekit-client';

/**
 * Hold to talk (`button#push-to-talk`): the microphone is on while the button is held (pointer, or
 * Space/Enter on the focused button) and back to muted on release. Unmuted already, it changes nothing.
 */
export function PushToTalkButton({ room }: { room: Room }) {
  /** Whether this press turned the microphone on (so the release turns it off again). */
  const opened = useRef(false);
  const press = () => {
    if (opened.current || room.localParticipant.isMicrophoneEnabled) return;
    opened.current = true;
    void room.localParticipant
      .setMicrophoneEnabled(true)
      .catch((err: unknown) => console.warn('booth: could not open the microphone', err));
  };
  const release = () => {
    if (!opened.current) return;
    opened.current = false;
    void room.localParticipant
      .setMicrophoneEnabled(false)
      .catch((err: unknown) => console.warn('booth: could not mute the microphone', err));
  };
  const key = (e: KeyboardEvent, down: boolean) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    if (down && !e.repeat) press();
    if (!down) release();
  };
  return (
    <button
      id="push-to-talk"
      type="button"
      className="live-ptt"
      onPointerDown={press}
      onPointerUp={release}
      onPointerCancel={release}
      onPointerLeave={release}
      onKeyDown={(e) => key(e, true)}
      onKeyUp={(e) => key(e, false)}
      onContextMenu={(e) => e.preventDefault()}
    >
      Hold to talk
    </button>
  );
}
