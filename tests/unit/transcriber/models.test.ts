import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@booth/shared';
import { hashFile } from '@booth/transcriber/src/models/digest';
import { tarEntry } from '@booth/transcriber/src/models/download';
import { acquireLock } from '@booth/transcriber/src/models/lock';
import { readSidecar, sidecarPath, writeSidecar } from '@booth/transcriber/src/models/sidecar';
import { removeLeftoverTemps, tempPath, writeFileAtomic } from '@booth/transcriber/src/models/temp';
import { afterAll, describe, expect, it } from 'vitest';

/** The pieces of model provisioning on a real filesystem: digests, sidecars, temp files, the lock. */
const dir = mkdtempSync(join(tmpdir(), 'booth-models-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logger = createLogger('test', 'silent');
const digest = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');

describe('model files', () => {
  it('hashes a file on disk with SHA-1 and SHA-256 in one pass', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const path = join(dir, 'hash.bin');
    writeFileSync(path, data);
    expect(await hashFile(path, ['sha256', 'sha1'])).toEqual({
      sha1: digest('sha1', data),
      sha256: digest('sha256', data),
    });
    expect((await hashFile(path, ['sha256'])).sha1).toBeUndefined();
  });

  it('writes the sidecar in sha256sum format and reads it back; a malformed one is an error', async () => {
    const path = join(dir, 'ggml-x.bin');
    const data = randomBytes(1000);
    writeFileSync(path, data);
    expect(await readSidecar(path)).toBeUndefined();
    await writeSidecar(path, digest('sha256', data));
    expect(readFileSync(sidecarPath(path), 'utf8')).toBe(`${digest('sha256', data)}  ggml-x.bin\n`);
    expect(await readSidecar(path)).toBe(digest('sha256', data));
    if (spawnSync('sha256sum', ['--version']).status === 0) {
      expect(spawnSync('sha256sum', ['-c', 'ggml-x.bin.sha256'], { cwd: dir }).status).toBe(0);
    }
    writeFileSync(sidecarPath(path), 'not a digest\n');
    await expect(readSidecar(path)).rejects.toThrow(/malformed checksum sidecar/);
  });

  it('names temp files per process and removes only temp files of the target', async () => {
    const target = join(dir, 'temps', 'ggml-y.bin');
    mkdirSync(join(dir, 'temps'));
    const a = tempPath(target);
    expect(a).toMatch(new RegExp(`ggml-y\\.bin\\.${process.pid}\\.[0-9a-f]{8}\\.part$`));
    expect(tempPath(target)).not.toBe(a);
    await writeFileAtomic(target, 'model');
    for (const n of [
      'ggml-y.bin.1.0123abcd.part',
      'ggml-y.bin.sha256.2.89abcdef.part',
      'other.bin.3.01234567.part',
    ]) {
      writeFileSync(join(dir, 'temps', n), '');
    }
    const mine = tempPath(target);
    writeFileSync(mine, '');
    expect((await removeLeftoverTemps(target, mine)).sort()).toEqual([
      'ggml-y.bin.1.0123abcd.part',
      'ggml-y.bin.sha256.2.89abcdef.part',
    ]);
    expect(readdirSync(join(dir, 'temps')).sort()).toEqual(
      ['ggml-y.bin', mine.split('/').pop()!, 'other.bin.3.01234567.part'].sort(),
    );
  });

  it('finds one entry in a ustar archive (an npm package)', () => {
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'package', 'dist'), { recursive: true });
    const onnx = randomBytes(5000);
    writeFileSync(join(pkg, 'package', 'README.md'), 'readme');
    writeFileSync(join(pkg, 'package', 'dist', 'silero_vad.onnx'), onnx);
    const tar = spawnSync('tar', ['--format=ustar', '-cf', '-', '-C', pkg, 'package'], {
      maxBuffer: 1 << 24,
    });
    expect(tar.status).toBe(0);
    expect(tarEntry(tar.stdout, 'package/dist/silero_vad.onnx')?.equals(onnx)).toBe(true);
    expect(tarEntry(tar.stdout, 'package/dist/missing.onnx')).toBeUndefined();
  });
});

describe('model lock', () => {
  it('makes a second holder wait while the first keeps it fresh, however long', async () => {
    const path = join(dir, 'wait.lock');
    const opts = { staleMs: 1000, heartbeatMs: 100, pollMs: 50 };
    const first = await acquireLock(path, logger, opts);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      token: first.owner.token,
    });
    let secondAt = 0;
    const second = acquireLock(path, logger, opts).then((l) => ((secondAt = Date.now()), l));
    await sleep(2500); // longer than staleMs: only the heartbeat keeps the lock
    expect(secondAt).toBe(0);
    const releasedAt = Date.now();
    await first.release();
    const held = await second;
    expect(secondAt).toBeGreaterThanOrEqual(releasedAt);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(held.owner.token);
    await held.release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock nobody refreshes, and leaves nothing behind', async () => {
    const path = join(dir, 'stale.lock');
    writeFileSync(path, JSON.stringify({ pid: 999999, hostname: 'gone', token: 'dead', since: '' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const started = Date.now();
    const held = await acquireLock(path, logger, { staleMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(held.owner.pid).toBe(process.pid);
    await held.release();
    expect(readdirSync(dir).filter((n) => n.startsWith('stale.lock'))).toEqual([]);
  });
});
