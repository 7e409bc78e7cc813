import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import {
  HttpError,
  errorMessage,
  notFound,
  type BlobInfo,
  type BlobRead,
  type BlobStorage,
} from '@booth/shared';
import { idParams, recordingAudioQuerySchema } from '@booth/shared/api';
import { parseRange } from '../byte-range';
import type { ApiContext } from '../context';
import { RETRY_AFTER_S } from '../middleware/errors';
import { parse } from '../validate';

/** `Priya Sharma` → `priya-sharma`: ASCII letters and digits only, for a file name in a header. */
export function fileNamePart(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** `booth-call-2026-12-02-priya-sharma.mp3`: the call's day (UTC) and who it was with, if known. */
export function downloadFileName(day: Date, contact: string | null | undefined, extension: string): string {
  const who = contact ? fileNamePart(contact) : '';
  return `booth-call-${day.toISOString().slice(0, 10)}${who ? `-${who}` : ''}.${extension}`;
}

/** The storage could not be reached: a 503 that names it (nothing was changed in the database). */
export function storageUnavailable(res: Response): HttpError {
  res.setHeader('retry-after', String(RETRY_AFTER_S));
  return new HttpError(503, 'the recording storage is unavailable; try again shortly');
}

const EXTENSIONS: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a' };

/** Runs a storage call; its failure is a 503 naming the storage (and is logged). */
async function fromStorage<T>(
  ctx: ApiContext,
  req: Request,
  res: Response,
  op: () => Promise<T>,
): Promise<T> {
  try {
    return await op();
  } catch (err) {
    ctx.logger.warn({ err: errorMessage(err), requestId: req.id }, 'recording storage read failed');
    throw storageUnavailable(res);
  }
}

/**
 * GET (and HEAD) /api/recordings/:id/audio — a ready recording's playback file, streamed from the
 * storage (never held in memory): `Accept-Ranges: bytes`; one `Range` answers 206 with
 * `Content-Range`, an unsatisfiable one 416 with `Content-Range: bytes *\/size`, and a range the
 * server may ignore (malformed, several) the whole file (byte-range.ts). `If-Range` with another
 * validator than this file's ETag sends the whole file too. `?download=1` adds
 * `Content-Disposition: attachment` with a file name of the call's day and contact. `Cache-Control:
 * private`: the browser may keep it, shared caches may not (it is behind the login).
 */
export function recordingAudioRoute(ctx: ApiContext, storage: BlobStorage): RequestHandler {
  return async (req, res) => {
    const { id } = parse(idParams, req.params);
    const { download } = parse(recordingAudioQuerySchema, req.query);
    const row = await ctx.db.recording.findUnique({
      where: { id },
      select: {
        status: true,
        storageKey: true,
        mimeType: true,
        readyAt: true,
        createdAt: true,
        session: { select: { startedAt: true, createdAt: true, contact: { select: { name: true } } } },
      },
    });
    if (!row || row.status !== 'ready' || !row.storageKey) throw notFound('recording not found or not ready');
    const key = row.storageKey;
    const info: BlobInfo | undefined = await fromStorage(ctx, req, res, () => storage.stat(key));
    if (!info) throw notFound('the recording file is missing from the storage');

    const size = info.size;
    const etag = `"${id}-${(row.readyAt ?? row.createdAt).getTime().toString(36)}-${size}"`;
    const ifRange = req.get('if-range');
    let wanted = parseRange(req.headers.range, size);
    if (ifRange !== undefined && ifRange.trim() !== etag) wanted = { kind: 'whole' };

    res.setHeader('accept-ranges', 'bytes');
    res.setHeader('cache-control', 'private');
    res.setHeader('etag', etag);
    if (row.readyAt) res.setHeader('last-modified', row.readyAt.toUTCString());
    if (wanted.kind === 'unsatisfiable') {
      res.setHeader('content-range', `bytes */${size}`);
      res.status(416).json({ error: 'range not satisfiable' });
      return;
    }
    const range = wanted.kind === 'range' ? wanted.range : undefined;
    // Opened before any audio header is set: a failure here is still a JSON error.
    const blob: BlobRead | undefined =
      req.method === 'HEAD' ? undefined : await fromStorage(ctx, req, res, () => storage.get(key, range));
    if (!blob && req.method !== 'HEAD') throw notFound('the recording file is missing from the storage');

    const type = row.mimeType ?? info.contentType ?? 'application/octet-stream';
    res.setHeader('content-type', type);
    if (download === '1' || download === 'true') {
      const day = row.session.startedAt ?? row.session.createdAt;
      const name = downloadFileName(day, row.session.contact?.name, EXTENSIONS[type] ?? 'bin');
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
    }
    res.status(range ? 206 : 200);
    if (range) res.setHeader('content-range', `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader('content-length', String(range ? range.end - range.start + 1 : size));
    if (!blob) {
      res.end();
      return;
    }
    // The client may stop reading (a seek, a closed tab): that ends the storage stream too.
    await pipeline(blob.body, res).catch((err: unknown) => {
      if (!req.destroyed && !res.writableFinished)
        ctx.logger.warn({ err: errorMessage(err), requestId: req.id }, 'recording audio stream failed');
      res.destroy();
    });
  };
}
