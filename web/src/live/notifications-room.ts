import { useEffect, useState } from 'react';
import { ConnectionState, Room, RoomEvent } from 'livekit-client';
import { NOTIFICATIONS_ROOM, dataVerifier, livekitApi } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import type { LiveRoom } from './room';

/** The notifications room connection, as the header shows it. */
export type LiveStatus =
  /** Joining for the first time. */
  | 'connecting'
  | 'connected'
  /** The connection dropped: LiveKit is resuming it, or we are joining again (with backoff). */
  | 'reconnecting'
  /** Never connected, and the browser is offline. */
  | 'offline';

export interface NotificationsRoom {
  /** The current connection's room (a new one after each rejoin). */
  live: LiveRoom | undefined;
  status: LiveStatus;
  /** Counts (re)connections: changes each time the room is connected again, so what was missed can be fetched. */
  connections: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps this page in the admin notifications room (booth-notifications) with an admin token: LiveKit
 * resumes short drops itself (Reconnecting → Reconnected); when the connection is lost for good
 * (Disconnected, or a join that fails), it joins again with a fresh token after a backoff of 1 s, 2 s,
 * 4 s… up to 30 s, and at once when the browser comes back online. Stops on a 401 (signed out).
 */
export function useNotificationsRoom(): NotificationsRoom {
  const [live, setLive] = useState<LiveRoom>();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [connections, setConnections] = useState(0);

  useEffect(() => {
    let stopped = false;
    let current: Room | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiting = false;
    let failures = 0;
    let everConnected = false;

    const up = () => {
      failures = 0;
      everConnected = true;
      setStatus('connected');
      setConnections((c) => c + 1);
    };
    const retry = () => {
      if (stopped) return;
      current = undefined;
      clearTimeout(timer);
      waiting = true;
      if (!navigator.onLine) {
        setStatus(everConnected ? 'reconnecting' : 'offline');
        return; // `online` joins again
      }
      setStatus(everConnected ? 'reconnecting' : 'connecting');
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.8 + Math.random() * 0.4);
      failures += 1;
      timer = setTimeout(() => void open(), delay);
    };
    const open = async () => {
      waiting = false;
      timer = undefined;
      if (stopped) return;
      const room = new Room({ adaptiveStream: false, dynacast: false });
      current = room;
      let joined = false;
      room
        .on(RoomEvent.ConnectionStateChanged, (state) => {
          if (stopped || current !== room) return;
          if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting)
            setStatus('reconnecting');
          else if (state === ConnectionState.Connected && joined) up(); // resumed: fetch what was missed
        })
        .on(RoomEvent.Disconnected, () => {
          if (!stopped && current === room) retry();
        });
      try {
        const token = await call(livekitApi.token, { body: { roomName: NOTIFICATIONS_ROOM } });
        const verifier = { current: token.dataKey ? await dataVerifier(token.dataKey) : undefined };
        if (stopped || current !== room) return;
        setLive({ room, verifier });
        await room.connect(token.url, token.token, { autoSubscribe: false });
        if (stopped || current !== room) return;
        joined = true;
        up();
      } catch (err) {
        if (stopped || current !== room) return;
        current = undefined;
        void room.disconnect();
        if (err instanceof ApiError && err.status === 401) return; // signed out: the app shows sign-in
        retry();
      }
    };
    const online = () => {
      if (!waiting || stopped) return;
      clearTimeout(timer);
      failures = 0;
      void open();
    };
    window.addEventListener('online', online);
    void open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', online);
      void current?.disconnect();
      current = undefined;
    };
  }, []);

  return { live, status, connections };
}
