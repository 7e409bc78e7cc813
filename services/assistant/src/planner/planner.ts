import type { ToolCall } from '@booth/shared/api';

/** What a planner knows besides the words. */
export interface PlanContext {
  /** The admin's today, `YYYY-MM-DD`: relative dates ("this week", "tomorrow") resolve against it. */
  today: string;
  /** The last few messages of the conversation, oldest first (a model may use them; rules do not). */
  history?: { role: 'user' | 'assistant'; text: string }[];
}

/**
 * A planner's answer for one utterance:
 * - `call`: one tool with arguments already validated by the tool's zod schema (names unresolved);
 * - `reply`: nothing to run (a greeting, help, or not understood), with what to say;
 * - `invalid`: a model asked for a tool with arguments that do not validate: nothing runs, the
 *   admin is told why.
 * `note`, when present, is something the admin should be told alongside (set by the fallback planner
 * when the model failed and the rules planned instead).
 */
export type Plan =
  | { kind: 'call'; call: ToolCall; note?: string }
  | { kind: 'reply'; text: string; note?: string }
  | { kind: 'invalid'; tool: string; reason: string; note?: string };

export interface Planner {
  /** `rules`, `ollama` or `openai` (stored with nothing; shown in logs and the CLI). */
  readonly name: string;
  plan(text: string, ctx: PlanContext): Promise<Plan>;
}
