import { useEffect, useRef, type KeyboardEvent } from 'react';
import { AssistantComposer } from './assistant-composer';
import { AssistantMessage } from './assistant-message';
import { useAssistant } from './assistant-provider';
import { HandsFreeToggle } from './hands-free-toggle';
import { VoiceSwitch } from './voice-switch';

export const PANEL_ID = 'assistant-panel';
export const TOGGLE_ID = 'assistant-toggle';

const EXAMPLES = ['Show me the new leads from this week', 'Mark Sarah as booked', 'Go to invoices'];

/** The turn on its way: what was said, and the reply as it streams in. */
function PendingReply() {
  const { conversation } = useAssistant();
  const p = conversation.pending;
  if (!p) return null;
  return (
    <>
      <li className="assistant-message" data-role="user" data-pending="true">
        <p className="assistant-text">{p.text}</p>
      </li>
      <li className="assistant-message" data-role="assistant" data-pending="true" aria-busy="true">
        <p id="assistant-streaming" className="assistant-text">
          {p.thinking && !p.reply ? 'Thinking…' : p.reply}
        </p>
      </li>
    </>
  );
}

/**
 * The assistant drawer (`aside#assistant-panel`), on every signed-in page: voice controls, the
 * conversation (replies streaming in, answers as links, proposals to confirm), the typed turn.
 * Opening it focuses the input; Escape closes it and gives focus back to the toggle.
 */
export function AssistantPanel() {
  const { panelOpen, setPanelOpen, conversation } = useAssistant();
  const { messages, pending, error } = conversation;
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (panelOpen) inputRef.current?.focus();
  }, [panelOpen]);
  // The newest message in view as it arrives (and as the reply grows).
  useEffect(() => {
    const el = listRef.current;
    if (el && panelOpen) el.scrollTop = el.scrollHeight;
  }, [messages, pending, panelOpen]);

  const close = () => {
    setPanelOpen(false);
    document.getElementById(TOGGLE_ID)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      close();
    }
  };

  return (
    <aside
      id={PANEL_ID}
      className="assistant-panel"
      aria-labelledby="assistant-title"
      hidden={!panelOpen}
      onKeyDown={onKeyDown}
    >
      <div className="assistant-head">
        <h2 id="assistant-title">Assistant</h2>
        <button type="button" className="assistant-close" aria-label="Close the assistant" onClick={close}>
          ×
        </button>
      </div>
      <div className="assistant-voice-bar">
        <VoiceSwitch />
        <HandsFreeToggle />
      </div>
      <ol
        id="assistant-messages"
        ref={listRef}
        className="assistant-messages"
        aria-label="Conversation"
        aria-live="polite"
        aria-relevant="additions"
      >
        {messages.map((m) => (
          <AssistantMessage key={m.id} message={m} />
        ))}
        <PendingReply />
      </ol>
      {!messages.length && !pending && (
        <div className="assistant-empty">
          <p>Ask about leads, tasks, invoices or calls, or tell it what to change. For example:</p>
          <ul>
            {EXAMPLES.map((x) => (
              <li key={x}>“{x}”</li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <AssistantComposer inputRef={inputRef} />
    </aside>
  );
}
