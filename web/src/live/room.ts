import { useEffect, useEffectEvent, useState } from 'react';
import type { Room, RoomEvent } from 'livekit-client';
import type { DataVerifier } from '@booth/shared/api';

/**
 * A LiveKit room and the verifier of its data key (the key comes with an admin's token; clients have
 * none). The verifier is a ref so that a packet arriving between connect and the next render is
 * checked against the key the connection was made with, not a stale render's.
 */
export interface LiveRoom {
  room: Room;
  verifier: { readonly current: DataVerifier | undefined };
}

/** Logs data the page ignored because Booth did not sign it (or it does not parse). */
export function warnIgnored(topic: string, from: string | null | undefined): void {
  console.warn('booth: ignored unverified data', { topic, from: from ?? null });
}

/**
 * A value read from `room` (participants, mute state…), read again whenever one of `events` fires;
 * `empty` while there is no room. `events` must be a stable array (a module constant).
 */
export function useRoomValue<T>(room: Room, events: readonly RoomEvent[], read: (room: Room) => T): T;
export function useRoomValue<T>(
  room: Room | undefined,
  events: readonly RoomEvent[],
  read: (room: Room) => T,
  empty: T,
): T;
export function useRoomValue<T>(
  room: Room | undefined,
  events: readonly RoomEvent[],
  read: (room: Room) => T,
  empty?: T,
): T {
  const [value, setValue] = useState<{ room: Room | undefined; value: T | undefined }>(() => ({
    room,
    value: room ? read(room) : empty,
  }));
  const update = useEffectEvent((r: Room) => setValue({ room: r, value: read(r) }));
  useEffect(() => {
    if (!room) return;
    const onEvent = () => update(room);
    for (const e of events) room.on(e, onEvent);
    onEvent();
    return () => {
      for (const e of events) room.off(e, onEvent);
    };
  }, [room, events]);
  if (!room) return empty as T;
  return (value.room === room ? value.value : read(room)) as T;
}
