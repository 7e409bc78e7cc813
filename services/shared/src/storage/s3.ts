import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobInfo, BlobRead, BlobStorage, ByteRange } from './blob-storage';
import { checkBlobKey } from './local';

/** Where an S3-compatible bucket is and how to sign for it. */
export interface S3StorageOptions {
  /** The store's endpoint (MinIO, R2, …); undefined = AWS for `region`. */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** http://host/bucket/key rather than http://bucket.host/key. */
  forcePathStyle: boolean;
}

/** A streamed body is uploaded in parts of this size (S3's minimum is 5 MiB), a few at a time. */
const PART_SIZE = 8 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 2;

/** Whether an S3 error means "no such key" (GetObject says NoSuchKey, HeadObject only its 404). */
function isMissing(err: unknown): boolean {
  if (!(err instanceof S3ServiceException) || err.name === 'NoSuchBucket') return false;
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
}

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Backblaze B2, …) through
 * @aws-sdk/client-s3. A key is the object's key as is (`recordings/<sessionId>/call.mp3`); the bucket
 * must exist. A Buffer goes up in one PutObject, a stream as a multipart upload (no length needed).
 * Ranged reads are GetObject with `Range`, after a HeadObject that clamps the range to the object,
 * as the local backend does. With a custom endpoint, request checksums are sent only where the
 * operation requires them: several S3-compatible stores refuse the SDK's newer default ones.
 */
export class S3BlobStorage implements BlobStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(readonly options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      ...(options.endpoint
        ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
      maxAttempts: 3,
      // Bounded connects; an idle socket (a stalled store) fails the call instead of hanging it.
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
    });
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<void> {
    const Key = checkBlobKey(key);
    if (Buffer.isBuffer(body)) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.length,
        }),
      );
      return;
    }
    // S3 replaces an object only when the upload completes: a reader never sees half of one.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: UPLOAD_CONCURRENCY,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const Key = checkBlobKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<BlobRead | undefined> {
    const Key = checkBlobKey(key);
    let clamped: ByteRange | undefined;
    if (range) {
      const info = await this.stat(Key);
      if (!info) return undefined;
      if (info.size > 0) {
        const end = Math.min(range.end, info.size - 1);
        clamped = { start: Math.min(range.start, end), end };
      }
    }
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key,
          ...(clamped ? { Range: `bytes=${clamped.start}-${clamped.end}` } : {}),
        }),
      );
      const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
      const size = clamped ? totalSize(out.ContentRange) : out.ContentLength;
      return { size: size ?? 0, contentType: out.ContentType, body, range: clamped };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there: deleting twice is not an error.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkBlobKey(key) }));
  }

  async list(prefix: string): Promise<string[]> {
    if (prefix !== '') checkBlobKey(prefix.replace(/\/$/, ''));
    const keys: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      { Bucket: this.bucket, ...(prefix ? { Prefix: prefix } : {}) },
    );
    for await (const page of pages) {
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    }
    return keys.sort();
  }

  /** Closes the client's sockets (tests, shutdown). */
  close(): void {
    this.client.destroy();
  }
}

/** The object's full size from `Content-Range: bytes 0-99/1234`. */
function totalSize(contentRange: string | undefined): number | undefined {
  const m = contentRange ? /\/(\d+)$/.exec(contentRange) : null;
  return m ? Number(m[1]) : undefined;
}
