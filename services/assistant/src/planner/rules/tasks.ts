import { findDate, withoutDate } from './dates';
import type { Intent, Utterance } from './intent';
import { cleanName, personIn } from './names';
import { tidy, unSentenceCase } from './text';

/** Ways a new task is said; the last group is the task, a `for` group before it its contact. */
const NEW_TASK: RegExp[] = [
  /^remind\s+me\s+(?:to|that|about)\s+(.+)$/i,
  /^(?:remember|don't\s+forget|do\s+not\s+forget|don't\s+let\s+me\s+forget|do\s+not\s+let\s+me\s+forget|make\s+sure\s+(?:i|to))\s+(?:to\s+)?(.+)$/i,
  /^(?:i\s+need\s+to|i\s+have\s+to|i've\s+got\s+to|i\s+got\s+to|i\s+gotta|i\s+must|i\s+should|need\s+to|gotta)\s+(.+)$/i,
  /^(?:create|add|make|set|set\s+up|put\s+in|schedule|new|log)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:task|to-?do|to\s+do|reminder|follow[\s-]?up(?:\s+task)?)(?:\s+for\s+(.+?))?(?:\s*[,:;-]\s*|\s+to\s+|\s+that\s+|\s+saying\s+|\s+about\s+|\s+called\s+)(.+)$/i,
  /^(?:task|to-?do|to\s+do)\s*[,:;-]\s*(.+)$/i,
];
/** A task said as the thing to do ("follow up with the Johnsons on Monday"). */
const DO_THIS = /^(?:follow[\s-]up\s+with|check\s+in\s+with|call\s+back|get\s+back\s+to)\s+.+$/i;

/**
 * `create_task`: "remind me to call Sarah tomorrow", "create a task to send the contract to Priya by
 * Friday", "add a task: order new speakers next week", "follow up with the Johnsons on Monday",
 * "todo: update the website". The contact is named with "for", or is whom the task is about.
 */
export function createTaskRule(u: Utterance): Intent | undefined {
  const date = findDate(u.text, u.today, 'due');
  const rest = date ? withoutDate(u.text, date) : u.text;
  let said: string | undefined;
  let forName: string | undefined;
  for (const re of NEW_TASK) {
    const m = re.exec(rest);
    if (!m) continue;
    said = m[m.length - 1];
    forName = m.length > 2 ? m[1] : undefined;
    break;
  }
  if (said === undefined && DO_THIS.test(rest)) said = rest;
  if (said === undefined) return undefined;
  const text = unSentenceCase(tidy(said)) || undefined;
  const name = cleanName(forName) ?? (text ? personIn(text) : undefined);
  return { tool: 'create_task', args: { name, text, due: date?.day }, ask: 'What should the task be?' };
}

/** Words that ask about the admin's tasks. */
const TASKS =
  /\b(?:tasks?|to-?dos?|to\s+do\s+list|to-?do\s+list|my\s+list|on\s+my\s+plate|reminders|what\s+do\s+i\s+(?:have|need\s+to\s+do|got|have\s+to\s+do)|what\s+have\s+i\s+got|what's\s+due|what\s+is\s+due|anything\s+due|overdue|what's\s+next|what\s+should\s+i\s+do)\b/i;

/**
 * `list_tasks`: "what's on my list today" (due today), "tasks due this week" (due by its Sunday),
 * "anything overdue?" (due today, overdue included), "show my tasks".
 */
export function listTasksRule(u: Utterance): Intent | undefined {
  if (!TASKS.test(u.text)) return undefined;
  const due = /\boverdue\b/i.test(u.text) ? u.today : findDate(u.text, u.today, 'by')?.day;
  return { tool: 'list_tasks', args: { due }, ask: 'Which tasks should I list?' };
}
