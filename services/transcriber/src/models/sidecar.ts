import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeFileAtomic } from './temp';

/**
 * The checksum sidecar next to a model: `<file>.sha256`, one line in `sha256sum` format
 * (`<64 hex>  <file name>`), so `cd $BOOTH_MODELS_DIR && sha256sum -c ggml-base.en.bin.sha256` checks
 * it by hand. Written only after the file itself was hashed on disk and found good (or trusted on
 * first use); read at every start to verify the file has not changed since.
 */
export const sidecarPath = (file: string) => `${file}.sha256`;

export const sidecarLine = (file: string, sha256: string) => `${sha256}  ${basename(file)}\n`;

/** The SHA-256 the sidecar records, undefined when there is no sidecar; throws on a malformed one. */
export async function readSidecar(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(sidecarPath(file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const m = /^([0-9a-fA-F]{64})\s/.exec(text);
  if (!m?.[1]) {
    throw new Error(
      `malformed checksum sidecar ${sidecarPath(file)}: expected "<sha256 hex>  ${basename(file)}"; ` +
        'delete it to trust the file again, or fix it',
    );
  }
  return m[1].toLowerCase();
}

/** Writes the sidecar atomically (a per-process temp file renamed over it). */
export async function writeSidecar(file: string, sha256: string): Promise<void> {
  await writeFileAtomic(sidecarPath(file), sidecarLine(file, sha256));
}
