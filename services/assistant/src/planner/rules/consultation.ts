import type { Intent, Utterance } from './intent';
import { nameOrEarlier } from './names';

/** A consultation room or video call… */
const ROOM =
  /\b(?:consult(?:ation)?s?|video\s+(?:call|chat|meeting|consult(?:ation)?|session|room)|zoom(?:\s+call)?|meeting\s+room|call\s+room)\b/i;
/** …being set up or sent. */
const SET_UP =
  /^(?:set\s+up|setup|start|open|create|book|schedule|send|invite|get|arrange|organi[sz]e|make|begin|launch|host|spin\s+up|new|email|text|video\s+call|i\s+want\s+a)\b/i;

/** Where the contact is said, in order of trust. */
const WHO: RegExp[] = [
  /.*\b(?:with|for|to)\s+(.+)$/i,
  /^(?:send|invite|get|email|text|give)\s+(.+?)\s+(?:a|an|to|on|into|the|in|onto)\b/i,
  /^video\s+call\s+(.+)$/i,
];

/**
 * `create_consultation`: "set up a consultation with Sarah", "send Priya a consultation link",
 * "start a video call with the Lees", "invite Sarah to a consultation room".
 */
export function consultationRule(u: Utterance): Intent | undefined {
  if (!ROOM.test(u.text) || !SET_UP.test(u.text)) return undefined;
  let name: string | undefined;
  for (const re of WHO) {
    name = nameOrEarlier(re.exec(u.text)?.[1]?.replace(/\s+(?:please|now|today|tomorrow)$/i, ''), u.earlier);
    if (name) break;
  }
  return { tool: 'create_consultation', args: { name }, ask: 'Who should I set up the consultation with?' };
}
