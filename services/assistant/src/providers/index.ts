import type { Config, Logger } from '@booth/shared';
import type { Planner } from '../planner/planner';
import { FallbackPlanner } from './fallback';
import { OllamaPlanner } from './ollama';
import { OpenAiPlanner } from './openai';

export { EMPTY_ANSWER_REPLY, MAX_REPLY_CHARS, planFromAnswer, replyText, type ModelAnswer } from './answer';
export {
  ModelRejectedError,
  ModelUnavailableError,
  classifyModelError,
  isModelError,
  retryAfterMs,
  type ModelError,
  type ModelProvider,
} from './errors';
export { FallbackPlanner, REJECTED_NOTE, UNAVAILABLE_NOTE } from './fallback';
export { OllamaPlanner, type OllamaPlannerOptions } from './ollama';
export { OpenAiPlanner, type OpenAiPlannerOptions } from './openai';
export type { ModelPlannerOptions } from './options';
export { chatMessages, systemPrompt, type ChatMessage } from './prompt';
export { MAX_RETRY_AFTER_MS, withRateLimitRetry } from './retry';
export { TOOL_DEFINITIONS, toolParameters, type JsonSchema, type ToolDefinition } from './tool-schemas';

/** The settings a planner is made from. */
export type PlannerConfig = Pick<
  Config,
  | 'LLM_PROVIDER'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_MAX_TOKENS'
  | 'OLLAMA_HOST'
  | 'OLLAMA_MODEL'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_API_KEY'
  | 'OPENAI_MODEL'
>;

/** The model planner LLM_PROVIDER names, or undefined for `none`. */
export function createModelPlanner(config: PlannerConfig): OpenAiPlanner | OllamaPlanner | undefined {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return new OpenAiPlanner({
        baseURL: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY ?? '',
        model: config.OPENAI_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        maxTokens: config.LLM_MAX_TOKENS,
      });
    case 'ollama':
      return new OllamaPlanner({
        host: config.OLLAMA_HOST,
        model: config.OLLAMA_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        maxTokens: config.LLM_MAX_TOKENS,
      });
    default:
      return undefined;
  }
}

/**
 * The assistant's planner: `rules` for LLM_PROVIDER=none, else the model's planner wrapped in a
 * {@link FallbackPlanner} that plans with `rules` when the model is down, slow, rate limited or
 * refuses the request.
 */
export function createPlanner(config: PlannerConfig, deps: { rules: Planner; logger: Logger }): Planner {
  const model = createModelPlanner(config);
  return model ? new FallbackPlanner(model, deps.rules, deps.logger) : deps.rules;
}
