import { useEffect, useEffectEvent } from 'react';
import { RoomEvent, type RemoteParticipant } from 'livekit-client';
import type { z } from 'zod';
import { warnIgnored, type LiveRoom } from './room';

/**
 * Calls `onMessage` with every data message on `topic` that Booth signed under the room's data key
 * (the envelope opens with the verifier) and whose payload parses with `schema`, in the order they
 * arrived. Anything else on the topic (a client's packet, a forged or mangled one, a room with no
 * key) is ignored and logged. The sender is not trusted either way: packets from the server arrive
 * with no participant, and so can a client's in its first seconds.
 */
export function useVerifiedData<S extends z.ZodTypeAny>(
  live: LiveRoom | undefined,
  topic: string,
  schema: S,
  onMessage: (message: z.output<S>, from: RemoteParticipant | undefined) => void,
): void {
  const deliver = useEffectEvent(onMessage);
  const room = live?.room;
  const verifier = live?.verifier;
  useEffect(() => {
    if (!room || !verifier) return;
    let stopped = false;
    // Verification is async; a chain keeps messages in arrival order.
    let queue = Promise.resolve();
    const onData = (
      payload: Uint8Array,
      participant: RemoteParticipant | undefined,
      _kind: unknown,
      packetTopic: string | undefined,
    ) => {
      if (packetTopic !== topic) return;
      const v = verifier.current;
      queue = queue
        .then(async () => {
          const opened = v ? await v.open(payload, topic).catch(() => undefined) : undefined;
          const parsed = opened === undefined ? undefined : schema.safeParse(opened);
          if (!parsed?.success) return warnIgnored(topic, participant?.identity);
          if (!stopped) deliver(parsed.data as z.output<S>, participant);
        })
        .catch((err: unknown) => console.warn('booth: a data handler failed', { topic, err }));
    };
    room.on(RoomEvent.DataReceived, onData);
    return () => {
      stopped = true;
      room.off(RoomEvent.DataReceived, onData);
    };
  }, [room, verifier, topic, schema]);
}
