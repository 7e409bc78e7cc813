import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { ConnectionState, DisconnectReason, Room, RoomEvent } from 'livekit-client';
import { dataVerifier, livekitApi, type DataVerifier, type RoomToken } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import type { LiveRoom } from './room';

/** What a room connection is doing, as the page shows it. */
export type RoomPhase =
  /** Not joined yet. */
  | 'idle'
  /** Fetching the token and connecting. */
  | 'joining'
  | 'connected'
  /** LiveKit is re-establishing a dropped connection (the media and data resume after). */
  | 'reconnecting'
  /** Left, or disconnected: `disconnectReason` says why. */
  | 'disconnected'
  /** The join failed: `error` says why. */
  | 'failed';

export interface JoinRequest {
  roomName: string;
  /** A client's invite code. */
  inviteCode?: string;
  /** An admin listening in: hidden from the room, publishing nothing (join with `microphone: false`). */
  listenOnly?: boolean;
}

export interface JoinOptions {
  /** The name others see (clients type theirs; admins default to their account name). */
  name?: string;
  /** Publish the microphone: true for the default device, or a device id. Default true. */
  microphone?: boolean | string;
  /** Publish the camera: true for the default device, or a device id. Default false. */
  camera?: boolean | string;
}

export interface RoomConnection extends LiveRoom {
  phase: RoomPhase;
  /** The token answer of the last join (identity, kind…). */
  token: RoomToken | undefined;
  /** Why the last join failed (an ApiError for the API's refusals: 403, 410…). */
  error: Error | undefined;
  /** Why the room disconnected (LiveKit's reason), once it did. */
  disconnectReason: DisconnectReason | undefined;
  /** Fetches a token and connects, publishing the microphone (and camera). False when it failed. */
  join: (opts?: JoinOptions) => Promise<boolean>;
  /** Leaves the room (the reason will be CLIENT_INITIATED). */
  leave: () => Promise<void>;
}

/** Disconnect reasons that mean the room is over for everyone (the session ended, or we were removed). */
export const ROOM_OVER_REASONS: readonly DisconnectReason[] = [
  DisconnectReason.ROOM_DELETED,
  DisconnectReason.ROOM_CLOSED,
  DisconnectReason.PARTICIPANT_REMOVED,
];

const deviceOption = (v: boolean | string | undefined) =>
  typeof v === 'string' ? { deviceId: v } : undefined;

/**
 * One LiveKit room for the life of the component: `join()` asks the API for a token
 * (POST /api/livekit/token), builds the verifier of the room's data key when the answer has one, and
 * connects; LiveKit's own reconnection shows as `reconnecting`. The room is left on unmount.
 * Handlers (captions, data) can be registered on `room` before joining.
 */
export function useRoomConnection(
  request: JoinRequest,
  events: { onDisconnected?: (reason: DisconnectReason | undefined) => void } = {},
): RoomConnection {
  const [room] = useState(() => new Room({ adaptiveStream: true, dynacast: true }));
  const verifier = useRef<DataVerifier | undefined>(undefined);
  const [phase, setPhase] = useState<RoomPhase>('idle');
  const [token, setToken] = useState<RoomToken>();
  const [error, setError] = useState<Error>();
  const [disconnectReason, setDisconnectReason] = useState<DisconnectReason>();
  /** Set while a failed join tears its half-made connection down: that is no disconnect to report. */
  const abandoning = useRef(false);
  const disconnected = useEffectEvent((reason: DisconnectReason | undefined) => {
    if (abandoning.current) return;
    setPhase('disconnected');
    setDisconnectReason(reason);
    events.onDisconnected?.(reason);
  });

  useEffect(() => {
    const onState = (state: ConnectionState) => {
      if (state === ConnectionState.Connected) setPhase('connected');
      else if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting)
        setPhase('reconnecting');
    };
    const onGone = (reason?: DisconnectReason) => disconnected(reason);
    room.on(RoomEvent.ConnectionStateChanged, onState).on(RoomEvent.Disconnected, onGone);
    return () => {
      room.off(RoomEvent.ConnectionStateChanged, onState).off(RoomEvent.Disconnected, onGone);
      void room.disconnect();
    };
  }, [room]);

  const { roomName, inviteCode, listenOnly } = request;
  const join = useCallback(
    async ({ name, ...media }: JoinOptions = {}) => {
      setPhase('joining');
      setError(undefined);
      setDisconnectReason(undefined);
      try {
        const t = await call(livekitApi.token, {
          body: { roomName, name, inviteCode, ...(listenOnly ? { listenOnly } : {}) },
        });
        verifier.current = t.dataKey ? await dataVerifier(t.dataKey) : undefined;
        setToken(t);
        await room.connect(t.url, t.token);
        const mic = media.microphone ?? true;
        if (mic) await room.localParticipant.setMicrophoneEnabled(true, deviceOption(mic));
        if (media.camera) await room.localParticipant.setCameraEnabled(true, deviceOption(media.camera));
        return true;
      } catch (err) {
        // A media failure after connecting leaves us in a room nobody can hear us in: leave it.
        if (room.state !== ConnectionState.Disconnected) {
          abandoning.current = true;
          await room.disconnect().finally(() => (abandoning.current = false));
        }
        setError(err instanceof Error ? err : new Error(String(err)));
        setPhase('failed');
        return false;
      }
    },
    [room, roomName, inviteCode, listenOnly],
  );
  const leave = useCallback(() => room.disconnect(), [room]);
  return { room, verifier, phase, token, error, disconnectReason, join, leave };
}

/** The status line of a room, for `#room-status`. */
export function roomStatusText(phase: RoomPhase, reason?: DisconnectReason): string {
  switch (phase) {
    case 'idle':
      return 'Not joined';
    case 'joining':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'failed':
      return 'Could not join';
    case 'disconnected':
      if (reason === DisconnectReason.CLIENT_INITIATED) return 'You left';
      if (reason !== undefined && ROOM_OVER_REASONS.includes(reason)) return 'The call has ended';
      return 'Connection lost';
  }
}

/** A sentence for a failed join. */
export function joinErrorText(err: Error): string {
  if (err instanceof ApiError) return err.message;
  if (err.name === 'NotAllowedError') return 'The browser did not allow the microphone.';
  if (err.name === 'NotFoundError') return 'No microphone was found.';
  return 'Could not connect to the call server.';
}
