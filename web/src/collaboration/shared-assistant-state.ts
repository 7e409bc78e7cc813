import { useCallback, useEffect, useState } from 'react';
import {
  DATA_TOPICS,
  collaborationApi,
  sharedAssistantEventSchema,
  type AssistantMessage,
  type Colleague,
  type SharedAssistantEvent,
  type TurnResult,
} from '@booth/shared/api';
import { asApiError, call } from '../api/client';
import type { LiveRoom } from '../live/room';
import { useVerifiedData } from '../live/verified-data';
import { upsert, withAction } from './shared-messages';

/** A turn someone asked that has no reply yet. */
export interface PendingTurn {
  turnId: string;
  author: Colleague;
  text: string;
}

export interface SharedAssistant {
  /** Every message so far, oldest first (from the API, then kept up to date from the room). */
  messages: AssistantMessage[];
  /** Turns asked in the room still waiting for their reply. */
  pending: PendingTurn[];
  /** The last thing that went wrong (a turn or decision refused, the history not loaded). */
  error: string | undefined;
  /** Actions being decided from this page. */
  deciding: ReadonlySet<string>;
  send: (text: string, source?: 'typed' | 'voice') => Promise<void>;
  decide: (actionId: string, verdict: 'confirm' | 'refuse') => Promise<void>;
}

const newTurnId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 20);

/**
 * A collaboration room's shared assistant session for this page: the history from the API (POST
 * /api/sessions/:id/assistant, again after every (re)connection: a late joiner, or a page that dropped,
 * sees everything), then every turn, reply and decision as the room's `booth.assistant.shared` events
 * bring them, whoever asked. Turns and decisions go through the API, which tells the room.
 */
export function useSharedAssistant(
  sessionId: string,
  live: LiveRoom | undefined,
  /** Whether the room is connected: the history is fetched again each time it becomes true. */
  connected: boolean,
): SharedAssistant {
  const [messages, setMessages] = useState<AssistantMessage[]>([]);
  const [pending, setPending] = useState<PendingTurn[]>([]);
  const [error, setError] = useState<string>();
  const [deciding, setDeciding] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let stale = false;
    call(collaborationApi.sharedAssistant, { params: { id: sessionId } }).then(
      (c) => !stale && setMessages((prev) => upsert(prev, ...c.messages)),
      (err: unknown) => !stale && setError(asApiError(err).message),
    );
    return () => {
      stale = true;
    };
  }, [sessionId, connected]);

  const finished = useCallback((turnId: string, turn: TurnResult) => {
    setMessages((prev) => upsert(prev, turn.user, turn.reply));
    setPending((prev) => prev.filter((p) => p.turnId !== turnId));
  }, []);

  const onEvent = useCallback(
    (e: SharedAssistantEvent) => {
      switch (e.type) {
        case 'asked':
          setPending((prev) =>
            prev.some((p) => p.turnId === e.turnId)
              ? prev
              : [...prev, { turnId: e.turnId, author: e.author, text: e.text }],
          );
          return;
        case 'turn':
          return finished(e.turnId, e.turn);
        case 'decided':
          setMessages((prev) => upsert(withAction(prev, e.action), e.reply));
          return;
        case 'failed':
          setPending((prev) => prev.filter((p) => p.turnId !== e.turnId));
          return;
      }
    },
    [finished],
  );
  useVerifiedData(live, DATA_TOPICS.sharedAssistant, sharedAssistantEventSchema, onEvent);

  const send = useCallback(
    async (text: string, source: 'typed' | 'voice' = 'typed') => {
      const turnId = newTurnId();
      setError(undefined);
      try {
        const turn = await call(collaborationApi.sharedTurn, {
          params: { id: sessionId },
          body: { text, source, turnId, today: new Date().toLocaleDateString('en-CA') },
        });
        finished(turnId, turn);
      } catch (err) {
        setPending((prev) => prev.filter((p) => p.turnId !== turnId));
        setError(asApiError(err).message);
      }
    },
    [sessionId, finished],
  );

  const decide = useCallback(
    async (actionId: string, verdict: 'confirm' | 'refuse') => {
      setDeciding((prev) => new Set(prev).add(actionId));
      setError(undefined);
      try {
        const d = await call(collaborationApi.decideShared, {
          params: { id: sessionId },
          body: { actionId, verdict },
        });
        setMessages((prev) => upsert(withAction(prev, d.action), d.reply));
      } catch (err) {
        setError(asApiError(err).message);
      } finally {
        setDeciding((prev) => {
          const next = new Set(prev);
          next.delete(actionId);
          return next;
        });
      }
    },
    [sessionId],
  );

  return { messages, pending, error, deciding, send, decide };
}
