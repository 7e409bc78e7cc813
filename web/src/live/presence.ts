import { ConnectionState, type Room } from 'livekit-client';
import { adminIdOf } from '@booth/shared/api';
import { MEMBERSHIP_EVENTS, displayNameOf } from './participants';
import { useRoomValue } from './room';

/** An admin online: one entry however many tabs (connections) they have open. */
export interface AdminOnline {
  adminId: string;
  name: string;
  connections: number;
  /** Whether one of the connections is this page's. */
  isSelf: boolean;
}

/** The admins among a room's participants (ours included), one per admin id, by name. */
export function presenceOf(room: Room): AdminOnline[] {
  if (room.state === ConnectionState.Disconnected) return [];
  const byAdmin = new Map<string, AdminOnline>();
  const everyone = [
    ...(room.localParticipant.identity ? [room.localParticipant] : []),
    ...room.remoteParticipants.values(),
  ];
  for (const p of everyone) {
    const adminId = adminIdOf(p.identity);
    if (adminId === undefined) continue;
    const seen = byAdmin.get(adminId);
    if (seen) {
      seen.connections += 1;
      seen.isSelf ||= p.isLocal;
    } else byAdmin.set(adminId, { adminId, name: displayNameOf(p), connections: 1, isSelf: p.isLocal });
  }
  return [...byAdmin.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.adminId.localeCompare(b.adminId),
  );
}

const PRESENCE_EVENTS = MEMBERSHIP_EVENTS;

const NOBODY: AdminOnline[] = [];

/** The admins in `room` (the notifications room), kept current. */
export function useRoomPresence(room: Room | undefined): AdminOnline[] {
  return useRoomValue(room, PRESENCE_EVENTS, presenceOf, NOBODY);
}
