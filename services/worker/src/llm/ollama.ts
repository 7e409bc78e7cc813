import { Ollama } from 'ollama';
import type { Logger } from '@booth/shared';
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

export interface OllamaProviderOptions extends ProviderOptions {
  host: string;
}

/** A local model served by Ollama, constrained to the analysis JSON Schema via `format`. */
export class OllamaProvider implements LlmProvider {
  readonly name = 'ollama' as const;
  readonly model: string;
  private readonly client: Ollama;
  private readonly maxTokens: number;
  private readonly schema: Record<string, unknown>;

  constructor(opts: OllamaProviderOptions) {
    this.model = opts.model;
    this.maxTokens = opts.maxTokens ?? 1024;
    this.schema = outputSchema(opts);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    this.client = new Ollama({
      host: opts.host,
      fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    });
  }

  /**
   * Pulls the model into Ollama if it is not there yet (first start of the local-llm profile),
   * logging progress every ~10 %.
   */
  async ensureModel(log: Logger): Promise<void> {
    const { models } = await this.client.list();
    const wanted = this.model.includes(':') ? this.model : `${this.model}:latest`;
    if (models.some((m) => m.name === wanted || m.model === wanted)) return;
    log.info({ model: this.model }, 'pulling Ollama model');
    let next = 10;
    for await (const p of await this.client.pull({ model: this.model, stream: true })) {
      const pct = p.total ? Math.floor((p.completed / p.total) * 100) : 0;
      if (pct >= next) {
        log.info({ model: this.model, status: p.status, percent: pct }, 'pulling Ollama model');
        next = pct + 10;
      }
    }
    log.info({ model: this.model }, 'Ollama model ready');
  }

  async analyze(input: AnalyzeInput): Promise<LlmOutput> {
    try {
      const res = await this.client.chat({
        model: this.model,
        stream: false,
        format: this.schema,
        options: { temperature: 0, num_predict: this.maxTokens },
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
