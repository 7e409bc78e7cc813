import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Logger } from '@booth/shared';

/** Streams `url` to `dest` (via `dest.part`, renamed when complete), logging progress every ~5 %. */
export async function downloadFile(
  url: string,
  dest: string,
  expected: { algorithm: 'sha1' | 'sha256'; digest: string },
  log: Logger,
): Promise<void> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`download failed: ${url} → HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const hash = createHash(expected.algorithm);
  const part = `${dest}.part`;
  const out = createWriteStream(part);
  let received = 0;
  let nextReport = 5;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      const pct = total ? Math.floor((received / total) * 100) : 0;
      if (total && pct >= nextReport) {
        log.info({ url, percent: pct, receivedMb: +(received / 1e6).toFixed(1) }, 'downloading model');
        nextReport = pct + 5;
      }
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    const digest = hash.digest('hex');
    if (digest !== expected.digest) {
      throw new Error(
        `checksum mismatch for ${url}: ${expected.algorithm} ${digest}, expected ${expected.digest}`,
      );
    }
    await rename(part, dest);
  } catch (err) {
    out.destroy();
    await rm(part, { force: true });
    throw err;
  }
}

/** Returns one file from a gzipped tarball (ustar), e.g. an npm package. */
export async function extractFromTarball(url: string, entry: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download failed: ${url} → HTTP ${res.status}`);
  const tar = gunzipSync(Buffer.from(await res.arrayBuffer()));
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const cstr = (b: Buffer) => b.toString('utf8', 0, b.indexOf(0) === -1 ? b.length : b.indexOf(0));
    const name = cstr(header.subarray(0, 100));
    const prefix = cstr(header.subarray(345, 500));
    const size = parseInt(cstr(header.subarray(124, 136)).trim() || '0', 8);
    const full = prefix ? `${prefix}/${name}` : name;
    if (full === entry) return Buffer.from(tar.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${entry} not found in ${url}`);
}
