import { useCallback, useState } from 'react';
import { DATA_TOPICS, suggestionMessageSchema, type SuggestionMessage } from '@booth/shared/api';
import type { LiveRoom } from './room';
import { useVerifiedData } from './verified-data';

/**
 * Live suggestions for the call (signed `booth.suggestions` messages the worker sends to the admins
 * in the room), newest first, each once however often it arrives. Only those of `sessionId` when given.
 */
export function useSuggestions(live: LiveRoom | undefined, sessionId?: string): SuggestionMessage[] {
  const [list, setList] = useState<SuggestionMessage[]>([]);
  const add = useCallback(
    (s: SuggestionMessage) => {
      if (sessionId !== undefined && s.sessionId !== sessionId) return;
      setList((prev) => (prev.some((p) => p.id === s.id) ? prev : [s, ...prev]));
    },
    [sessionId],
  );
  useVerifiedData(live, DATA_TOPICS.suggestions, suggestionMessageSchema, add);
  return list;
}
