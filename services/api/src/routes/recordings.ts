import { Router } from 'express';
import type { z } from 'zod';
import type { Recording } from '@booth/db';
import {
  conflict,
  createBlobStorage,
  deleteRecordingFiles,
  errorMessage,
  notFound,
  type BlobStorage,
} from '@booth/shared';
import {
  recordingAudioUrl,
  recordingDownloadUrl,
  recordingsApi,
  type recordingViewSchema,
} from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { recordingAudioRoute, storageUnavailable } from './recording-audio';

/** A recording still `recording` or `mixing` this soon after its call ended is being finished. */
const FINISHING_MS = 10 * 60_000;

type RecordingRow = Pick<
  Recording,
  'id' | 'sessionId' | 'status' | 'mimeType' | 'bytes' | 'durationMs' | 'createdAt' | 'readyAt' | 'expiresAt'
>;

/** The one mapping of a Recording row to what the API says of it (audio URLs once it is ready). */
export function recordingView(row: RecordingRow): z.input<typeof recordingViewSchema> {
  const ready = row.status === 'ready';
  return {
    id: row.id,
    sessionId: row.sessionId,
    status: row.status,
    mimeType: row.mimeType,
    bytes: row.bytes,
    durationMs: row.durationMs,
    createdAt: row.createdAt,
    readyAt: row.readyAt,
    expiresAt: row.expiresAt,
    audioUrl: ready ? recordingAudioUrl(row.id) : null,
    downloadUrl: ready ? recordingDownloadUrl(row.id) : null,
  };
}

/**
 * A session's recording (mounted behind requireAdmin): its state, switching it on or off, deleting
 * it (files first, then the row; audited), and its audio (recording-audio.ts). Files live in
 * `storage`: by default the one RECORDING_STORAGE configures.
 */
export function recordingRoutes(
  ctx: ApiContext,
  storage: BlobStorage = createBlobStorage(ctx.config),
): Router {
  const r = Router();
  const globallyEnabled = ctx.config.RECORDING_ENABLED;

  const state = async (sessionId: string) => {
    const session = await ctx.db.session.findUnique({
      where: { id: sessionId },
      select: { id: true, recordingEnabled: true, recording: true },
    });
    if (!session) throw notFound('session not found');
    return {
      sessionId: session.id,
      recordingEnabled: globallyEnabled && session.recordingEnabled,
      globallyEnabled,
      recording: session.recording ? recordingView(session.recording) : null,
    };
  };

  serve(r, recordingsApi.get, ({ params: { id } }) => state(id));

  /** The transcriber's heartbeat reads Session.recordingEnabled, so a live call follows within seconds. */
  serve(r, recordingsApi.update, async ({ params: { id }, body: { enabled }, req }) => {
    await ctx.db.$transaction(async (tx) => {
      const before = await tx.session.findUnique({ where: { id }, select: { recordingEnabled: true } });
      if (!before) throw notFound('session not found');
      if (before.recordingEnabled === enabled) return;
      await tx.session.update({ where: { id }, data: { recordingEnabled: enabled } });
      await tx.auditEvent.create({
        data: {
          actorId: req.admin!.id,
          action: enabled ? 'recording.enabled' : 'recording.disabled',
          subjectType: 'session',
          subjectId: id,
          data: { enabled },
        },
      });
    });
    return state(id);
  });

  serve(r, recordingsApi.remove, async ({ params: { id }, req, res }) => {
    const row = await ctx.db.recording.findUnique({
      where: { sessionId: id },
      include: { session: { select: { status: true, endedAt: true } } },
    });
    if (!row) throw notFound('this session has no recording');
    if (row.session.status !== 'ended')
      throw conflict(
        'the call is still going on: switch recording off, and delete it once the call has ended',
      );
    const finishing =
      (row.status === 'recording' || row.status === 'mixing') &&
      (!row.session.endedAt || Date.now() - row.session.endedAt.getTime() < FINISHING_MS);
    if (finishing) throw conflict('the recording is still being finished; delete it once it is ready');
    try {
      await deleteRecordingFiles(storage, id, row.storageKey);
    } catch (err) {
      ctx.logger.warn({ err: errorMessage(err), requestId: req.id }, 'could not delete recording files');
      throw storageUnavailable(res);
    }
    await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.recording.deleteMany({ where: { id: row.id } });
      if (count === 0) throw notFound('this session has no recording');
      await tx.auditEvent.create({
        data: {
          actorId: req.admin!.id,
          action: 'recording.deleted',
          subjectType: 'session',
          subjectId: id,
          data: {
            recordingId: row.id,
            status: row.status,
            durationMs: row.durationMs,
            bytes: row.bytes === null ? null : Number(row.bytes),
          },
        },
      });
    });
    ctx.logger.info({ sessionId: id, recordingId: row.id }, 'recording deleted');
    return { sessionId: id, deleted: true as const };
  });

  r.get(recordingsApi.audio.path, recordingAudioRoute(ctx, storage));
  return r;
}
