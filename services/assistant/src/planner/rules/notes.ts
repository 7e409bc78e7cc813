import type { Intent, Utterance } from './intent';
import { clauseSubject, nameOrEarlier } from './names';
import { tidy, unSentenceCase } from './text';

/** Between the contact and the note's words: a colon or comma, "saying", "that". */
const SEP = '(?:\\s*[,:;-]\\s*|\\s+(?:saying|that\\s+says|that|which\\s+says|reading|says)\\s+)';

/** "add a note to Sarah: wants uplighting", "make a note on the Johnsons that…", "put a note on Dave's contact: …". */
const ADD_NOTE_TO = new RegExp(
  `^(?:add|put|leave|make|write|jot|attach|stick|drop|take|create|log)\\s+(?:down\\s+)?(?:a\\s+|an\\s+|the\\s+)?(?:quick\\s+|new\\s+|short\\s+)?note\\s+(?:to|on|for|in|under|against)\\s+(.+?)${SEP}(.+)$`,
  'i',
);
/** "note for Priya that she prefers email". */
const NOTE_FOR = new RegExp(`^notes?\\s+(?:for|on|to|about)\\s+(.+?)${SEP}(.+)$`, 'i');
/** "jot down for Priya: deposit paid in cash". */
const DOWN_FOR = new RegExp(`^(?:jot|write|put|note)\\s+down\\s+(?:for|on|under)\\s+(.+?)${SEP}(.+)$`, 'i');
/** "write down that the Lees need a mic", "remember that Sarah's venue has a curfew", "add a note: …". */
const CLAUSE = [
  /^(?:remember|keep\s+in\s+mind|don't\s+forget|do\s+not\s+forget)\s+that\s+(.+)$/i,
  /^(?:(?:write|jot|note|put)\s+down|(?:make|take)\s+a\s+note|note|fyi|just\s+so\s+you\s+know|for\s+the\s+record)(?:\s*[,:;-]\s*|\s+)(?:that\s+)?(.+)$/i,
  new RegExp(
    `^(?:add|put|leave|make|write|take|create|log)\\s+(?:a\\s+|an\\s+)?(?:quick\\s+|new\\s+|short\\s+)?note${SEP}(.+)$`,
    'i',
  ),
];

const note = (name: string | undefined, text: string | undefined): Intent => ({
  tool: 'add_note',
  args: { name, text },
  ask: text ? 'Which contact should I add the note to?' : 'What should the note say?',
});

/**
 * `add_note`: "add a note to Sarah: wants uplighting", "note for Priya that she prefers email",
 * "write down that the Lees need a mic for speeches" (the contact is the clause's subject).
 */
export function noteRule(u: Utterance): Intent | undefined {
  for (const re of [ADD_NOTE_TO, NOTE_FOR, DOWN_FOR]) {
    const m = re.exec(u.text);
    if (m) return note(nameOrEarlier(m[1], u.earlier), unSentenceCase(tidy(m[2] ?? '')) || undefined);
  }
  for (const re of CLAUSE) {
    const clause = tidy(re.exec(u.text)?.[1] ?? '');
    if (clause) return note(clauseSubject(clause), clause);
  }
  if (/^(?:add|put|leave|make|write|take)\s+(?:a\s+|an\s+)?note$/i.test(u.text))
    return note(undefined, undefined);
  return undefined;
}
