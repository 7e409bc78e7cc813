import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import { z } from 'zod';
import type { Plan, PlanContext, Planner } from '../planner/planner';
import { planFromAnswer, type ModelAnswer } from './answer';
import { ModelUnavailableError, classifyModelError, isModelError, retryAfterMs } from './errors';
import { DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, type ModelPlannerOptions } from './options';
import { chatMessages } from './prompt';
import { withRateLimitRetry } from './retry';
import { TOOL_DEFINITIONS } from './tool-schemas';

export interface OpenAiPlannerOptions extends ModelPlannerOptions {
  baseURL: string;
  apiKey: string;
}

/** The part of a chat completion a plan is made from (what a compatible server may get wrong). */
const completionAnswer = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                type: z.string().optional(),
                function: z.object({ name: z.string(), arguments: z.unknown() }).optional(),
              }),
            )
            .nullish(),
        }),
      }),
    )
    .min(1),
});

/**
 * Plans with any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp server,
 * LM Studio) through native tool calling (`tools`, `tool_choice: auto`). It only plans: the caller
 * runs reads and proposes writes. The SDK does not retry; a 429 with a short `retry-after` is
 * retried once (see {@link withRateLimitRetry}); failures throw {@link ModelUnavailableError} or
 * `ModelRejectedError`.
 */
export class OpenAiPlanner implements Planner {
  readonly name = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly maxTokens: number;

  constructor(opts: OpenAiPlannerOptions) {
    this.model = opts.model;
    this.maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: 0,
    });
  }

  async plan(text: string, ctx: PlanContext): Promise<Plan> {
    return planFromAnswer(await withRateLimitRetry(() => this.ask(text, ctx)));
  }

  private async ask(text: string, ctx: PlanContext): Promise<ModelAnswer> {
    let res: unknown;
    try {
      res = await this.client.chat.completions.create({
        model: this.model,
        temperature: 0,
        max_tokens: this.maxTokens,
        messages: chatMessages(text, ctx),
        tools: [...TOOL_DEFINITIONS],
        tool_choice: 'auto',
      });
    } catch (err) {
      throw toModelError(err);
    }
    const parsed = completionAnswer.safeParse(res);
    if (!parsed.success) {
      throw new ModelUnavailableError('model answer is not a chat completion', { provider: 'openai' });
    }
    const message = parsed.data.choices[0]?.message;
    return {
      toolCalls: (message?.tool_calls ?? []).flatMap((c) =>
        c.function && (c.type ?? 'function') === 'function'
          ? [{ name: c.function.name, arguments: c.function.arguments }]
          : [],
      ),
      content: message?.content ?? '',
    };
  }
}

function toModelError(err: unknown): Error {
  if (isModelError(err)) return err;
  if (err instanceof APIConnectionTimeoutError) {
    return classifyModelError('timed out', { provider: 'openai', cause: err });
  }
  if (err instanceof APIConnectionError) {
    return classifyModelError(err.message, { provider: 'openai', cause: err });
  }
  if (err instanceof APIError) {
    return classifyModelError(err.message, {
      provider: 'openai',
      status: err.status,
      retryAfterMs: retryAfterMs(err.headers),
      cause: err,
    });
  }
  // A body that is not JSON although it says so.
  if (err instanceof SyntaxError) {
    return new ModelUnavailableError('model answer is not JSON', { provider: 'openai', cause: err });
  }
  if (err instanceof OpenAIError) {
    return classifyModelError(err.message, { provider: 'openai', cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
