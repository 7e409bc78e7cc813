/** What every model planner takes. */
export interface ModelPlannerOptions {
  model: string;
  /** Per-request timeout in ms (LLM_TIMEOUT_MS). Default 60 000. */
  timeoutMs?: number;
  /** Cap on the answer's tokens (LLM_MAX_TOKENS). Default 1024. */
  maxTokens?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TOKENS = 1_024;
