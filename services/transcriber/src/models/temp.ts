import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Temp files are per process, `<target>.<pid>.<random>.part` next to the target, so processes
 * sharing a models directory (containers on one volume) never write the same file; they are renamed
 * over the target (atomic on one filesystem) only when complete.
 */
export const tempPath = (target: string) => `${target}.${process.pid}.${randomBytes(4).toString('hex')}.part`;

const isTempOf = (target: string, name: string) =>
  name.startsWith(`${basename(target)}.`) && /\.\d+\.[0-9a-f]{8}\.part$/.test(name);

/** Writes `data` to `target` through a per-process temp file; the temp file is removed on failure. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const part = tempPath(target);
  try {
    await writeFile(part, data, { flush: true });
    await rename(part, target);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/**
 * Removes temp files other processes left for `target` (and its sidecar), except `keep`. Called only
 * while holding the file's lock: a live writer holds the lock, so what is found then was left by a
 * process that died (or lost its lock by not refreshing it). Returns the names removed.
 */
export async function removeLeftoverTemps(target: string, keep?: string): Promise<string[]> {
  const dir = dirname(target);
  const names = (await readdir(dir)).filter((n) => isTempOf(target, n) && join(dir, n) !== keep);
  await Promise.all(names.map((n) => rm(join(dir, n), { force: true })));
  return names;
}
