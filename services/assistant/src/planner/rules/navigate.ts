import type { AssistantRoute } from '@booth/shared/api';
import type { Intent, Utterance } from './intent';
import { routeNamed, saysPage } from './routes';

/** "go to", "head over to", "switch to", "take me to", "back to", "open". */
const GO = [
  /^(?:go|head|jump|switch|navigate|move|skip|flip|get)(?:\s+back)?(?:\s+(?:over\s+)?to|\s+into)?\s+(.+)$/i,
  /^(?:take|bring|send|get)\s+me(?:\s+back)?(?:\s+(?:over\s+)?to)?\s+(.+)$/i,
  /^back\s+to\s+(.+)$/i,
  /^(?:open(?:\s+up)?|launch|load|visit)\s+(.+)$/i,
  /^what(?:'s|\s+is)\s+(?:on|in)\s+(?!my\s+(?:list|plate))(.+)$/i,
];
/** "show me", "pull up": a list tool when the place is a list (contacts, tasks, invoices). */
const SHOW =
  /^(?:show(?:\s+me)?|see|view|display|pull\s+up|bring\s+up|let\s+me\s+see|can\s+i\s+see|i\s+want\s+to\s+see|give\s+me|list)\s+(.+)$/i;
/** Places whose bare name or "show me …" asks for the list itself (the list tools answer it). */
const LISTS = new Set<AssistantRoute>(['contacts', 'tasks', 'invoices']);

const go = (route: AssistantRoute): Intent => ({
  tool: 'navigate',
  args: { route },
  ask: 'Where should I go?',
});

/** `navigate`: "go to invoices", "open the calendar", "take me home", "quotes page", "settings". */
export function navigateRule(u: Utterance): Intent | undefined {
  for (const re of GO) {
    const route = routeNamed(re.exec(u.text)?.[1] ?? '');
    if (route) return go(route);
  }
  const shown = SHOW.exec(u.text)?.[1];
  const phrase = shown ?? u.text;
  const route = routeNamed(phrase);
  if (route && (!LISTS.has(route) || saysPage(phrase))) return go(route);
  return undefined;
}
