import { billingRule } from './billing';
import { consultationRule } from './consultation';
import { listContactsRule, openContactRule } from './contacts';
import type { Intent, Rule, Utterance } from './intent';
import { leadUpdateRule } from './lead-updates';
import { navigateRule } from './navigate';
import { noteRule } from './notes';
import { searchRule } from './search';
import { createTaskRule, listTasksRule } from './tasks';

/**
 * The rules, most specific first: a note or a task carries free text that may say anything
 * ("remember that Sarah booked…", "remind me to open the calendar"), so they go before the rules
 * their words would trip; a status change before search and lists ("Sarah is a hot lead now");
 * whole-place names (navigate) before billing and tasks; opening one contact before listing them.
 */
export const RULES: readonly Rule[] = [
  noteRule,
  createTaskRule,
  consultationRule,
  leadUpdateRule,
  searchRule,
  navigateRule,
  billingRule,
  listTasksRule,
  openContactRule,
  listContactsRule,
];

/** The first rule's intent for `u`. */
function firstIntent(u: Utterance): Intent | undefined {
  for (const rule of RULES) {
    const intent = rule(u);
    if (intent) return intent;
  }
  return undefined;
}

/**
 * The intent of `u`: the first rule's for the whole utterance, else for what follows a comma (a
 * command after a preamble: "I spoke to Dave, mark him as contacted"), or undefined.
 */
export function intentOf(u: Utterance): Intent | undefined {
  const whole = firstIntent(u);
  if (whole) return whole;
  for (const m of u.text.matchAll(/,\s*/g)) {
    const at = m.index ?? 0;
    const intent = firstIntent({ ...u, text: u.text.slice(at + m[0].length), earlier: u.text.slice(0, at) });
    if (intent) return intent;
  }
  return undefined;
}
