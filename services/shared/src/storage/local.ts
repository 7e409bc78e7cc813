import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobInfo, BlobRead, BlobStorage, ByteRange } from './blob-storage';

/** A key is a relative path of safe segments: no `..`, no empty or hidden-dot segments, no backslash. */
export function checkBlobKey(key: string): string {
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    !key.includes('\\') &&
    !key.startsWith('/') &&
    key.split('/').every((seg) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(seg));
  if (!ok) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  return key;
}

/** Content types are kept beside each object, in `<file>.type`. */
const TYPE_SUFFIX = '.type';

/**
 * Objects as files under `root` (the compose volume, or BOOTH_DATA_DIR/recordings). Writes go to a
 * temporary file renamed into place, so a reader never sees half an object.
 */
export class LocalBlobStorage implements BlobStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    const p = resolve(this.root, checkBlobKey(key));
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
    return p;
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      if (Buffer.isBuffer(body)) await writeFile(tmp, body);
      else await pipeline(body, createWriteStream(tmp));
      await writeFile(path + TYPE_SUFFIX, contentType);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const path = this.path(key);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    const contentType = await readFile(path + TYPE_SUFFIX, 'utf8').catch(() => undefined);
    return { size: st.size, contentType };
  }

  async get(key: string, range?: ByteRange): Promise<BlobRead | undefined> {
    const info = await this.stat(key);
    if (!info) return undefined;
    if (!range || info.size === 0)
      return { ...info, body: createReadStream(this.path(key)), range: undefined };
    const end = Math.min(range.end, info.size - 1);
    const start = Math.min(range.start, end);
    return { ...info, body: createReadStream(this.path(key), { start, end }), range: { start, end } };
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    await rm(path, { force: true });
    await rm(path + TYPE_SUFFIX, { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const k = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(join(dir, e.name), k);
        else if (!e.name.endsWith(TYPE_SUFFIX) && !e.name.endsWith('.tmp') && k.startsWith(prefix))
          keys.push(k);
      }
    };
    await walk(this.root, '');
    return keys.sort();
  }
}
