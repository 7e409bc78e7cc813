import { useState, type FormEvent, type RefObject } from 'react';
import { useAssistant } from './assistant-provider';

/** The typed turn (`form#assistant-form`, `input#assistant-input`): sent with Enter or the button. */
export function AssistantComposer({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { send, conversation } = useAssistant();
  const [text, setText] = useState('');
  const busy = conversation.pending !== undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const said = text.trim();
    if (!said || busy) return;
    setText('');
    void send(said);
  };
  return (
    <form id="assistant-form" className="assistant-form" onSubmit={submit}>
      <label htmlFor="assistant-input" className="assistant-visually-hidden">
        Ask the assistant
      </label>
      <input
        ref={inputRef}
        id="assistant-input"
        name="text"
        type="text"
        autoComplete="off"
        enterKeyHint="send"
        maxLength={2000}
        placeholder="Ask or tell… “show me new leads from this week”"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        Send
      </button>
    </form>
  );
}
