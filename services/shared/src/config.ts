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
/** A URL whose scheme is one of `schemes` (e.g. postgres: and postgresql:). */
const urlOf = (...schemes: string[]) =>
  z
    .string()
    .url()
    .refine((v) => URL.canParse(v) && schemes.includes(new URL(v).protocol.replace(/:$/, '')), {
      message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
    });

export const WHISPER_MODELS = ['tiny.en', 'base.en', 'small.en', 'tiny', 'base', 'small'] as const;
export const LLM_PROVIDERS = ['none', 'ollama', 'openai'] as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log transcripts and personal data (the `pii` field); redacted by default. */
  LOG_PII: bool.default('false'),

  /** Postgres connection; when unset it is built from the POSTGRES_* parts (any password works there). */
  DATABASE_URL: urlOf('postgres', 'postgresql').optional(),
  POSTGRES_HOST: z.string().optional(),
  POSTGRES_PORT: int(5432, 1, 65535),
  POSTGRES_USER: z.string().default('booth'),
  POSTGRES_PASSWORD: z.string().optional(),
  POSTGRES_DB: z.string().default('booth'),
  REDIS_URL: urlOf('redis', 'rediss'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('booth'),

  LIVEKIT_URL: urlOf('ws', 'wss', 'http', 'https'),
  LIVEKIT_API_KEY: z.string().min(1),
  LIVEKIT_API_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)'),

  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: int(3000, 1, 65535),
  API_BODY_LIMIT: z.string().default('100kb'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
  SESSION_TTL_HOURS: int(12, 1, 24 * 30),
  /** The name or LAN address browsers use for Booth (booth.lan, 192.168.1.20); implies https:// and wss://. */
  BOOTH_HOST: z
    .string()
    .regex(/^[a-zA-Z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/, 'must be a host name or IP address')
    .optional(),
  /** The dashboard's origin as browsers see it; default https://BOOTH_HOST, else http://localhost:API_PORT. */
  PUBLIC_URL: urlOf('http', 'https').optional(),
  /** Secure cookies; default true when PUBLIC_URL is https. */
  COOKIE_SECURE: bool.optional(),
  /** Which peers' X-Forwarded-For the API believes (Express `trust proxy`): loopback, uniquelocal, CIDRs. */
  TRUST_PROXY: z.string().default('loopback'),
  /** More origins than PUBLIC_URL's that may send state-changing requests (CSRF check), comma-separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((o) => {
          const u = URL.canParse(o) ? new URL(o) : undefined;
          return (
            !!u && /^https?:$/.test(u.protocol) && u.pathname === '/' && !u.search && !u.hash && !u.username
          );
        }, 'each must be an origin: scheme, host and port, no path (http://192.168.1.20:3000)'),
      ),
    ),
  BOOTH_ADMIN_EMAIL: z.string().email().optional(),
  BOOTH_ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED_DEMO: bool.default('false'),
  /** LiveKit as browsers reach it; default wss://BOOTH_HOST (the reverse proxy), else LIVEKIT_URL. */
  PUBLIC_LIVEKIT_URL: urlOf('ws', 'wss').optional(),

  BOOTH_MODELS_DIR: z.string().default('/models'),
  MODEL_DOWNLOAD: bool.default('true'),
  SILERO_VAD_PATH: z.string().optional(),
  /** A model download lock not refreshed for this long was left by a dead process and is taken over. */
  MODEL_LOCK_STALE_MS: int(30_000, 1_000, 600_000),
  /** Download the Whisper file from here instead of the official whisper.cpp files (a mirror, a fine-tune). */
  WHISPER_MODEL_URL: urlOf('http', 'https').optional(),
  /** SHA-256 of the file at WHISPER_MODEL_URL (required with it). */
  WHISPER_MODEL_SHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits')
    .optional(),
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
  /** Touched every few seconds while the worker/transcriber can reach Redis (container healthchecks). */
  HEALTH_FILE: z.string().optional(),

  LLM_PROVIDER: z.enum(LLM_PROVIDERS).default('none'),
  LLM_TIMEOUT_MS: int(60_000, 1_000, 600_000),
  /** Cap on the model's answer; a longer one is cut, fails validation and is retried. */
  LLM_MAX_TOKENS: int(1024, 64, 32_768),
  /** Send string length limits in the output schema (llama.cpp/vLLM enforce them; OpenAI rejects them). */
  LLM_SCHEMA_LIMITS: bool.default('false'),
  OLLAMA_HOST: urlOf('http', 'https').default('http://ollama:11434'),
  OLLAMA_MODEL: z.string().default('qwen2.5:1.5b-instruct'),
  OPENAI_BASE_URL: urlOf('http', 'https').default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  WORKER_CONCURRENCY: int(2, 1, 64),
  /** Analysis/suggestion job lock, renewed every half of it: a killed worker's jobs are taken over within about this long. */
  WORKER_LOCK_MS: int(5000, 2000, 600_000),
  /** How often each worker checks for jobs whose lock expired (their worker died) and requeues them. */
  WORKER_STALLED_INTERVAL_MS: int(1000, 200, 600_000),
  /** Times a job is taken back from a dead worker before it fails as one that keeps killing its worker. */
  WORKER_MAX_STALLED_COUNT: int(5, 0, 1000),
  /** Live suggestions during a call: a light analysis every this many final segments; 0 turns them off. */
  SUGGESTIONS_EVERY_FINALS: int(3, 0, 1000),
  JOB_ATTEMPTS: int(5, 1, 50),

  /** Voice replies: `espeak` (espeak-ng, always there) or `piper` (its voice downloaded on first start). */
  ASSISTANT_TTS: z.enum(['espeak', 'piper']).default('espeak'),
  /** espeak-ng voice (`espeak-ng --voices`), e.g. en-us, en-gb, en-us+f3. */
  ASSISTANT_ESPEAK_VOICE: z
    .string()
    .regex(/^[a-zA-Z0-9_+-]{1,40}$/, 'an espeak-ng voice name such as en-us or en-us+f3')
    .default('en-us'),
  /** Speaking rate of spoken replies, words per minute. */
  ASSISTANT_SPEECH_WPM: int(175, 80, 450),
  /** Piper voice (a rhasspy/piper-voices name) and where to download it from on first start. */
  ASSISTANT_PIPER_VOICE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,80}$/)
    .default('en_US-lessac-medium'),
  ASSISTANT_PIPER_URL: urlOf('http', 'https').default(
    'https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/lessac/medium',
  ),
  /** The piper executable (PyPI `piper-tts`). */
  ASSISTANT_PIPER_BIN: z.string().default('piper'),
  /** The hands-free wake phrase; Whisper's spellings of it ("hey, Booth!", "hey boot") count too. */
  ASSISTANT_WAKE_PHRASE: z
    .string()
    .trim()
    .min(2)
    .max(40)
    .regex(/^[a-zA-Z ]+$/, 'letters and spaces')
    .default('hey booth'),
  /** After the wake phrase alone, how long the next utterance is still taken as the command. */
  ASSISTANT_WAKE_WINDOW_MS: int(6000, 500, 60_000),
  /** Outgoing email (consultation invites): smtp:// or smtps:// with user:password; unset = links are shown, not sent. */
  SMTP_URL: urlOf('smtp', 'smtps').optional(),
  SMTP_FROM: z.string().min(3).max(200).default('Booth <booth@localhost>'),

  /** Twilio account (voice webhook signatures, the admin's-phone leg); unset = phone calls are off. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC followed by 32 hex digits')
    .optional(),
  /** Signs Twilio's webhooks (X-Twilio-Signature) and authenticates Booth's REST calls. */
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  /** Twilio's REST API (a test fake points it elsewhere). */
  TWILIO_API_URL: urlOf('http', 'https').default('https://api.twilio.com'),
  /** The telephony bridge's port (Media Streams WebSocket at /twilio/media). */
  TELEPHONY_PORT: int(3100, 1, 65535),
  TELEPHONY_HOST: z.string().default('0.0.0.0'),
  /** The bridge as the API reaches it (its health decides between streaming and a plain <Dial>). */
  TELEPHONY_URL: urlOf('http', 'https').default('http://localhost:3100'),
  /** Where Twilio opens the media stream; default wss://<PUBLIC_URL's host>/twilio/media. */
  TELEPHONY_STREAM_URL: urlOf('ws', 'wss').optional(),
  /** Said to the caller before an admin answers (the recording consent notice many states require). */
  TELEPHONY_GREETING: z
    .string()
    .trim()
    .max(400)
    .default('Thanks for calling. This call is recorded and transcribed. Please hold while we connect you.'),
  /** The admin's own phone (E.164): rung when nobody answers in the dashboard, and dialled plainly when Booth is down. */
  TELEPHONY_ADMIN_PHONE: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +15551234567')
    .optional(),
  /** Ring the admin's phone after this many seconds without a dashboard answer; 0 = at once, -1 = never. */
  TELEPHONY_RING_PHONE_AFTER_S: int(20, -1, 600),
  /** Country assumed for numbers written without a country code (ISO 3166 alpha-2). */
  TELEPHONY_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as US or GB')
    .default('US'),
  /** The business's clock: the time zone invite messages state a consultation's time in (the dashboard sends its own). */
  BOOTH_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London or America/New_York')
    .default('UTC'),
  /** Twilio number (E.164) or Messaging Service SID (MG…) that sends invite SMS; unset = invites go by email only. */
  TWILIO_MESSAGING_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$|^MG[0-9a-fA-F]{32}$/, 'an E.164 number or a Messaging Service SID (MG…)')
    .optional(),

  /** Record calls, consultations and phone calls (per session it can be switched off too); false = never. */
  RECORDING_ENABLED: bool.default('true'),
  /** Consultations' video and screen share too, through LiveKit Egress (compose profile `egress`). */
  RECORDING_VIDEO: bool.default('false'),
  /** Days a recording is kept after its call; a scheduled job deletes older ones. 0 = kept until deleted. */
  RECORDING_RETENTION_DAYS: int(90, 0, 36_500),
  /** Where recordings are stored: a local directory (default) or an S3-compatible bucket. */
  RECORDING_STORAGE: z.enum(['local', 's3']).default('local'),
  /** The local recording directory (RECORDING_STORAGE=local), relative to the working directory. */
  RECORDING_DIR: z.string().min(1).default('data/recordings'),
  /** S3-compatible store (RECORDING_STORAGE=s3): endpoint (unset = AWS), region, bucket and keys. */
  S3_ENDPOINT: urlOf('http', 'https').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (http://host/bucket/key): what MinIO and most self-hosted stores need. */
  S3_FORCE_PATH_STYLE: bool.default('true'),
});

type Parsed = z.infer<typeof configSchema>;

/** The validated environment plus what follows from it (the database URL, public URLs, cookie flag). */
export type Config = Omit<Parsed, 'DATABASE_URL' | 'COOKIE_SECURE'> & {
  DATABASE_URL: string;
  /** The dashboard's origin as browsers see it (invite links, CSRF origin). */
  PUBLIC_URL: string;
  COOKIE_SECURE: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type ServiceName = 'api' | 'worker' | 'transcriber' | 'telephony' | 'cli';

/** Variables a service cannot start without, beyond what the schema itself requires. */
const REQUIRED_BY: Record<ServiceName, (keyof Parsed)[]> = {
  api: ['SESSION_SECRET'],
  worker: [],
  transcriber: [],
  telephony: [],
  cli: [],
};

/** A Postgres URL from its parts, each part percent-encoded (a password may hold `/`, `#`, `@`, `%`). */
export function databaseUrl(parts: {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}): string {
  const auth =
    encodeURIComponent(parts.user) + (parts.password ? `:${encodeURIComponent(parts.password)}` : '');
  const host = parts.host.includes(':') && !parts.host.startsWith('[') ? `[${parts.host}]` : parts.host;
  return `postgresql://${auth}@${host}:${parts.port}/${encodeURIComponent(parts.database)}`;
}

/** The variables that are set: empty strings count as unset (compose passes `${VAR:-}` as ""). */
const setVariables = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );

type DatabaseVars = Pick<
  Parsed,
  'DATABASE_URL' | 'POSTGRES_HOST' | 'POSTGRES_PORT' | 'POSTGRES_USER' | 'POSTGRES_PASSWORD' | 'POSTGRES_DB'
>;

/** DATABASE_URL, or the URL built from the POSTGRES_* parts. */
export const resolveDatabaseUrl = (cfg: DatabaseVars): string =>
  cfg.DATABASE_URL ??
  databaseUrl({
    host: cfg.POSTGRES_HOST ?? 'localhost',
    port: cfg.POSTGRES_PORT,
    user: cfg.POSTGRES_USER,
    password: cfg.POSTGRES_PASSWORD,
    database: cfg.POSTGRES_DB,
  });

/** The database URL alone from an environment (tools that need nothing else); throws {@link ConfigError}. */
export function parseDatabaseUrl(env: Record<string, string | undefined>): string {
  const cleaned = setVariables(env);
  const schema = configSchema.pick({
    DATABASE_URL: true,
    POSTGRES_HOST: true,
    POSTGRES_PORT: true,
    POSTGRES_USER: true,
    POSTGRES_PASSWORD: true,
    POSTGRES_DB: true,
  });
  const r = schema.safeParse(cleaned);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (!r.data.DATABASE_URL && !r.data.POSTGRES_HOST) {
    throw new ConfigError(['DATABASE_URL: required (or POSTGRES_HOST with POSTGRES_PASSWORD)']);
  }
  return resolveDatabaseUrl(r.data);
}

/** Problems no single variable shows: what a service needs, and what goes together. */
function crossChecks(env: Record<string, string>, service: ServiceName | undefined): string[] {
  const problems: string[] = [];
  for (const key of service ? REQUIRED_BY[service] : []) {
    if (env[key] === undefined) problems.push(`${key}: required by the ${service}`);
  }
  // The telephony bridge keeps no data of its own (each call's signed stream token says it all).
  if (service !== 'telephony' && env.DATABASE_URL === undefined && env.POSTGRES_HOST === undefined) {
    problems.push('DATABASE_URL: required (or POSTGRES_HOST with POSTGRES_PASSWORD, USER, DB and PORT)');
  }
  if (env.LLM_PROVIDER === 'openai' && !env.OPENAI_API_KEY) {
    problems.push('OPENAI_API_KEY: required when LLM_PROVIDER=openai');
  }
  if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined)) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set both or neither');
  }
  if (env.RECORDING_STORAGE === 's3') {
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (env[key] === undefined) problems.push(`${key}: required when RECORDING_STORAGE=s3`);
    }
  }
  if (env.WHISPER_MODEL_URL !== undefined && env.WHISPER_MODEL_SHA256 === undefined) {
    problems.push('WHISPER_MODEL_SHA256: required with WHISPER_MODEL_URL');
  }
  return problems;
}

/**
 * Parse an environment into a {@link Config}; throws {@link ConfigError} listing every problem at once:
 * bad or missing variables, `service`'s own requirements (the API needs SESSION_SECRET) and
 * combinations. Empty strings count as unset.
 */
export function parseConfig(env: Record<string, string | undefined>, service?: ServiceName): Config {
  const cleaned = setVariables(env);
  const result = configSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  problems.push(...crossChecks(cleaned, service));
  if (!result.success || problems.length) throw new ConfigError(problems);
  const cfg = result.data;
  const publicUrl = (
    cfg.PUBLIC_URL ?? (cfg.BOOTH_HOST ? `https://${cfg.BOOTH_HOST}` : `http://localhost:${cfg.API_PORT}`)
  ).replace(/\/+$/, '');
  return {
    ...cfg,
    DATABASE_URL: resolveDatabaseUrl(cfg),
    PUBLIC_URL: publicUrl,
    PUBLIC_LIVEKIT_URL: cfg.PUBLIC_LIVEKIT_URL ?? (cfg.BOOTH_HOST ? `wss://${cfg.BOOTH_HOST}` : undefined),
    COOKIE_SECURE: cfg.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
  };
}

let cached: Config | undefined;

/** Validate `process.env` once per process; later calls return the same object. */
export function loadConfig(service?: ServiceName): Config {
  cached ??= parseConfig(process.env, service);
  return cached;
}
