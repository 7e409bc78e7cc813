import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestAlgorithm = 'sha1' | 'sha256';

/** A digest the file must have: the algorithm and the lower-case hex. */
export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/**
 * Hashes the file at `path` as it is on disk, in one read, with every algorithm asked for (SHA-256
 * for the sidecar and SHA-1 for whisper.cpp's published digests cost one pass, not two).
 */
export async function hashFile(
  path: string,
  algorithms: readonly DigestAlgorithm[],
): Promise<Record<DigestAlgorithm, string | undefined>> {
  const hashes = [...new Set(algorithms)].map((a) => [a, createHash(a)] as const);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (const [, h] of hashes) h.update(chunk);
  }
  const out: Record<DigestAlgorithm, string | undefined> = { sha1: undefined, sha256: undefined };
  for (const [a, h] of hashes) out[a] = h.digest('hex');
  return out;
}

/** `sha256 1a15…` for messages. */
export const showDigest = (d: Digest) => `${d.algorithm} ${d.hex}`;
