import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBlobStorage, checkBlobKey, createBlobStorage, type BlobRead } from '@booth/shared';

/**
 * The local recording storage (RECORDING_STORAGE=local): objects as files under one directory, written
 * whole or not at all, read whole or by byte range (clamped to the object), listed by prefix, and no
 * key that could reach outside the directory.
 */
const root = mkdtempSync(join(tmpdir(), 'booth-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const storage = new LocalBlobStorage(root);

const text = async (read: BlobRead | undefined): Promise<string> => {
  expect(read).toBeDefined();
  const chunks: Buffer[] = [];
  for await (const c of read!.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1');
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

describe('LocalBlobStorage', () => {
  it('stores a Buffer and a stream, and reads them back with their type and size', async () => {
    await storage.put('recordings/s1/call.mp3', Buffer.from(ALPHABET), 'audio/mpeg');
    await storage.put(
      'recordings/s1/tracks/TR_a.pcm',
      Readable.from([Buffer.from('one '), Buffer.from('two')]),
      'application/octet-stream',
    );
    expect(await storage.stat('recordings/s1/call.mp3')).toEqual({ size: 26, contentType: 'audio/mpeg' });
    const whole = await storage.get('recordings/s1/call.mp3');
    expect(whole!.range).toBeUndefined();
    expect(whole!.size).toBe(26);
    expect(await text(whole)).toBe(ALPHABET);
    expect(await text(await storage.get('recordings/s1/tracks/TR_a.pcm'))).toBe('one two');
  });

  it('replaces an object and leaves no temporary files', async () => {
    await storage.put('recordings/s1/call.mp3', Buffer.from(ALPHABET.toUpperCase()), 'audio/mpeg');
    expect(await text(await storage.get('recordings/s1/call.mp3'))).toBe(ALPHABET.toUpperCase());
    await storage.put('recordings/s1/call.mp3', Buffer.from(ALPHABET), 'audio/mpeg');
    expect(readdirSync(join(root, 'recordings', 's1')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads a byte range, inclusive at both ends', async () => {
    const first = await storage.get('recordings/s1/call.mp3', { start: 0, end: 4 });
    expect(first!.range).toEqual({ start: 0, end: 4 });
    expect(first!.size).toBe(26);
    expect(await text(first)).toBe('abcde');
    const middle = await storage.get('recordings/s1/call.mp3', { start: 10, end: 10 });
    expect(await text(middle)).toBe('k');
    const last = await storage.get('recordings/s1/call.mp3', { start: 25, end: 25 });
    expect(await text(last)).toBe('z');
  });

  it('clamps a range that runs past the end to the object', async () => {
    const tail = await storage.get('recordings/s1/call.mp3', { start: 20, end: 1_000_000 });
    expect(tail!.range).toEqual({ start: 20, end: 25 });
    expect(await text(tail)).toBe('uvwxyz');
    const beyond = await storage.get('recordings/s1/call.mp3', { start: 500, end: 900 });
    expect(beyond!.range).toEqual({ start: 25, end: 25 });
    expect(await text(beyond)).toBe('z');
  });

  it('reads an empty object whole, whatever the range', async () => {
    await storage.put('recordings/s2/empty.mp3', Buffer.alloc(0), 'audio/mpeg');
    const read = await storage.get('recordings/s2/empty.mp3', { start: 0, end: 99 });
    expect(read!.range).toBeUndefined();
    expect(read!.size).toBe(0);
    expect(await text(read)).toBe('');
  });

  it('answers undefined for a key that is not there', async () => {
    expect(await storage.stat('recordings/none/call.mp3')).toBeUndefined();
    expect(await storage.get('recordings/none/call.mp3')).toBeUndefined();
    expect(await storage.get('recordings/none/call.mp3', { start: 0, end: 1 })).toBeUndefined();
    // A directory is not an object.
    expect(await storage.stat('recordings/s1')).toBeUndefined();
  });

  it('lists every key under a prefix, sorted, without its type files', async () => {
    await storage.put('recordings/s10/call.mp3', Buffer.from('x'), 'audio/mpeg');
    expect(await storage.list('recordings/s1/')).toEqual([
      'recordings/s1/call.mp3',
      'recordings/s1/tracks/TR_a.pcm',
    ]);
    expect(await storage.list('recordings/s1')).toContain('recordings/s10/call.mp3');
    expect(await storage.list('recordings/nobody/')).toEqual([]);
    expect((await storage.list('')).length).toBe(4);
  });

  it('deletes an object (and its type), and deleting it again is not an error', async () => {
    await storage.delete('recordings/s1/tracks/TR_a.pcm');
    expect(await storage.stat('recordings/s1/tracks/TR_a.pcm')).toBeUndefined();
    expect(readdirSync(join(root, 'recordings', 's1', 'tracks'))).toEqual([]);
    await storage.delete('recordings/s1/tracks/TR_a.pcm');
    await storage.delete('recordings/never/was.mp3');
    expect(await storage.list('recordings/s1/')).toEqual(['recordings/s1/call.mp3']);
  });

  it('refuses keys that could leave its directory or hide files', async () => {
    const bad = [
      '',
      '../escape.mp3',
      'recordings/../../etc/passwd',
      '/etc/passwd',
      'recordings\\s1\\call.mp3',
      'recordings//call.mp3',
      'recordings/s1/',
      'recordings/.hidden',
      'recordings/./call.mp3',
      'recordings/s1/call mp3',
      'recordings/s1/call\0.mp3',
      'a'.repeat(513),
    ];
    for (const key of bad) {
      expect(() => checkBlobKey(key), JSON.stringify(key)).toThrow(/invalid storage key/);
      await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(
        /invalid storage key/,
      );
      await expect(storage.get(key), key).rejects.toThrow(/invalid storage key/);
      await expect(storage.stat(key), key).rejects.toThrow(/invalid storage key/);
      await expect(storage.delete(key), key).rejects.toThrow(/invalid storage key/);
    }
    expect(checkBlobKey('recordings/cm1abc/tracks/TR_AMx-1.pcm')).toBe(
      'recordings/cm1abc/tracks/TR_AMx-1.pcm',
    );
  });

  it('is what createBlobStorage builds for RECORDING_STORAGE=local', () => {
    const made = createBlobStorage({
      RECORDING_STORAGE: 'local',
      RECORDING_DIR: root,
      S3_ENDPOINT: undefined,
      S3_REGION: 'us-east-1',
      S3_BUCKET: undefined,
      S3_ACCESS_KEY_ID: undefined,
      S3_SECRET_ACCESS_KEY: undefined,
      S3_FORCE_PATH_STYLE: true,
    });
    expect(made.kind).toBe('local');
    expect(made).toBeInstanceOf(LocalBlobStorage);
  });
});
