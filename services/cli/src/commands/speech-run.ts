import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { configSchema } from '@booth/shared';
import { ensureModels } from '@booth/transcriber/src/models/ensure';
import { transcribeFile, type FileTranscription } from '@booth/transcriber/src/pipeline/file-transcriber';
import { segmenterOptions, speechConfigSchema, type SpeechConfig } from '@booth/transcriber/src/settings';
import { loadSpeechModels, modelOptions } from '@booth/transcriber/src/speech';
import { analyzeTranscript, createProvider, type LlmConfig } from '@booth/worker';
import { destination, pino } from 'pino';
import { UsageError } from '../command';

/** What transcribe, analyze and models do (loaded only when one of them runs: whisper.cpp, ONNX, the worker). */
const fmt = (ms: number) => {
  const m = Math.floor(ms / 60000);
  const s = (ms % 60000) / 1000;
  return `${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
};

export type Flags = {
  json?: boolean;
  model?: string;
  'models-dir'?: string;
  prompt?: string;
  'vad-only'?: boolean;
  'call-date'?: string;
  vocabulary?: string;
};

const LLM_KEYS = {
  LLM_PROVIDER: true,
  LLM_TIMEOUT_MS: true,
  LLM_MAX_TOKENS: true,
  LLM_SCHEMA_LIMITS: true,
  OLLAMA_HOST: true,
  OLLAMA_MODEL: true,
  OPENAI_BASE_URL: true,
  OPENAI_API_KEY: true,
  OPENAI_MODEL: true,
} as const;

/** The LLM settings from the environment, validated by the same schema as the services. */
function llmSettings(): LlmConfig {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k in LLM_KEYS && v !== ''));
  const parsed = configSchema.pick(LLM_KEYS).safeParse(env);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  if (parsed.data.LLM_PROVIDER === 'openai' && !parsed.data.OPENAI_API_KEY) {
    throw new UsageError('OPENAI_API_KEY: required when LLM_PROVIDER=openai');
  }
  return parsed.data;
}

function callDate(flag: string | undefined): Date {
  if (!flag) return new Date();
  const d = new Date(`${flag}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(flag) || Number.isNaN(d.getTime())) {
    throw new UsageError('--call-date takes a date as YYYY-MM-DD');
  }
  return d;
}

function settings(flags: Flags): SpeechConfig {
  const env = { ...process.env };
  if (flags.model) env.WHISPER_MODEL = flags.model;
  if (flags['models-dir']) env.BOOTH_MODELS_DIR = flags['models-dir'];
  const parsed = speechConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => k in speechConfigSchema.shape && v !== '')),
  );
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, destination(2));

/** The one WAV file a command takes, transcribed on the live path's VAD + Whisper; `use` sees the result. */
async function withTranscript<T>(
  command: string,
  args: string[],
  flags: Flags,
  prompt: string | undefined,
  use: (r: FileTranscription, cfg: SpeechConfig, file: string) => Promise<T>,
): Promise<T> {
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError(`${command} takes one WAV file`);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const cfg = settings(flags);
  const models = await loadSpeechModels(cfg, logger);
  try {
    const r = await transcribeFile(file, {
      vad: models.vad,
      recognizer: models.recognizer,
      segmenter: segmenterOptions(cfg),
      prompt,
    });
    return await use(r, cfg, file);
  } finally {
    await models.recognizer.free();
  }
}

const printSegments = (r: FileTranscription) => {
  for (const s of r.segments) process.stdout.write(`[${fmt(s.startMs)} → ${fmt(s.endMs)}] ${s.text}\n`);
};

export const run: Record<
  'transcribe' | 'analyze' | 'models',
  (args: string[], flags: Flags) => Promise<void>
> = {
  async transcribe(args, flags) {
    await withTranscript('transcribe', args, flags, flags.prompt, async (r, cfg, file) => {
      if (flags.json) {
        const out = {
          file: basename(file),
          model: cfg.WHISPER_MODEL,
          durationMs: Math.round(r.durationMs),
          processingMs: Math.round(r.processingMs),
          rtf: +(r.processingMs / r.durationMs).toFixed(4),
          segments: r.segments,
          text: r.segments.map((s) => s.text).join(' '),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        printSegments(r);
      }
    });
  },
  async analyze(args, flags) {
    const llm = llmSettings();
    const date = callDate(flags['call-date']);
    const vocabulary = (flags.vocabulary ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const prompt = flags.prompt ?? (vocabulary.length ? vocabulary.join(', ') : undefined);
    await withTranscript('analyze', args, flags, prompt, async (r, cfg, file) => {
      const lines = r.segments.map((s) => ({
        speaker: 'speaker',
        role: 'unknown' as const,
        text: s.text,
        startMs: s.startMs,
      }));
      const { analysis, meta, modelDraft } = await analyzeTranscript(lines, {
        provider: createProvider(llm),
        callDate: date,
        knownVenues: vocabulary,
      });
      if (flags.json) {
        const out = {
          file: basename(file),
          model: cfg.WHISPER_MODEL,
          callDate: date.toISOString().slice(0, 10),
          durationMs: Math.round(r.durationMs),
          transcriptionMs: Math.round(r.processingMs),
          analysisMs: meta.latencyMs,
          provider: meta.provider,
          llmModel: meta.model,
          transcript: r.segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs, text: s.text })),
          text: r.segments.map((s) => s.text).join(' '),
          analysis,
          modelDraft: modelDraft ?? null,
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        printSegments(r);
        process.stdout.write(`\n${JSON.stringify(analysis, null, 2)}\n`);
      }
    });
  },
  async models(args, flags) {
    if (args.length) throw new UsageError('models takes no arguments');
    const cfg = settings(flags);
    const r = await ensureModels({
      // Progress and verification at LOG_LEVEL (default info).
      ...modelOptions(cfg, pino({ level: cfg.LOG_LEVEL }, destination(2))),
      vadOnly: flags['vad-only'],
    });
    process.stdout.write(`${flags['vad-only'] ? r.vadPath : `${r.whisperPath}\n${r.vadPath}`}\n`);
  },
};
