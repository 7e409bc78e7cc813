import { useMemo, useRef } from 'react';
import type { Room } from 'livekit-client';

/**
 * A microphone opened for as long as something is held (Hold to talk, Hold to ask): `open()` unmutes
 * it if it was muted, and `close()` mutes it again only when `open()` was what turned it on; an
 * admin already talking stays unmuted.
 */
export function useHeldMicrophone(room: Room): { open: () => void; close: () => void } {
  /** Whether the last open() turned the microphone on. */
  const opened = useRef(false);
  return useMemo(
    () => ({
      open() {
        if (opened.current || room.localParticipant.isMicrophoneEnabled) return;
        opened.current = true;
        void room.localParticipant
          .setMicrophoneEnabled(true)
          .catch((err: unknown) => console.warn('booth: could not open the microphone', err));
      },
      close() {
        if (!opened.current) return;
        opened.current = false;
        void room.localParticipant
          .setMicrophoneEnabled(false)
          .catch((err: unknown) => console.warn('booth: could not mute the microphone', err));
      },
    }),
    [room],
  );
}
