import { Ollama, type Tool } from 'ollama';
import { z } from 'zod';
import type { Plan, PlanContext, Planner } from '../planner/planner';
import { planFromAnswer, type ModelAnswer } from './answer';
import { ModelUnavailableError, classifyModelError, isModelError, retryAfterMs } from './errors';
import { DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_MS, type ModelPlannerOptions } from './options';
import { chatMessages } from './prompt';
import { withRateLimitRetry } from './retry';
import { TOOL_DEFINITIONS } from './tool-schemas';

export interface OllamaPlannerOptions extends ModelPlannerOptions {
  host: string;
}

/** The part of an `/api/chat` answer a plan is made from. */
const chatAnswer = z.object({
  message: z.object({
    content: z.string().nullish(),
    tool_calls: z
      .array(z.object({ function: z.object({ name: z.string(), arguments: z.unknown() }) }))
      .nullish(),
  }),
});

/** The most of an error body kept in the error's message. */
const ERROR_BODY_CHARS = 300;

/**
 * `fetch` with the per-request timeout (covering the body too) that turns an HTTP error into a
 * classified model error carrying its status and `retry-after` (the SDK's own error keeps neither
 * the headers nor quiet: it logs to the console for non-JSON bodies).
 */
function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const res = await fetch(input, { ...init, signal });
    if (res.ok) return res;
    const body = (await res.text().catch(() => '')).slice(0, ERROR_BODY_CHARS);
    let message = body || res.statusText;
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string') {
        message = parsed.error;
      }
    } catch {
      // not JSON: the text is the message
    }
    throw classifyModelError(message, {
      provider: 'ollama',
      status: res.status,
      retryAfterMs: retryAfterMs(res.headers),
    });
  };
}

/**
 * Plans with a local model served by Ollama through native tool calling (`/api/chat` with `tools`).
 * It only plans: the caller runs reads and proposes writes. A 429 with a short `retry-after` is
 * retried once; failures throw {@link ModelUnavailableError} or `ModelRejectedError`.
 */
export class OllamaPlanner implements Planner {
  readonly name = 'ollama' as const;
  readonly model: string;
  private readonly client: Ollama;
  private readonly maxTokens: number;

  constructor(opts: OllamaPlannerOptions) {
    this.model = opts.model;
    this.maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.client = new Ollama({ host: opts.host, fetch: timedFetch(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
  }

  async plan(text: string, ctx: PlanContext): Promise<Plan> {
    return planFromAnswer(await withRateLimitRetry(() => this.ask(text, ctx)));
  }

  private async ask(text: string, ctx: PlanContext): Promise<ModelAnswer> {
    let res: unknown;
    try {
      res = await this.client.chat({
        model: this.model,
        stream: false,
        options: { temperature: 0, num_predict: this.maxTokens },
        messages: chatMessages(text, ctx),
        // The SDK's Tool type narrows property schemas to a few keywords; the wire takes JSON Schema.
        tools: [...(TOOL_DEFINITIONS as readonly Tool[])],
      });
    } catch (err) {
      throw toModelError(err);
    }
    const parsed = chatAnswer.safeParse(res);
    if (!parsed.success) {
      throw new ModelUnavailableError('model answer is not a chat answer', { provider: 'ollama' });
    }
    const { message } = parsed.data;
    return {
      toolCalls: (message.tool_calls ?? []).map((c) => ({
        name: c.function.name,
        arguments: c.function.arguments,
      })),
      content: message.content ?? '',
    };
  }
}

function toModelError(err: unknown): Error {
  if (isModelError(err)) return err;
  const status = err && typeof err === 'object' && 'status_code' in err ? err.status_code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  if (typeof status === 'number') {
    return classifyModelError(message, { provider: 'ollama', status, cause: err });
  }
  if (name === 'TimeoutError' || name === 'AbortError') {
    return classifyModelError('timed out', { provider: 'ollama', cause: err });
  }
  if (err instanceof SyntaxError) {
    return new ModelUnavailableError('model answer is not JSON', { provider: 'ollama', cause: err });
  }
  // Connection refused or reset.
  return classifyModelError(message, { provider: 'ollama', cause: err });
}
