import { useMemo } from 'react';
import { ParticipantKind, RoomEvent, type Room } from 'livekit-client';
import { AGENT_STATE_ATTRIBUTE, AGENT_STATES, type AgentState } from '@booth/shared/api';
import { useRoomValue } from '../live/room';

export interface AgentPresence {
  /** The agent participant's identity (the RPC destination), undefined while it is not in the room. */
  identity: string | undefined;
  /** Its `lk.agent.state` attribute, when it has a known one. */
  state: AgentState | undefined;
}

const EVENTS: readonly RoomEvent[] = [
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantAttributesChanged,
  RoomEvent.Connected,
  RoomEvent.Reconnected,
  RoomEvent.Disconnected,
];

function agentOf(room: Room): string {
  for (const p of room.remoteParticipants.values()) {
    if (p.kind !== ParticipantKind.AGENT) continue;
    const state = p.attributes[AGENT_STATE_ATTRIBUTE];
    return JSON.stringify([
      p.identity,
      (AGENT_STATES as readonly string[]).includes(state ?? '') ? state : null,
    ]);
  }
  return '[null,null]';
}

/** The voice agent in the assistant room (a participant of kind agent) and its state, live. */
export function useAgent(room: Room | undefined): AgentPresence {
  // Compared as a string, so unrelated room events do not make a new value.
  const key = useRoomValue(room, EVENTS, agentOf, '[null,null]');
  return useMemo(() => {
    const [identity, state] = JSON.parse(key) as [string | null, AgentState | null];
    return { identity: identity ?? undefined, state: state ?? undefined };
  }, [key]);
}

const MIC_EVENTS: readonly RoomEvent[] = [
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.Disconnected,
];

/** Whether our microphone is live in the room (published and not muted). */
export function useMicLive(room: Room | undefined): boolean {
  return useRoomValue(room, MIC_EVENTS, (r) => r.localParticipant.isMicrophoneEnabled, false);
}
