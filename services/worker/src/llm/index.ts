import type { Config } from '@booth/shared';
import { OllamaProvider } from './ollama';
import { OpenAiProvider } from './openai';
import type { LlmProvider } from './provider';

export type { LlmProvider } from './provider';

/** The configured provider, or undefined when LLM_PROVIDER=none. */
export type LlmConfig = Pick<
  Config,
  | 'LLM_PROVIDER'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_MAX_TOKENS'
  | 'LLM_SCHEMA_LIMITS'
  | 'OLLAMA_HOST'
  | 'OLLAMA_MODEL'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_API_KEY'
  | 'OPENAI_MODEL'
>;

export function createProvider(config: LlmConfig): LlmProvider | undefined {
  switch (config.LLM_PROVIDER) {
    case 'openai':
      return new OpenAiProvider({
        baseURL: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY ?? '',
        model: config.OPENAI_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        maxTokens: config.LLM_MAX_TOKENS,
        schemaLimits: config.LLM_SCHEMA_LIMITS,
      });
    case 'ollama':
      return new OllamaProvider({
        host: config.OLLAMA_HOST,
        model: config.OLLAMA_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        maxTokens: config.LLM_MAX_TOKENS,
        schemaLimits: config.LLM_SCHEMA_LIMITS,
      });
    default:
      return undefined;
  }
}
