import { validateToolCall } from '@booth/shared/api';
import type { Plan } from '../planner/planner';

/** What a model answered, whichever the wire: its tool calls in order, and its text. */
export interface ModelAnswer {
  toolCalls: { name: string; arguments: unknown }[];
  content: string;
}

/** The longest reply passed on from a model, in characters. */
export const MAX_REPLY_CHARS = 1_000;
/** The reply when the model said nothing and called nothing. */
export const EMPTY_ANSWER_REPLY = 'Sorry, I did not catch that. Could you say it another way?';

// C0 controls but tab and newline, DEL, C1 controls, and bidi overrides/isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** A model's text made fit to show: reasoning blocks and control characters out, trimmed, capped. */
export function replyText(content: string): string {
  const cleaned = content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_REPLY_CHARS) return cleaned;
  return `${chars
    .slice(0, MAX_REPLY_CHARS - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * The plan for a model's answer:
 * - tool calls: the FIRST one is planned and any others are ignored (the admin said one thing; a
 *   second call is a model going further than asked, and at most one action is ever proposed);
 *   its arguments are validated with the tool's schema: a JSON string (OpenAI's wire) that does not
 *   parse, an unknown tool or arguments that do not validate make an `invalid` plan (nothing runs);
 * - no tool call: a `reply` with the text, or a neutral "did not catch that" when it is empty.
 */
export function planFromAnswer(answer: ModelAnswer): Plan {
  const first = answer.toolCalls[0];
  if (!first) {
    const text = replyText(answer.content);
    return { kind: 'reply', text: text || EMPTY_ANSWER_REPLY };
  }
  const tool = first.name.slice(0, 60);
  let args: unknown = first.arguments;
  if (typeof args === 'string') {
    // An empty string is what some servers send for a call without arguments.
    if (args.trim() === '') args = {};
    else {
      try {
        args = JSON.parse(args);
      } catch {
        return { kind: 'invalid', tool, reason: 'arguments are not JSON' };
      }
    }
  }
  const checked = validateToolCall(first.name, args);
  if (!checked.ok) return { kind: 'invalid', tool, reason: checked.reason };
  return { kind: 'call', call: checked.call };
}
