import { useCallback, useState } from 'react';
import { incomingCallDataSchema, type IncomingCallData } from '@booth/shared/api';
import { useNotificationEvents } from './notifications';

/** A phone call ringing now, from its `incoming_call` notification. */
export interface RingingCall extends IncomingCallData {
  notificationId: string;
}

const INCOMING_CALL = 'incoming_call';

/** Cards shown at once; the oldest make way. */
const MAX_RINGING = 3;

/**
 * The phone calls ringing for this admin: one per session, added as their `incoming_call` notification
 * arrives (live, or fetched after a reconnection), removed with `remove` (answered, over, dismissed).
 */
export function useIncomingCalls(): { calls: RingingCall[]; remove: (sessionId: string) => void } {
  const [calls, setCalls] = useState<RingingCall[]>([]);
  useNotificationEvents((n) => {
    if (n.type !== INCOMING_CALL) return;
    const data = incomingCallDataSchema.safeParse(n.data);
    if (!data.success) {
      console.warn('booth: an incoming_call notification without its call', n.id);
      return;
    }
    const ringing = { ...data.data, notificationId: n.id };
    setCalls((list) =>
      [...list.filter((c) => c.sessionId !== ringing.sessionId), ringing].slice(-MAX_RINGING),
    );
  });
  const remove = useCallback(
    (sessionId: string) => setCalls((list) => list.filter((c) => c.sessionId !== sessionId)),
    [],
  );
  return { calls, remove };
}
