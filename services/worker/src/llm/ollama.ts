import { Ollama } from 'ollama';
import { analysisJsonSchema } from '../analysis/schema';
import {
  SYSTEM_PROMPT,
  classifyHttpError,
  userPrompt,
  type AnalyzeInput,
  type LlmOutput,
  type LlmProvider,
} from './provider';

export interface OllamaProviderOptions {
  host: string;
  model: string;
  /** Per-request timeout. Default 60 000 ms. */
  timeoutMs?: number;
}

/** A local model served by Ollama, constrained to the analysis JSON Schema via `format`. */
export class OllamaProvider implements LlmProvider {
  readonly name = 'ollama' as const;
  readonly model: string;
  private readonly client: Ollama;

  constructor(opts: OllamaProviderOptions) {
    this.model = opts.model;
    const timeoutMs = opts.timeoutMs ?? 60_000;
    this.client = new Ollama({
      host: opts.host,
      fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    });
  }

  async analyze(input: AnalyzeInput): Promise<LlmOutput> {
    try {
      const res = await this.client.chat({
        model: this.model,
        stream: false,
        format: analysisJsonSchema,
        options: { temperature: 0 },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: userPrompt(input) },
        ],
      });
      return {
        raw: res.message?.content ?? '',
        usage: { promptTokens: res.prompt_eval_count ?? 0, completionTokens: res.eval_count ?? 0 },
      };
    } catch (err) {
      const status = (err as { status_code?: number }).status_code;
      const name = (err as Error).name;
      if (typeof status === 'number') throw classifyHttpError(status, (err as Error).message, err);
      if (name === 'TimeoutError' || name === 'AbortError')
        throw classifyHttpError(undefined, 'timed out', err);
      throw classifyHttpError(undefined, (err as Error).message, err);
    }
  }
}
