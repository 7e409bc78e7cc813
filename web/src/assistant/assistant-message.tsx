import type { AssistantMessage as Message } from '@booth/shared/api';
import { ActionCard } from './action-card';
import { useAssistant } from './assistant-provider';
import { AnswerItems } from './answer-items';

/** What picking choice `i` says: its name, or its number when another choice has the same name. */
function pickText(choices: Message['choices'], i: number): string {
  const name = choices[i]?.name ?? '';
  const twin = choices.some((c, j) => j !== i && c.name.toLowerCase() === name.toLowerCase());
  return twin ? `number ${i + 1}` : name;
}

/**
 * Contacts a name could be: with a proposal waiting, each is a button that confirms it for that
 * contact (`contactId`); for a question (a read waiting for the pick), each says that name.
 */
function Choices({ message }: { message: Message }) {
  const { conversation, send } = useAssistant();
  const proposed = message.actions.find((a) => a.status === 'proposed');
  if (!message.choices.length) return null;
  return (
    <ul className="assistant-choices" aria-label="Which one?">
      {message.choices.map((c, i) => (
        <li key={c.id}>
          {proposed ? (
            <button
              type="button"
              data-contact-id={c.id}
              disabled={conversation.deciding.has(proposed.id)}
              onClick={() => void conversation.confirm(proposed.id, c.id)}
            >
              {c.name}
              {c.detail && <span className="hint"> · {c.detail}</span>}
            </button>
          ) : (
            <button
              type="button"
              data-contact-id={c.id}
              disabled={conversation.pending !== undefined}
              onClick={() => void send(pickText(message.choices, i))}
            >
              {c.name}
              {c.detail && <span className="hint"> · {c.detail}</span>}
            </button>
          )}
        </li>
      ))}
      {proposed && (
        <li>
          <button
            type="button"
            className="assistant-cancel"
            disabled={conversation.deciding.has(proposed.id)}
            onClick={() => void conversation.refuse(proposed.id)}
          >
            None of these
          </button>
        </li>
      )}
    </ul>
  );
}

/** One message of the conversation (`li.assistant-message[data-role][data-source]`), all of it as text. */
export function AssistantMessage({ message }: { message: Message }) {
  // With choices to pick from, the proposal is decided by picking one: no card of its own for it.
  const cards = message.choices.length
    ? message.actions.filter((a) => a.status !== 'proposed')
    : message.actions;
  return (
    <li
      className="assistant-message"
      data-role={message.role}
      data-source={message.source}
      data-message-id={message.id}
    >
      <p className="assistant-text">{message.text}</p>
      <AnswerItems items={message.items} />
      <Choices message={message} />
      {cards.map((a) => (
        <ActionCard key={a.id} action={a} />
      ))}
    </li>
  );
}
