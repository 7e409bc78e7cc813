import type { ToolName } from '@booth/shared/api';

/** An utterance as the rules read it: cleaned text (see `cleanUtterance`) and the admin's today. */
export interface Utterance {
  text: string;
  /** `YYYY-MM-DD`. */
  today: string;
  /**
   * What was said before, when the rules read only the last clauses ("I spoke to Dave, mark him as
   * contacted" → `text` "mark him as contacted", `earlier` "I spoke to Dave"): whom "him" is.
   */
  earlier?: string;
}

/**
 * What one rule makes of an utterance: a tool and its arguments (not yet validated; an argument left
 * undefined was not said) with the question to ask when they do not validate, or a reply.
 */
export type Intent =
  { tool: ToolName; args: Record<string, string | undefined>; ask: string } | { reply: string };

/** One family of phrasings: its intent, or undefined when the utterance is not one of them. */
export type Rule = (u: Utterance) => Intent | undefined;

/** Verbs that open or show something ("open", "pull up", "show me", "let me see"). */
export const SHOW_VERB =
  /^(?:open(?:\s+up)?|show(?:\s+me)?|pull\s+up|bring\s+up|go\s+to|take\s+me\s+to|look\s+up|find|view|see|get(?:\s+me)?|give\s+me|display|jump\s+to|navigate\s+to|let\s+me\s+see|can\s+i\s+see|i\s+want\s+to\s+see|send\s+me)\s+/i;
