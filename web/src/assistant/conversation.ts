import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  assistantApi,
  type AssistantAction,
  type AssistantMessage,
  type TurnResult,
  type TurnSource,
} from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { localToday } from '../components/crm-format';
import { streamTurn } from './turn-stream';

/** A typed turn on its way: what the admin said and the reply as it forms. */
export interface PendingTurn {
  text: string;
  thinking: boolean;
  reply: string;
}

export interface ConversationState {
  conversationId: string | undefined;
  messages: AssistantMessage[];
  pending: PendingTurn | undefined;
  /** Why the last turn or decision failed. */
  error: string | undefined;
  /** Actions whose confirm or refuse is on its way. */
  deciding: ReadonlySet<string>;
  /** The conversation's id, started now if there is none yet. */
  ensure: () => Promise<string>;
  /** Says `text`; resolves with the stored turn (undefined when it failed: `error` says why). */
  send: (text: string, source?: TurnSource) => Promise<TurnResult | undefined>;
  confirm: (actionId: string, contactId?: string) => Promise<void>;
  refuse: (actionId: string) => Promise<void>;
  /** A turn that happened elsewhere (by voice, in the assistant room). */
  addTurn: (turn: TurnResult) => void;
}

const errorText = (err: unknown) =>
  err instanceof ApiError ? err.message : 'the assistant cannot be reached';

/** `list` with `incoming` messages put in place (by id) or appended. */
function merge(list: AssistantMessage[], incoming: AssistantMessage[]): AssistantMessage[] {
  const out = [...list];
  for (const m of incoming) {
    const i = out.findIndex((o) => o.id === m.id);
    if (i >= 0) out[i] = m;
    else out.push(m);
  }
  return out;
}

const withAction = (list: AssistantMessage[], action: AssistantAction) =>
  list.map((m) =>
    m.actions.some((a) => a.id === action.id)
      ? { ...m, actions: m.actions.map((a) => (a.id === action.id ? action : a)) }
      : m,
  );

/**
 * The signed-in admin's conversation with the assistant: the latest one is read back on mount; typed
 * turns stream their reply (turn-stream.ts); proposed actions are confirmed or refused here; voice
 * turns arriving from the assistant room are merged in by id (each shows once).
 */
export function useConversation(): ConversationState {
  const [conversationId, setConversationId] = useState<string>();
  const [messages, setMessages] = useState<AssistantMessage[]>([]);
  const [pending, setPending] = useState<PendingTurn>();
  const [error, setError] = useState<string>();
  const [deciding, setDeciding] = useState<ReadonlySet<string>>(new Set());
  /** The id, or the creation under way (so two quick turns start one conversation). */
  const idRef = useRef<Promise<string> | undefined>(undefined);
  /** The messages of the last render, for what a turn decides afterwards. */
  const shown = useRef(messages);
  useEffect(() => {
    shown.current = messages;
  }, [messages]);

  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    call(assistantApi.listConversations, { query: { limit: 1 } }, { signal })
      .then(async ({ conversations: [latest] }) => {
        if (!latest || idRef.current) return;
        idRef.current = Promise.resolve(latest.id);
        setConversationId(latest.id);
        const full = await call(assistantApi.getConversation, { params: { id: latest.id } }, { signal });
        setMessages((list) => merge(full.messages, list));
      })
      .catch((err: unknown) => {
        if (!signal.aborted) console.warn('booth: could not read the assistant conversation', err);
      });
    return () => abort.abort();
  }, []);

  const ensure = useCallback(() => {
    idRef.current ??= call(assistantApi.createConversation, { body: {} }).then(
      (c) => {
        setConversationId(c.id);
        return c.id;
      },
      (err: unknown) => {
        idRef.current = undefined;
        throw err;
      },
    );
    return idRef.current;
  }, []);

  /** Reads the conversation again (a "yes" may have decided an earlier proposal). */
  const resync = useCallback((id: string) => {
    call(assistantApi.getConversation, { params: { id } }).then(
      (full) => setMessages((list) => merge(list, full.messages)),
      (err: unknown) => console.warn('booth: could not read the assistant conversation', err),
    );
  }, []);

  const send = useCallback(
    async (text: string, source: TurnSource = 'typed') => {
      setError(undefined);
      setPending({ text, thinking: true, reply: '' });
      try {
        const id = await ensure();
        const turn = await streamTurn(id, { text, source, today: localToday() }, (e) => {
          if (e.type === 'delta') setPending((p) => p && { ...p, thinking: false, reply: p.reply + e.text });
        });
        const earlier = shown.current.some((m) => m.actions.some((a) => a.status === 'proposed'));
        setMessages((list) => merge(list, [turn.user, turn.reply]));
        if (earlier) resync(turn.conversationId);
        return turn;
      } catch (err) {
        setError(errorText(err));
        return undefined;
      } finally {
        setPending(undefined);
      }
    },
    [ensure, resync],
  );

  const decide = useCallback(async (actionId: string, run: () => ReturnType<typeof confirmCall>) => {
    setError(undefined);
    setDeciding((s) => new Set(s).add(actionId));
    try {
      const { action, reply } = await run();
      setMessages((list) => merge(withAction(list, action), [reply]));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setDeciding((s) => {
        const next = new Set(s);
        next.delete(actionId);
        return next;
      });
    }
  }, []);
  const confirm = useCallback(
    (actionId: string, contactId?: string) => decide(actionId, () => confirmCall(actionId, contactId)),
    [decide],
  );
  const refuse = useCallback(
    (actionId: string) => decide(actionId, () => call(assistantApi.refuse, { params: { id: actionId } })),
    [decide],
  );

  const addTurn = useCallback((turn: TurnResult) => {
    if (!idRef.current) {
      idRef.current = Promise.resolve(turn.conversationId);
      setConversationId(turn.conversationId);
    }
    setMessages((list) => merge(list, [turn.user, turn.reply]));
  }, []);

  return useMemo(
    () => ({ conversationId, messages, pending, error, deciding, ensure, send, confirm, refuse, addTurn }),
    [conversationId, messages, pending, error, deciding, ensure, send, confirm, refuse, addTurn],
  );
}

const confirmCall = (actionId: string, contactId?: string) =>
  call(assistantApi.confirm, { params: { id: actionId }, body: contactId ? { contactId } : {} });
