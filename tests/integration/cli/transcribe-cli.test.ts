import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jfkPath } from '../../support/fixtures';
import { JFK_REFERENCE, wordErrorRate } from '../../support/livekit-client';
import { ROOT } from '../../support/processes';

/** `npm run booth -- transcribe` as a user runs it: a real process, real weights. */
const booth = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: process.env,
  });

describe('booth transcribe', () => {
  it('prints timed segments matching the reference', () => {
    const r = booth('transcribe', jfkPath());
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^\[\d\d:\d\d\.\d{3} → \d\d:\d\d\.\d{3}\] \S/);
    expect(
      wordErrorRate(JFK_REFERENCE, lines.map((l) => l.replace(/^\[[^\]]+\] /, '')).join(' ')),
    ).toBeLessThanOrEqual(0.15);
  });

  it('prints JSON with the real-time factor', () => {
    const r = booth('transcribe', jfkPath(), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      durationMs: number;
      rtf: number;
      model: string;
      text: string;
      segments: unknown[];
    };
    expect(out.durationMs).toBe(11000);
    expect(out.model).toBe(process.env.WHISPER_MODEL);
    expect(out.rtf).toBeGreaterThan(0);
    expect(wordErrorRate(JFK_REFERENCE, out.text)).toBeLessThanOrEqual(0.15);
  });

  it('answers bad usage with exit 2 and bad files with exit 1, clearly', () => {
    expect(booth().status).toBe(2);
    expect(booth('transcribe').status).toBe(2);
    const unknown = booth('dance');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command: dance/);
    const missing = booth('transcribe', '/nonexistent.wav');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
    const junk = join(tmpdir(), 'booth-not-a-wav.wav');
    writeFileSync(junk, 'this is not audio');
    const notWav = booth('transcribe', junk);
    expect(notWav.status).toBe(1);
    expect(notWav.stderr).toMatch(/not a RIFF\/WAVE file/);
    const badModel = booth('transcribe', jfkPath(), '--model', 'gigantic');
    expect(badModel.status).toBe(2);
    expect(badModel.stderr).toMatch(/WHISPER_MODEL/);
  });
});
