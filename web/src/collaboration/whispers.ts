import { useCallback, useState } from 'react';
import { DATA_TOPICS, whisperMessageSchema, type WhisperMessage } from '@booth/shared/api';
import type { LiveRoom } from '../live/room';
import { useVerifiedData } from '../live/verified-data';

/** Whispers kept on screen (the newest). */
const MAX_WHISPERS = 20;

/**
 * Whispers from colleagues listening in on this call (signed `booth.whispers` messages the API sends
 * to the call's admins only), newest first, each once.
 */
export function useWhispers(live: LiveRoom | undefined, sessionId: string): WhisperMessage[] {
  const [list, setList] = useState<WhisperMessage[]>([]);
  const add = useCallback(
    (w: WhisperMessage) => {
      if (w.sessionId !== sessionId) return;
      setList((prev) => (prev.some((p) => p.id === w.id) ? prev : [w, ...prev].slice(0, MAX_WHISPERS)));
    },
    [sessionId],
  );
  useVerifiedData(live, DATA_TOPICS.whispers, whisperMessageSchema, add);
  return list;
}
