import { useEffect, useEffectEvent, useState } from 'react';
import {
  ConnectionState,
  ParticipantKind,
  Room,
  RoomEvent,
  RpcError,
  type RpcInvocationData,
} from 'livekit-client';
import {
  ASSISTANT_RPC,
  assistantApi,
  dataVerifier,
  livekitApi,
  navigationSchema,
  type Navigation,
} from '@booth/shared/api';
import { call } from '../api/client';
import type { LiveRoom } from '../live/room';

/** The voice connection, as the dock shows it. */
export type VoiceStatus = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface AssistantRoom {
  /** The room of the current connection (handlers for its data can be registered on it). */
  live: LiveRoom | undefined;
  status: VoiceStatus;
  /** Why it failed, or why the connection was lost. */
  error: Error | undefined;
}

/** RPC errors the page answers the agent with (codes 1001–1999 are LiveKit's own). */
const NOT_ALLOWED = 4403;
const INVALID = 4400;

export interface AssistantRoomOptions {
  /** Voice is on: connected while true, left when false. */
  on: boolean;
  /** Changes to rejoin (a "Try again" after a failure). */
  attempt: number;
  /** Whether the microphone should be live right after joining (hands-free starts open). */
  micOpen: () => boolean;
  /** The agent asked to go somewhere; answers the path gone to, or undefined when refused. */
  onNavigate: (nav: Navigation) => string | undefined;
}

/**
 * The signed-in admin's assistant room while voice is on: POST /api/assistant/room (opened if
 * needed), a token from POST /api/livekit/token with the room's data key (to verify what Booth signs
 * there), connect, publish the microphone (muted unless `micOpen()`). It lives in the app-level
 * provider, so it stays connected from page to page. The agent may call `booth.navigate` on the
 * page: only a participant of kind agent, with a payload that parses as a navigation to a dashboard
 * path.
 */
export function useAssistantRoom({ on, attempt, micOpen, onNavigate }: AssistantRoomOptions): AssistantRoom {
  const [live, setLive] = useState<LiveRoom>();
  const [status, setStatus] = useState<Exclude<VoiceStatus, 'off'>>('connecting');
  const [error, setError] = useState<Error>();
  const navigateTo = useEffectEvent(onNavigate);
  const openMic = useEffectEvent(micOpen);

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    /** Set once the microphone is published: only then is the room "connected" for the dock. */
    let ready = false;
    const room = new Room({
      adaptiveStream: false,
      dynacast: false,
      audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    setLive(undefined);
    setStatus('connecting');
    setError(undefined);

    room.registerRpcMethod(ASSISTANT_RPC.navigate, async (data: RpcInvocationData) => {
      const caller = room.remoteParticipants.get(data.callerIdentity);
      if (caller?.kind !== ParticipantKind.AGENT) {
        console.warn('booth: ignored a navigation from a participant that is not the assistant', {
          from: data.callerIdentity,
        });
        throw new RpcError(NOT_ALLOWED, 'only the assistant may navigate this page');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(data.payload);
      } catch {
        throw new RpcError(INVALID, 'the navigation is not JSON');
      }
      const nav = navigationSchema.safeParse(payload);
      if (!nav.success) throw new RpcError(INVALID, 'not a navigation');
      const path = navigateTo(nav.data);
      if (!path) throw new RpcError(INVALID, 'not a dashboard path');
      return JSON.stringify({ path });
    });
    room
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (stopped) return;
        if (state === ConnectionState.Connected && ready) setStatus('connected');
        else if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting)
          setStatus('reconnecting');
      })
      .on(RoomEvent.Disconnected, () => {
        if (stopped) return;
        setStatus('failed');
        setError(new Error('the voice connection was lost'));
      });

    const join = async () => {
      const { roomName } = await call(assistantApi.room, {});
      const t = await call(livekitApi.token, { body: { roomName } });
      const verifier = { current: t.dataKey ? await dataVerifier(t.dataKey) : undefined };
      if (stopped) return;
      setLive({ room, verifier });
      await room.connect(t.url, t.token);
      if (stopped) return;
      // Published now, so a first push-to-talk does not wait for the device; muted until it is wanted.
      await room.localParticipant.setMicrophoneEnabled(true);
      if (!openMic()) await room.localParticipant.setMicrophoneEnabled(false);
      if (stopped) return;
      ready = true;
      setStatus('connected');
    };
    join().catch((err: unknown) => {
      if (stopped) return;
      setError(err instanceof Error ? err : new Error(String(err)));
      setStatus('failed');
      void room.disconnect();
    });
    return () => {
      stopped = true;
      room.unregisterRpcMethod(ASSISTANT_RPC.navigate);
      void room.disconnect();
    };
  }, [on, attempt]);

  if (!on) return { live: undefined, status: 'off', error: undefined };
  return { live, status, error };
}
