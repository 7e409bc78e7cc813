import type { Config } from '@booth/shared';
import { OllamaProvider } from './ollama';
import { OpenAiProvider } from './openai';
import type { LlmProvider } from './provider';

export type { LlmProvider } from './provider';

/** The configured provider, or undefined when LLM_PROVIDER=none. */
export function createProvider(config: Config): LlmProvider | undefined {
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
