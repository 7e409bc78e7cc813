import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStorage, createBlobStorage, type BlobRead } from '@booth/shared';

/**
 * The S3 recording storage (RECORDING_STORAGE=s3) against a real S3-compatible server speaking the
 * wire protocol: moto's server, which the harness provisions from PyPI (scripts/s3/provision.sh) and
 * starts on a loopback port (BOOTH_TEST_S3_URL). Signed requests, single and multipart uploads, ranged
 * GETs, HEAD, paginated listing and deletes go through @aws-sdk/client-s3 as in production.
 */
const S3_URL = process.env.BOOTH_TEST_S3_URL;
const bucket = `booth-test-${randomBytes(4).toString('hex')}`;
const credentials = { accessKeyId: 'booth-test-key', secretAccessKey: 'booth-test-secret' };
let admin: S3Client;
let storage: S3BlobStorage;

beforeAll(async () => {
  expect(
    S3_URL,
    'BOOTH_TEST_S3_URL: the harness did not start the S3 server (scripts/s3/provision.sh)',
  ).toBeTruthy();
  admin = new S3Client({ region: 'us-east-1', endpoint: S3_URL, forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  storage = createBlobStorage({
    RECORDING_STORAGE: 's3',
    RECORDING_DIR: 'unused',
    S3_ENDPOINT: S3_URL,
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_FORCE_PATH_STYLE: true,
  }) as S3BlobStorage;
});
afterAll(() => {
  storage?.close();
  admin?.destroy();
});

const bytes = async (read: BlobRead | undefined): Promise<Buffer> => {
  expect(read).toBeDefined();
  const chunks: Buffer[] = [];
  for await (const c of read!.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

describe('S3BlobStorage', () => {
  it('is what createBlobStorage builds for RECORDING_STORAGE=s3', () => {
    expect(storage).toBeInstanceOf(S3BlobStorage);
    expect(storage.kind).toBe('s3');
  });

  it('puts a Buffer and reads it back whole, with its type and size', async () => {
    await storage.put('recordings/s1/call.mp3', Buffer.from(ALPHABET), 'audio/mpeg');
    expect(await storage.stat('recordings/s1/call.mp3')).toEqual({ size: 26, contentType: 'audio/mpeg' });
    const whole = await storage.get('recordings/s1/call.mp3');
    expect(whole!.range).toBeUndefined();
    expect(whole!.size).toBe(26);
    expect(whole!.contentType).toBe('audio/mpeg');
    expect((await bytes(whole)).toString()).toBe(ALPHABET);
    // The object is in the bucket under exactly that key.
    const raw = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: 'recordings/s1/call.mp3' }));
    expect(await raw.Body!.transformToString()).toBe(ALPHABET);
  });

  it('streams a body larger than one part up as a multipart upload', async () => {
    const big = randomBytes(9 * 1024 * 1024 + 123);
    const chunks = Array.from({ length: Math.ceil(big.length / 65_536) }, (_, i) =>
      big.subarray(i * 65_536, (i + 1) * 65_536),
    );
    await storage.put('recordings/s1/tracks/TR_big.pcm', Readable.from(chunks), 'application/octet-stream');
    expect(await storage.stat('recordings/s1/tracks/TR_big.pcm')).toEqual({
      size: big.length,
      contentType: 'application/octet-stream',
    });
    expect((await bytes(await storage.get('recordings/s1/tracks/TR_big.pcm'))).equals(big)).toBe(true);
    const slice = await storage.get('recordings/s1/tracks/TR_big.pcm', { start: 8_388_600, end: 8_388_700 });
    expect(slice!.range).toEqual({ start: 8_388_600, end: 8_388_700 });
    expect(slice!.size).toBe(big.length);
    expect((await bytes(slice)).equals(big.subarray(8_388_600, 8_388_701))).toBe(true);
  });

  it('reads byte ranges, inclusive at both ends and clamped to the object', async () => {
    const key = 'recordings/s1/call.mp3';
    const first = await storage.get(key, { start: 0, end: 4 });
    expect(first!.range).toEqual({ start: 0, end: 4 });
    expect(first!.size).toBe(26);
    expect((await bytes(first)).toString()).toBe('abcde');
    const tail = await storage.get(key, { start: 20, end: 1_000_000 });
    expect(tail!.range).toEqual({ start: 20, end: 25 });
    expect((await bytes(tail)).toString()).toBe('uvwxyz');
    const beyond = await storage.get(key, { start: 500, end: 900 });
    expect(beyond!.range).toEqual({ start: 25, end: 25 });
    expect((await bytes(beyond)).toString()).toBe('z');
  });

  it('reads an empty object whole, whatever the range', async () => {
    await storage.put('recordings/s2/empty.mp3', Buffer.alloc(0), 'audio/mpeg');
    const read = await storage.get('recordings/s2/empty.mp3', { start: 0, end: 10 });
    expect(read!.range).toBeUndefined();
    expect((await bytes(read)).length).toBe(0);
  });

  it('answers undefined for a key that is not there', async () => {
    expect(await storage.stat('recordings/none/call.mp3')).toBeUndefined();
    expect(await storage.get('recordings/none/call.mp3')).toBeUndefined();
    expect(await storage.get('recordings/none/call.mp3', { start: 0, end: 9 })).toBeUndefined();
  });

  it('lists every key under a prefix, across pages of 1000', async () => {
    const keys = Array.from(
      { length: 1_005 },
      (_, i) => `recordings/many/tracks/TR_${String(i).padStart(4, '0')}.pcm`,
    );
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((k) => storage.put(k, Buffer.from('x'), 'text/plain')));
    }
    expect(await storage.list('recordings/many/')).toEqual(keys);
    expect(await storage.list('recordings/s1/')).toEqual([
      'recordings/s1/call.mp3',
      'recordings/s1/tracks/TR_big.pcm',
    ]);
    expect(await storage.list('recordings/nobody/')).toEqual([]);
  });

  it('deletes an object, and deleting it again is not an error', async () => {
    await storage.delete('recordings/s1/tracks/TR_big.pcm');
    expect(await storage.stat('recordings/s1/tracks/TR_big.pcm')).toBeUndefined();
    await storage.delete('recordings/s1/tracks/TR_big.pcm');
    expect(await storage.list('recordings/s1/')).toEqual(['recordings/s1/call.mp3']);
  });

  it('refuses unsafe keys before any request', async () => {
    for (const key of ['../escape', '/abs/key', 'a\\b', 'recordings/../x', 'recordings/.hidden']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
      await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/invalid storage key/);
    }
    await expect(storage.list('../')).rejects.toThrow(/invalid storage key/);
  });

  it('fails (never "not found") when the bucket is missing', async () => {
    const lost = new S3BlobStorage({
      endpoint: S3_URL,
      region: 'us-east-1',
      bucket: `booth-missing-${randomBytes(4).toString('hex')}`,
      ...credentials,
      forcePathStyle: true,
    });
    try {
      await expect(lost.put('recordings/x/call.mp3', Buffer.from('x'), 'audio/mpeg')).rejects.toThrow();
      await expect(lost.list('recordings/')).rejects.toThrow();
    } finally {
      lost.close();
    }
  });
});
