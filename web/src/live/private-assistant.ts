import { useEffect } from 'react';
import { Track, type Room } from 'livekit-client';
import { useAssistant } from '../assistant/assistant-provider';

/**
 * While the admin holds push-to-talk during a call, the call does not hear them: the call room's
 * microphone track is muted for the hold (the assistant room has its own track of the same
 * microphone) and unmuted after, unless the admin had muted it themselves. The other side never hears
 * "Hey Booth, what's their budget?".
 */
export function usePrivateAssistantTurns(room: Room | undefined): void {
  const { talking } = useAssistant().voice;
  useEffect(() => {
    if (!room || !talking) return;
    const track = room.localParticipant.getTrackPublication(Track.Source.Microphone)?.track;
    if (!track || track.isMuted) return;
    void track.mute();
    return () => {
      void track.unmute();
    };
  }, [room, talking]);
}
