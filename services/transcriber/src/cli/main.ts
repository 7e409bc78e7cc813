import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { destination, pino } from 'pino';
import { ensureModels } from '../models/ensure';
import { transcribeFile } from '../pipeline/file-transcriber';
import { segmenterOptions, speechConfigSchema, type SpeechConfig } from '../settings';
import { loadSpeechModels } from '../speech';

/**
 * booth — command-line tools on the same speech path as live calls.
 *
 *   booth transcribe FILE.wav [--json] [--model NAME] [--models-dir DIR] [--prompt TEXT]
 *   booth models [--vad-only] [--model NAME] [--models-dir DIR]    download/check weights
 */
const USAGE = `usage:
  booth transcribe FILE.wav [--json] [--model tiny.en|base.en|...] [--models-dir DIR] [--prompt TEXT]
  booth models [--vad-only] [--model NAME] [--models-dir DIR]`;

class UsageError extends Error {}

const fmt = (ms: number) => {
  const m = Math.floor(ms / 60000);
  const s = (ms % 60000) / 1000;
  return `${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
};

type Flags = { json?: boolean; model?: string; 'models-dir'?: string; prompt?: string; 'vad-only'?: boolean };

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

const commands: Record<string, (args: string[], flags: Flags) => Promise<void>> = {
  async transcribe(args, flags) {
    const file = args[0];
    if (!file || args.length > 1) throw new UsageError('transcribe takes one WAV file');
    if (!existsSync(file)) throw new Error(`no such file: ${file}`);
    const cfg = settings(flags);
    const models = await loadSpeechModels(cfg, logger);
    try {
      const r = await transcribeFile(file, {
        vad: models.vad,
        recognizer: models.recognizer,
        segmenter: segmenterOptions(cfg),
        prompt: flags.prompt,
      });
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
        for (const s of r.segments) process.stdout.write(`[${fmt(s.startMs)} → ${fmt(s.endMs)}] ${s.text}\n`);
      }
    } finally {
      await models.recognizer.free();
    }
  },
  async models(args, flags) {
    if (args.length) throw new UsageError('models takes no arguments');
    const cfg = settings(flags);
    const r = await ensureModels({
      modelsDir: cfg.BOOTH_MODELS_DIR,
      whisperModel: cfg.WHISPER_MODEL,
      download: cfg.MODEL_DOWNLOAD,
      vadPath: cfg.SILERO_VAD_PATH,
      vadOnly: flags['vad-only'],
      logger: pino({ level: 'info' }, destination(2)),
    });
    process.stdout.write(`${flags['vad-only'] ? r.vadPath : `${r.whisperPath}\n${r.vadPath}`}\n`);
  },
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        model: { type: 'string' },
        'models-dir': { type: 'string' },
        prompt: { type: 'string' },
        'vad-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const run = command ? commands[command] : undefined;
  if (!run) {
    process.stderr.write(`${command ? `unknown command: ${command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    await run(rest, parsed.values);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
