import { spawn } from 'node:child_process';

export interface EspeakOptions {
  /** espeak-ng voice (ASSISTANT_ESPEAK_VOICE), e.g. en-us. */
  voice: string;
  /** Words per minute (ASSISTANT_SPEECH_WPM). */
  wpm: number;
  /** The executable. Default `espeak-ng`. */
  bin?: string;
  /** A synthesis taking longer is killed, ms. Default 10 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `text` spoken by espeak-ng, as the WAV file it writes (22050 Hz mono 16-bit): the text is one argument
 * after `--`, never through a shell. Rejects on a failure to start, a non-zero exit, a timeout or an
 * abort, with the end of its stderr. Used by the assistant's spoken replies and the phone greeting.
 */
export function espeakWav(text: string, opts: EspeakOptions): Promise<Buffer> {
  const bin = opts.bin ?? 'espeak-ng';
  const args = ['-v', opts.voice, '-s', String(opts.wpm), '--stdout', '--', text];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: opts.signal,
      timeout: opts.timeoutMs ?? 10_000,
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-500)));
    child.on('error', (e) => reject(new Error(`${bin} failed: ${e.message}`)));
    child.on('close', (code, sig) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${bin} exited with ${code ?? sig}: ${err.trim()}`));
    });
  });
}
