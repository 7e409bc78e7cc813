import { useCallback, useEffect, useEffectEvent, useRef, useState, type KeyboardEvent } from 'react';
import { ASSISTANT_RPC } from '@booth/shared/api';
import { useAssistant } from './assistant-provider';

/** A press shorter than this is a slip: the turn is cancelled, not sent. */
const MIN_HOLD_MS = 300;
/** The microphone stays open this long after release: the agent takes the last syllable in flight. */
const TAIL_MS = 250;

type TurnMethod = (typeof ASSISTANT_RPC)['startTurn' | 'endTurn' | 'cancelTurn'];

/** Where Space types or toggles something: push-to-talk leaves it alone there. */
function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  return (
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement
  );
}

/**
 * Hold to talk (`button#assistant-ptt`, aria-pressed while held): pointer down (mouse, touch, pen)
 * or Space held anywhere but a text field opens the microphone and calls `start_turn` on the agent;
 * release calls `end_turn` (a slip shorter than 300 ms, or Escape while held, `cancel_turn`).
 * Enter on the focused button starts and ends a turn without holding.
 */
export function PushToTalk() {
  const { voice, conversation, settings } = useAssistant();
  const { live, agent, status, setTalking } = voice;
  const room = live?.room;
  const agentIdentity = agent.identity;
  const ready = status === 'connected' && agentIdentity !== undefined;
  const { conversationId } = conversation;
  const [held, setHeld] = useState(false);
  const [error, setError] = useState<string>();
  const heldRef = useRef(false);
  const pressedAt = useRef(0);
  /** Closes the microphone after a release (its tail). */
  const tail = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const rpc = useCallback(
    (method: TurnMethod) => {
      if (!room || !agentIdentity) return;
      const payload = JSON.stringify(conversationId ? { conversationId } : {});
      room.localParticipant
        .performRpc({ destinationIdentity: agentIdentity, method, payload })
        .catch((err: unknown) =>
          setError(`The assistant did not answer: ${(err as Error).message ?? String(err)}`),
        );
    },
    [room, agentIdentity, conversationId],
  );

  const closeMic = () => {
    clearTimeout(tail.current);
    tail.current = undefined;
    setTalking(false);
  };

  const press = () => {
    if (heldRef.current || !ready) return;
    // Pressed again within the last one's tail: the microphone is still open, keep it so.
    clearTimeout(tail.current);
    tail.current = undefined;
    heldRef.current = true;
    pressedAt.current = performance.now();
    setHeld(true);
    setError(undefined);
    setTalking(true);
    rpc(ASSISTANT_RPC.startTurn);
  };

  const release = (cancel = false) => {
    if (!heldRef.current) return;
    heldRef.current = false;
    setHeld(false);
    if (cancel || performance.now() - pressedAt.current < MIN_HOLD_MS) {
      rpc(ASSISTANT_RPC.cancelTurn);
      closeMic();
      return;
    }
    rpc(ASSISTANT_RPC.endTurn);
    // The agent still takes what is in flight after `end_turn`: the microphone closes a moment later.
    tail.current = setTimeout(closeMic, TAIL_MS);
  };

  // Space anywhere (but a text field) holds; Escape cancels. Capture phase: before the panel's keys.
  const onKey = useEffectEvent((e: globalThis.KeyboardEvent, down: boolean) => {
    if (e.key === 'Escape' && down && heldRef.current) {
      e.preventDefault();
      release(true);
      return;
    }
    if (e.code !== 'Space' && e.key !== ' ') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const onButton = e.target === buttonRef.current;
    if (!onButton && (!settings.spaceToTalk || isTextField(e.target))) return;
    if (!ready && !heldRef.current) return;
    e.preventDefault();
    if (down && !e.repeat) press();
    else if (!down) release();
  });
  useEffect(() => {
    const keydown = (e: globalThis.KeyboardEvent) => onKey(e, true);
    const keyup = (e: globalThis.KeyboardEvent) => onKey(e, false);
    window.addEventListener('keydown', keydown, true);
    window.addEventListener('keyup', keyup, true);
    return () => {
      window.removeEventListener('keydown', keydown, true);
      window.removeEventListener('keyup', keyup, true);
    };
  }, []);

  // Leaving (voice off, the agent gone) with a turn open: the agent drops it.
  const abandon = useEffectEvent(() => {
    if (heldRef.current) {
      heldRef.current = false;
      rpc(ASSISTANT_RPC.cancelTurn);
    }
    closeMic();
  });
  useEffect(() => () => abandon(), [room, agentIdentity]);

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'Enter' || e.repeat) return;
    e.preventDefault();
    if (heldRef.current) release();
    else press();
  };

  const hintId = 'assistant-ptt-hint';
  return (
    <div className="assistant-ptt-wrap">
      <button
        ref={buttonRef}
        id="assistant-ptt"
        type="button"
        className="assistant-ptt"
        aria-pressed={held}
        aria-describedby={hintId}
        disabled={!ready && !held}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          press();
        }}
        onPointerUp={() => release()}
        onPointerCancel={() => release(true)}
        onContextMenu={(e) => e.preventDefault()}
        onKeyDown={onButtonKey}
      >
        {held ? 'Release to send' : 'Hold to talk'}
      </button>
      <span id={hintId} className="assistant-ptt-hint">
        {ready
          ? settings.spaceToTalk
            ? 'or hold Space · Esc cancels'
            : 'Esc cancels'
          : 'waiting for the assistant'}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
