import { useId, useState, type FormEvent } from 'react';
import type { AssistantAction, AssistantMessage } from '@booth/shared/api';
import { ActionCardView } from '../assistant/action-card';
import { AnswerItems } from '../assistant/answer-items';
import type { Caption } from '../live/captions';
import type { RoomConnection } from '../live/connection';
import { useAdmin } from '../session';
import { AskByVoice } from './ask-by-voice';
import { useSharedAssistant, type SharedAssistant as State } from './shared-assistant-state';

/**
 * A write the shared assistant proposed (`.assistant-action`): Confirm and Cancel for
 * the admin it was proposed to; everyone else sees whose it is to confirm.
 */
function SharedAction({
  action,
  askedBy,
  state,
}: {
  action: AssistantAction;
  askedBy: string;
  state: State;
}) {
  const me = useAdmin().id;
  return (
    <ActionCardView
      action={action}
      busy={state.deciding.has(action.id)}
      onConfirm={() => void state.decide(action.id, 'confirm')}
      onRefuse={() => void state.decide(action.id, 'refuse')}
      waiting={action.adminId === me ? undefined : `Waiting for ${askedBy} to confirm.`}
    />
  );
}

/** One message (`li.shared-message[data-role][data-message-id]`): who said it, the text, links, actions. */
function SharedMessage({
  message,
  askedBy,
  state,
}: {
  message: AssistantMessage;
  askedBy: string;
  state: State;
}) {
  const who = message.role === 'assistant' ? 'Booth' : (message.author?.name ?? 'An admin');
  return (
    <li
      className="assistant-message shared-message"
      data-role={message.role}
      data-source={message.source}
      data-message-id={message.id}
    >
      <span className="shared-author">{who}</span>
      <p className="assistant-text">{message.text}</p>
      <AnswerItems items={message.items} />
      {message.actions.map((a) => (
        <SharedAction key={a.id} action={a} askedBy={askedBy} state={state} />
      ))}
    </li>
  );
}

/**
 * A collaboration room's shared assistant session (`section#shared-assistant`): the whole history,
 * and every turn anyone in the room asks (typed, or held and spoken), with its reply and proposed
 * actions, as they happen.
 */
export function SharedAssistant({
  sessionId,
  live,
  captions,
}: {
  sessionId: string;
  live: RoomConnection;
  captions: readonly Caption[];
}) {
  const ids = useId();
  const inRoom = live.phase === 'connected' || live.phase === 'reconnecting';
  const state = useSharedAssistant(sessionId, live, live.phase === 'connected');
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const said = text.trim();
    if (!said) return;
    setText('');
    void state.send(said);
  };
  // Who asked for each reply: the author of the user message just before it.
  let lastAsker = 'the admin who asked';
  const rows = state.messages.map((m) => {
    if (m.role === 'user') lastAsker = m.author?.name ?? lastAsker;
    return <SharedMessage key={m.id} message={m} askedBy={lastAsker} state={state} />;
  });
  return (
    <section id="shared-assistant" className="live-panel shared-assistant" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Shared assistant</h2>
      <ol className="assistant-messages shared-messages" aria-live="polite">
        {rows}
        {state.pending.map((p) => (
          <li
            key={p.turnId}
            className="assistant-message shared-pending"
            data-role="user"
            data-pending="true"
          >
            <span className="shared-author">{p.author.name}</span>
            <p className="assistant-text">{p.text}</p>
            <p className="hint">Booth is thinking…</p>
          </li>
        ))}
      </ol>
      {!state.messages.length && !state.pending.length && (
        <p className="hint">
          Ask Booth anything about the CRM: everyone here sees the question and the answer.
        </p>
      )}
      <form className="shared-assistant-form" onSubmit={submit}>
        <label htmlFor={`${ids}-q`} className="call-visually-hidden">
          Ask the shared assistant
        </label>
        <input
          id={`${ids}-q`}
          name="shared-question"
          value={text}
          maxLength={2000}
          placeholder="Ask Booth…"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={!text.trim()}>
          Ask
        </button>
        {inRoom && (
          <AskByVoice
            room={live.room}
            identity={live.token?.identity}
            captions={captions}
            onSaid={(t) => void state.send(t, 'voice')}
          />
        )}
      </form>
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
    </section>
  );
}
