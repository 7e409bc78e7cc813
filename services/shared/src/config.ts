import { z } from 'zod';

/**
 * Every environment variable Booth reads, in one schema. Each service calls {@link loadConfig} once at
 * boot; a bad environment fails with the full list of problems, not the first one.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
const num = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);

export const WHISPER_MODELS = ['tiny.en', 'base.en', 'small.en', 'tiny', 'base', 'small'] as const;
export const LLM_PROVIDERS = ['none', 'ollama', 'openai'] as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log transcripts and personal data (the `pii` field); redacted by default. */
  LOG_PII: bool.default('false'),

  DATABASE_URL: z.string().url().startsWith('postgres'),
  REDIS_URL: z.string().url().startsWith('redis'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('booth'),

  LIVEKIT_URL: z.string().url(),
  LIVEKIT_API_KEY: z.string().min(1),
  LIVEKIT_API_SECRET: z.string().min(6),

  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: int(3000, 1, 65535),
  API_BODY_LIMIT: z.string().default('100kb'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: int(12, 1, 24 * 30),
  COOKIE_SECURE: bool.default('false'),
  BOOTH_ADMIN_EMAIL: z.string().email().optional(),
  BOOTH_ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED_DEMO: bool.default('false'),
  PUBLIC_LIVEKIT_URL: z.string().url().optional(),

  BOOTH_MODELS_DIR: z.string().default('/models'),
  MODEL_DOWNLOAD: bool.default('true'),
  SILERO_VAD_PATH: z.string().optional(),
  WHISPER_MODEL: z.enum(WHISPER_MODELS).default('base.en'),
  WHISPER_THREADS: int(2, 1, 64),
  WHISPER_LANGUAGE: z.string().default('en'),
  /** Parallel Whisper contexts (each holds the model); 0 = cores / WHISPER_THREADS. */
  WHISPER_POOL_SIZE: int(0, 0, 64),
  /** Encoder window: 'auto' fits it to the utterance, at least ~10 s (~4x faster); 'full' = Whisper's 30 s. */
  WHISPER_AUDIO_CTX: z.enum(['auto', 'full']).default('auto'),
  VAD_THRESHOLD: num(0.5, 0.05, 0.95),
  VAD_MIN_SILENCE_MS: int(500, 50, 10_000),
  VAD_MIN_SPEECH_MS: int(250, 0, 10_000),
  VAD_PREROLL_MS: int(300, 0, 2_000),
  VAD_MAX_UTTERANCE_S: int(30, 2, 120),
  TRANSCRIBER_MAX_ROOMS: int(16, 1, 256),
  /** Interim captions (final = false) every this many ms of ongoing speech; 0 turns them off. */
  TRANSCRIBER_PARTIAL_INTERVAL_MS: int(1000, 0, 10_000),
  /** Room job lock: a crashed transcriber's rooms are taken over within about this long. */
  TRANSCRIBER_LOCK_MS: int(3000, 2000, 600_000),
  TRANSCRIBER_IDENTITY: z.string().default('booth-transcriber'),
  SHUTDOWN_TIMEOUT_MS: int(30_000, 1_000, 600_000),

  LLM_PROVIDER: z.enum(LLM_PROVIDERS).default('none'),
  LLM_TIMEOUT_MS: int(60_000, 1_000, 600_000),
  /** Cap on the model's answer; a longer one is cut, fails validation and is retried. */
  LLM_MAX_TOKENS: int(1024, 64, 32_768),
  /** Send string length limits in the output schema (llama.cpp/vLLM enforce them; OpenAI rejects them). */
  LLM_SCHEMA_LIMITS: bool.default('false'),
  OLLAMA_HOST: z.string().url().default('http://ollama:11434'),
  OLLAMA_MODEL: z.string().default('qwen2.5:1.5b-instruct'),
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  WORKER_CONCURRENCY: int(2, 1, 64),
  /** Live suggestions during a call: a light analysis every this many final segments; 0 turns them off. */
  SUGGESTIONS_EVERY_FINALS: int(3, 0, 1000),
  JOB_ATTEMPTS: int(5, 1, 50),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type ServiceName = 'api' | 'worker' | 'transcriber' | 'cli';

/** Variables a service cannot start without, beyond what the schema itself requires. */
const REQUIRED_BY: Record<ServiceName, (keyof Config)[]> = {
  api: ['SESSION_SECRET'],
  worker: [],
  transcriber: [],
  cli: [],
};

/**
 * Parse an environment into a {@link Config}; throws {@link ConfigError} listing every bad variable.
 * `service` adds that service's own required variables (e.g. the API needs SESSION_SECRET).
 */
export function parseConfig(env: Record<string, string | undefined>, service?: ServiceName): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const cfg = result.data;
  const problems: string[] = [];
  for (const key of service ? REQUIRED_BY[service] : []) {
    if (cfg[key] === undefined) problems.push(`${key}: required by the ${service}`);
  }
  if (cfg.LLM_PROVIDER === 'openai' && !cfg.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required when LLM_PROVIDER=openai');
  }
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}

let cached: Config | undefined;

/** Validate `process.env` once per process; later calls return the same object. */
export function loadConfig(service?: ServiceName): Config {
  cached ??= parseConfig(process.env, service);
  return cached;
}
