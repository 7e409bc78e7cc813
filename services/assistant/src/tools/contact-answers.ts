import type { Contact } from '@booth/db';
import type { AnswerItem } from '@booth/shared/api';
import { say, type Answer, type Choice } from '../answers/answer';
import { joinWords } from '../answers/format';
import type { ToolCall } from '@booth/shared/api';
import type { NameMatch } from './names';

/** A contact as a row of an answer: its name, what it is about, a link to its page. */
export function contactItem(c: Contact): AnswerItem {
  const about = [c.leadStatus, c.eventType, c.eventDate?.toISOString().slice(0, 10), c.venue].filter(
    (v): v is string => !!v,
  );
  return {
    kind: 'contact',
    id: c.id,
    title: c.name,
    subtitle: about.join(' · ') || null,
    path: `/contacts/${c.id}`,
  };
}

export const contactChoice = (c: Contact): Choice => ({
  id: c.id,
  name: c.name,
  detail:
    [c.email, c.phone, c.eventType, c.eventDate?.toISOString().slice(0, 10)]
      .filter((v): v is string => !!v)
      .join(' · ') || null,
});

/** The answer when a name did not resolve to one contact: who it could be, or that nobody matches. */
export function unresolved(
  spoken: string,
  match: Exclude<NameMatch, { kind: 'one' }>,
  call: ToolCall,
): Answer {
  if (match.kind === 'none') return say(`I could not find a contact called ${spoken}.`);
  const names = match.contacts.map((c) => c.name);
  return {
    ...say(
      `Which ${spoken} do you mean: ${joinWords(names.map((n, i) => `${i + 1}. ${n}`))}?`,
      `Which ${spoken} do you mean: ${joinWords(names)}?`,
    ),
    choices: match.contacts.map(contactChoice),
    awaiting: call,
  };
}
