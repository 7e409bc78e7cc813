import type { Readable } from 'node:stream';

/** A byte range of a stored object, inclusive at both ends (HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What is stored under a key. */
export interface BlobInfo {
  size: number;
  contentType: string | undefined;
}

/** A stored object's bytes (all of them, or the requested range) and what it is. */
export interface BlobRead extends BlobInfo {
  body: Readable;
  /** The range returned; undefined when the whole object is. */
  range: ByteRange | undefined;
}

/**
 * Where recordings live: a local directory (default) or an S3-compatible bucket. Keys are relative
 * paths with `/` separators (`recordings/<sessionId>/tracks/<trackSid>.pcm`); implementations refuse
 * keys that could escape their root (`..`, absolute paths, backslashes).
 */
export interface BlobStorage {
  /** Which backend ("local" or "s3"), for logs and the health page. */
  readonly kind: 'local' | 's3';
  /** Stores `body` under `key`, replacing what was there; resolves once durable. */
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** The object (or `range` of it); undefined when no such key. A range past the end is clamped. */
  get(key: string, range?: ByteRange): Promise<BlobRead | undefined>;
  /** Size and type of the object; undefined when no such key. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Deletes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (e.g. a session's folder). */
  list(prefix: string): Promise<string[]>;
}
