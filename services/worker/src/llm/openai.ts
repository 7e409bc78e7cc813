import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import {
  SYSTEM_PROMPT,
  classifyHttpError,
  outputSchema,
  userPrompt,
  type AnalyzeInput,
  type LlmOutput,
  type LlmProvider,
  type ProviderOptions,
} from './provider';

export interface OpenAiProviderOptions extends ProviderOptions {
  baseURL: string;
  apiKey: string;
}

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp server, LM Studio) with
 * structured output (`response_format: json_schema`, strict). Retries are BullMQ's job, not the SDK's.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly maxTokens: number;
  private readonly schema: Record<string, unknown>;

  constructor(opts: OpenAiProviderOptions) {
    this.model = opts.model;
    this.maxTokens = opts.maxTokens ?? 1024;
    this.schema = outputSchema(opts);
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? 60_000,
      maxRetries: 0,
    });
  }

  async analyze(input: AnalyzeInput): Promise<LlmOutput> {
    try {
      const res = await this.client.chat.completions.create({
        model: this.model,
        temperature: 0,
        max_tokens: this.maxTokens,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: userPrompt(input) },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'call_analysis',
            strict: true,
            schema: this.schema,
          },
        },
      });
      const raw = res.choices[0]?.message?.content ?? '';
      return {
        raw,
        usage: res.usage
          ? { promptTokens: res.usage.prompt_tokens, completionTokens: res.usage.completion_tokens }
          : undefined,
      };
    } catch (err) {
      if (err instanceof APIConnectionTimeoutError) throw classifyHttpError(undefined, 'timed out', err);
      if (err instanceof APIConnectionError) throw classifyHttpError(undefined, err.message, err);
      if (err instanceof APIError) throw classifyHttpError(err.status, err.message, err);
      throw err;
    }
  }
}
