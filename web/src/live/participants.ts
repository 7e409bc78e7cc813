import { ConnectionState, RoomEvent, type Participant, type Room } from 'livekit-client';
import { adminIdOf } from '@booth/shared/api';
import { useRoomValue } from './room';

/** A person in the room, as the page lists them. */
export interface RoomParticipant {
  identity: string;
  /** Their display name (else their identity). */
  name: string;
  isLocal: boolean;
  isSpeaking: boolean;
  /** Whether their microphone is off (muted or not published). */
  micMuted: boolean;
  /** The admin behind an admin connection (`admin-<adminId>-<hex>`). */
  adminId: string | undefined;
}

export const displayNameOf = (p: { identity: string; name?: string }) => p.name || p.identity;

function view(p: Participant): RoomParticipant {
  return {
    identity: p.identity,
    name: displayNameOf(p),
    isLocal: p.isLocal,
    isSpeaking: p.isSpeaking,
    micMuted: !p.isMicrophoneEnabled,
    adminId: adminIdOf(p.identity),
  };
}

/** Everyone in a connected room, us first, then by name; agents (the transcriber) are not people. */
export function participantsOf(room: Room): RoomParticipant[] {
  if (room.state === ConnectionState.Disconnected || !room.localParticipant.identity) return [];
  const others = [...room.remoteParticipants.values()]
    .filter((p) => !p.isAgent)
    .map(view)
    .sort((a, b) => a.name.localeCompare(b.name) || a.identity.localeCompare(b.identity));
  return [view(room.localParticipant), ...others];
}

/** Who is in the room changed (a join, a leave, a rename, the connection itself). */
export const MEMBERSHIP_EVENTS: readonly RoomEvent[] = [
  RoomEvent.Connected,
  RoomEvent.Disconnected,
  RoomEvent.Reconnected,
  RoomEvent.ConnectionStateChanged,
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ParticipantNameChanged,
];

const PARTICIPANT_EVENTS: readonly RoomEvent[] = [
  ...MEMBERSHIP_EVENTS,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
];

/** The room's participants with who is speaking, kept current from the room's events. */
export function useParticipants(room: Room): RoomParticipant[] {
  return useRoomValue(room, PARTICIPANT_EVENTS, participantsOf);
}

const LOCAL_MIC_EVENTS: readonly RoomEvent[] = [
  RoomEvent.Connected,
  RoomEvent.Disconnected,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
];

/** Whether our microphone is on (published and not muted). */
export function useMicrophoneEnabled(room: Room): boolean {
  return useRoomValue(room, LOCAL_MIC_EVENTS, (r) => r.localParticipant.isMicrophoneEnabled);
}

/** Whether our camera is on. */
export function useCameraEnabled(room: Room): boolean {
  return useRoomValue(room, LOCAL_MIC_EVENTS, (r) => r.localParticipant.isCameraEnabled);
}
