import { z } from 'zod';
import { roomName } from './api/livekit';
import { PHONE_ROOM_PREFIX } from './telephony/phone-rooms';

/** The kinds of LiveKit room Booth runs; the room name starts with the kind. */
export const ROOM_KINDS = ['call', 'consultation', 'assistant', 'collaboration'] as const;
export const roomKindSchema = z.enum(ROOM_KINDS);
export type RoomKind = z.infer<typeof roomKindSchema>;

/** Rooms only admins may ever join (no client invite can be minted for them). */
export const ADMIN_ONLY_KINDS: readonly RoomKind[] = ['assistant', 'collaboration'];

/** Kinds whose audio the transcriber joins. */
export const TRANSCRIBED_KINDS: readonly RoomKind[] = ['call', 'consultation', 'assistant', 'collaboration'];

/** The admin notifications room (defined with the browser-safe contracts, which the dashboard imports). */
export { NOTIFICATIONS_ROOM } from './api/data-topics';

export const roomNameSchema = roomName();

/** `call-abc123` → `call`, a phone call's `phone-CA…` → `call`; unknown prefixes, and names Booth never gives a room, → undefined. */
export function kindOfRoom(roomName: string): RoomKind | undefined {
  if (!roomNameSchema.safeParse(roomName).success) return undefined;
  const prefix = roomName.split('-', 1)[0];
  if (`${prefix}-` === PHONE_ROOM_PREFIX) return 'call';
  const parsed = roomKindSchema.safeParse(prefix);
  return parsed.success ? parsed.data : undefined;
}
