import type { KeyboardEvent } from 'react';
import type { Room } from 'livekit-client';
import { useHeldMicrophone } from './held-microphone';

/**
 * Hold to talk (`button#push-to-talk`): the microphone is on while the button is held (pointer, or
 * Space/Enter on the focused button) and back to muted on release. Unmuted already, it changes nothing.
 */
export function PushToTalkButton({ room }: { room: Room }) {
  const { open: press, close: release } = useHeldMicrophone(room);
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
