import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Config, Logger } from '@booth/shared';
import {
  ensurePiperVoice,
  piperVoiceFiles,
  piperVoiceOptions,
  type PiperVoice,
  type PiperVoiceConfig,
} from './piper-voice';
import { TtsError, type SpeechAudio, type Synthesizer } from './tts';

/**
 * Piper (PyPI `piper-tts`, a VITS voice run by onnxruntime): natural-sounding, ~0.1–0.3 s a sentence on
 * a CPU core once its voice is loaded, which takes about as long again. Run as
 * `piper --model <voice.onnx> --config <voice.onnx.json> --output-raw`, text on stdin, raw 16-bit mono
 * PCM at the voice's sample rate on stdout.
 *
 * piper-tts 1.8.0 does read line after line from stdin and writes each line's audio, but `--output-raw`
 * marks no end of an utterance on stdout, so one process cannot tell where one sentence's audio stops
 * and the next begins. Each sentence therefore gets a process of its own and ends with its stdout. To
 * keep the voice's load time out of the reply, one process is kept WARM: spawned ahead, its voice
 * loaded, waiting on stdin; a sentence is written to it and its stdin closed, and the next one is
 * spawned when that synthesis ends. A spare whose parent dies gets EOF on stdin and exits by itself.
 */

export interface PiperOptions {
  voice: PiperVoice;
  /** The executable (ASSISTANT_PIPER_BIN). Default `piper`. */
  bin?: string;
  /** A synthesis not finished this long after its text was written is killed, ms. Default 30 000. */
  timeoutMs?: number;
  /** Longest text synthesized at once; longer text is cut, characters. Default 1000. */
  maxChars?: number;
  /** Longest audio accepted for one text, seconds (bounds the output buffer). Default 120. */
  maxSeconds?: number;
  /** Keep one process loaded and waiting for the next sentence. Default true. */
  warm?: boolean;
}

/** How one piper process ended. */
interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** A spawn error (ENOENT: no such executable). */
  error?: Error;
}

/** One piper process and what it wrote so far. */
interface PiperProcess {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  chunks: Buffer[];
  bytes: number;
  /** The last ~500 characters of stderr. */
  stderr: string;
  /** Set when stdout outgrew the bound (the process was killed). */
  overflow: boolean;
  exited: boolean;
  done: Promise<Outcome>;
}

const STDERR_TAIL = 500;

/** Refs or unrefs a process and its pipes: a waiting spare does not keep Node's event loop alive. */
function setRef(p: PiperProcess, on: boolean): void {
  const handles = [p.child, p.child.stdin, p.child.stdout, p.child.stderr] as unknown as {
    ref?: () => void;
    unref?: () => void;
  }[];
  for (const h of handles) (on ? h.ref : h.unref)?.call(h);
}

/** Piper as the assistant's voice; see the module comment for the process model. */
export class PiperSynthesizer implements Synthesizer {
  readonly name = 'piper';
  readonly voice: PiperVoice;
  private readonly opts: Required<Omit<PiperOptions, 'voice'>>;
  private spare: PiperProcess | undefined;
  private closed = false;

  constructor(opts: PiperOptions) {
    this.voice = opts.voice;
    this.opts = {
      bin: opts.bin ?? 'piper',
      timeoutMs: opts.timeoutMs ?? 30_000,
      maxChars: opts.maxChars ?? 1000,
      maxSeconds: opts.maxSeconds ?? 120,
      warm: opts.warm ?? true,
    };
    this.replenish();
  }

  /** Spawns `piper --model … --config … --output-raw` and starts collecting its output (bounded). */
  private start(): PiperProcess {
    const { bin, maxSeconds } = this.opts;
    const limit = Math.ceil(maxSeconds * this.voice.sampleRate) * 2;
    const args = ['--model', this.voice.modelPath, '--config', this.voice.configPath, '--output-raw'];
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const p: PiperProcess = {
      child,
      chunks: [],
      bytes: 0,
      stderr: '',
      overflow: false,
      exited: false,
      done: Promise.resolve({ code: null, signal: null }),
    };
    child.stdin.on('error', () => {}); // EPIPE when it died first: reported by its exit
    child.stdout.on('data', (b: Buffer) => {
      if (p.overflow) return;
      if (p.bytes + b.length > limit) {
        p.overflow = true;
        child.kill('SIGKILL');
        return;
      }
      p.chunks.push(b);
      p.bytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => (p.stderr = (p.stderr + b.toString()).slice(-STDERR_TAIL)));
    p.done = new Promise<Outcome>((resolve) => {
      child.on('error', (error) => {
        p.exited = true;
        resolve({ code: null, signal: null, error });
      });
      child.on('close', (code, signal) => {
        p.exited = true;
        resolve({ code, signal });
      });
    });
    return p;
  }

  /** The warm spare if it is still alive, else a new process. */
  private take(): PiperProcess {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && !spare.exited) {
      setRef(spare, true);
      return spare;
    }
    return this.start();
  }

  /** Spawns the next spare (after a synthesis, so it does not compete with one for the CPU). */
  private replenish(): void {
    if (!this.opts.warm || this.closed || this.spare) return;
    this.spare = this.start();
    setRef(this.spare, false);
  }

  async synthesize(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    if (this.closed) throw new TtsError('the Piper synthesizer is closed');
    if (signal?.aborted) throw new TtsError('the synthesis was aborted');
    const { bin, timeoutMs, maxChars, maxSeconds } = this.opts;
    // One line: piper would read a line break as the start of a second utterance.
    const said = text.replace(/\s+/g, ' ').trim().slice(0, maxChars);
    if (!said) return { samples: new Int16Array(0), sampleRate: this.voice.sampleRate };
    const p = this.take();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = () => p.child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    p.child.stdin.end(`${said}\n`);
    let outcome: Outcome;
    try {
      outcome = await p.done;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.replenish();
    }
    if (outcome.error) throw new TtsError(`${bin} failed: ${outcome.error.message}`);
    if (signal?.aborted) throw new TtsError(`${bin} was aborted`);
    if (timedOut) throw new TtsError(`${bin} did not finish within ${timeoutMs} ms`);
    if (p.overflow) throw new TtsError(`${bin} wrote more than ${maxSeconds} s of audio`);
    if (outcome.code !== 0) {
      throw new TtsError(`${bin} exited with ${outcome.code ?? outcome.signal}: ${p.stderr.trim()}`);
    }
    const pcm = Buffer.concat(p.chunks, p.bytes);
    const samples = new Int16Array(pcm.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
    if (!samples.length) throw new TtsError(`${bin} produced no audio: ${p.stderr.trim()}`);
    return { samples, sampleRate: this.voice.sampleRate };
  }

  /** Ends the warm spare; later syntheses fail. */
  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = undefined;
    if (!spare || spare.exited) return;
    spare.child.kill('SIGKILL');
    await spare.done;
  }
}

/** The settings {@link preparePiper} reads. */
export type PiperConfig = PiperVoiceConfig & Pick<Config, 'ASSISTANT_PIPER_BIN'>;

/** Synthesizers made ready at start, by executable and voice file. */
const ready = new Map<string, PiperSynthesizer>();
const readyKey = (cfg: Pick<Config, 'ASSISTANT_PIPER_BIN' | 'BOOTH_MODELS_DIR' | 'ASSISTANT_PIPER_VOICE'>) =>
  `${cfg.ASSISTANT_PIPER_BIN}\0${piperVoiceFiles(cfg.BOOTH_MODELS_DIR, cfg.ASSISTANT_PIPER_VOICE).model}`;

/**
 * At start (ASSISTANT_TTS=piper): ensures the voice (downloading it on first start, see
 * piper-voice.ts) and proves the executable speaks with it by synthesizing a word, which also loads
 * the first warm process. The synthesizer is then what {@link preparedPiper} (and so the TTS factory)
 * hands out. Never throws: when Piper cannot be used the reason is logged as a warning and undefined
 * is returned, and the voice agent speaks with espeak-ng.
 */
export async function preparePiper(cfg: PiperConfig, logger: Logger): Promise<PiperSynthesizer | undefined> {
  const key = readyKey(cfg);
  const known = ready.get(key);
  if (known) return known;
  const bin = cfg.ASSISTANT_PIPER_BIN;
  let synth: PiperSynthesizer | undefined;
  try {
    const started = performance.now();
    const voice = await ensurePiperVoice(piperVoiceOptions(cfg, logger));
    synth = new PiperSynthesizer({ voice, bin });
    const probe = await synth.synthesize('Ready.');
    ready.set(key, synth);
    logger.info(
      {
        voice: voice.name,
        bin,
        sampleRate: voice.sampleRate,
        probeAudioMs: Math.round((probe.samples.length / probe.sampleRate) * 1000),
        ms: Math.round(performance.now() - started),
      },
      'Piper voice ready',
    );
    return synth;
  } catch (err) {
    await synth?.close();
    logger.warn(
      { err, voice: cfg.ASSISTANT_PIPER_VOICE, bin, url: cfg.ASSISTANT_PIPER_URL },
      'Piper text-to-speech is unavailable',
    );
    return undefined;
  }
}

/** The synthesizer {@link preparePiper} made ready for these settings, if it succeeded. */
export function preparedPiper(
  cfg: Pick<Config, 'ASSISTANT_PIPER_BIN' | 'BOOTH_MODELS_DIR' | 'ASSISTANT_PIPER_VOICE'>,
): PiperSynthesizer | undefined {
  return ready.get(readyKey(cfg));
}
