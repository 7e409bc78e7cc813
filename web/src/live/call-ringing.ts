import { useEffect, useEffectEvent } from 'react';
import { sessionsApi } from '@booth/shared/api';
import { ApiError, call } from '../api/client';

/** How often a ringing call's session is read back to see whether it was answered or ended. */
const POLL_MS = 2_000;
/** A call still "ringing" after this long is taken as over (its end may have been missed). */
const GIVE_UP_MS = 5 * 60_000;

/**
 * Calls `onOver` once the phone call of session `sessionId` stops ringing: someone answered it
 * (`answeredAt`), it ended (or was missed), the session is gone, or it rang for {@link GIVE_UP_MS}.
 */
export function useCallRinging(sessionId: string, onOver: () => void): void {
  const over = useEffectEvent(onOver);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = new AbortController();
    const started = Date.now();
    const check = async () => {
      try {
        const s = await call(sessionsApi.get, { params: { id: sessionId } }, { signal: abort.signal });
        if (s.answeredAt !== null || s.status === 'ended' || s.missed) return over();
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && err.status === 404) return over();
        // Offline or the API restarting: look again.
      }
      if (stopped) return;
      if (Date.now() - started > GIVE_UP_MS) return over();
      timer = setTimeout(() => void check(), POLL_MS);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [sessionId]);
}
