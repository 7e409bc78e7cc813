import { Router, type Request } from 'express';
import { errorMessage } from '@booth/shared';
import { DATA_TOPICS, NOTIFICATIONS_ROOM, padsApi, type PadMessage } from '@booth/shared/api';
import type { ApiContext, AdminPrincipal } from '../context';
import { serve } from '../endpoint';
import { publisherOf } from '../notify';
import { decodePadUpdate } from '../pad-doc';
import { ensurePad, recentPadChanges, storePadUpdate } from '../pad-store';

/**
 * The largest update published as is on `booth.pads` (base64 characters): LiveKit's data messages
 * are small, so a bigger one goes out as a bare "changed" and the pages read the pad again.
 */
const MAX_PUBLISHED_UPDATE = 12_000;

function adminOf(req: Request): AdminPrincipal {
  if (!req.admin) throw new Error('pad routes are mounted behind requireAdmin');
  return req.admin;
}

/**
 * Shared notes pads (behind requireAdmin): GET /api/pads/:scope/:id opens a session's or contact's
 * pad (its Yjs state, text and latest changes; created on first use), POST …/updates merges a page's
 * Yjs update into it (pad-store.ts: under the pad's row lock) and publishes it to the admins online
 * in the background: the request does not wait on LiveKit, and a page that missed it catches up with
 * GET, which returns the whole state (applying what a page already has changes nothing).
 */
export function padRoutes(ctx: ApiContext): Router {
  const r = Router();

  serve(r, padsApi.get, async ({ params: { scope, id } }) => {
    const pad = await ensurePad(ctx.db, scope, id);
    return {
      padId: pad.id,
      state: Buffer.from(pad.state).toString('base64'),
      text: pad.text,
      changes: await recentPadChanges(ctx.db, pad.id),
    };
  });

  serve(r, padsApi.update, async ({ params: { scope, id }, body, req }) => {
    const admin = adminOf(req);
    // Garbage is a 400 before the pad is even looked up.
    const update = decodePadUpdate(body.update);
    const pad = await ensurePad(ctx.db, scope, id);
    const stored = await storePadUpdate(ctx.db, pad.id, update, admin.id);
    if (stored.change) {
      const message: PadMessage = {
        scope,
        id,
        update: body.update.length <= MAX_PUBLISHED_UPDATE ? body.update : null,
        author: { id: admin.id, name: admin.name },
        changeId: stored.change.id,
        inserted: stored.inserted,
        deleted: stored.deleted,
        at: stored.change.createdAt.toISOString(),
      };
      void publisherOf(ctx)
        .send(NOTIFICATIONS_ROOM, DATA_TOPICS.pads, message)
        .catch((err: unknown) =>
          ctx.logger.warn({ err: errorMessage(err) }, 'could not publish a pad change'),
        );
    }
    return {
      padId: pad.id,
      changeId: stored.change?.id ?? null,
      text: stored.text,
      inserted: stored.inserted,
      deleted: stored.deleted,
    };
  });

  return r;
}
