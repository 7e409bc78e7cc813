import { Prisma, type Db } from '@booth/db';
import { notFound } from '@booth/shared';
import { PAD_RECENT_CHANGES, type PadScope } from '@booth/shared/api';
import { emptyPadState, mergePadUpdate, type PadMerge } from './pad-doc';

/**
 * Shared notes pads in Postgres (shared_pads, pad_changes): a pad is created on first use, and each
 * update is merged under the pad's row lock, so two admins' concurrent updates are applied one after
 * the other, each to the state the other left (neither is lost).
 */

const padWhere = (scope: PadScope, id: string) =>
  scope === 'session' ? { sessionId: id } : { contactId: id };

const isPrismaError = (err: unknown, code: string) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === code;

/** The pad of a session or contact, created empty on first use; 404 when there is no such session or contact. */
export async function ensurePad(
  db: Db,
  scope: PadScope,
  id: string,
): Promise<{ id: string; state: Uint8Array; text: string }> {
  const where = padWhere(scope, id);
  const select = { id: true, state: true, text: true } as const;
  const found = await db.sharedPad.findUnique({ where, select });
  if (found) return found;
  const owner =
    scope === 'session'
      ? await db.session.findUnique({ where: { id }, select: { id: true } })
      : await db.contact.findUnique({ where: { id }, select: { id: true } });
  if (!owner) throw notFound(`${scope} not found`);
  try {
    return await db.sharedPad.create({ data: { ...where, state: emptyPadState() }, select });
  } catch (err) {
    // Another request created it first.
    if (isPrismaError(err, 'P2002')) return db.sharedPad.findUniqueOrThrow({ where, select });
    // The session or contact was deleted meanwhile.
    if (isPrismaError(err, 'P2003')) throw notFound(`${scope} not found`);
    throw err;
  }
}

/** The latest changes to a pad, newest first, with their authors. */
export async function recentPadChanges(db: Db, padId: string, take = PAD_RECENT_CHANGES) {
  const rows = await db.padChange.findMany({
    where: { padId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      createdAt: true,
      inserted: true,
      deleted: true,
      author: { select: { id: true, name: true } },
    },
  });
  return rows.map((c) => ({
    id: c.id,
    at: c.createdAt,
    inserted: c.inserted,
    deleted: c.deleted,
    author: c.author,
  }));
}

/** Time to wait for a connection and for the transaction (updates to one pad queue on its row lock). */
const PAD_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** What storing an update did: the merge, and the change row (none when the update changed nothing). */
export interface StoredPadUpdate extends PadMerge {
  change: { id: string; createdAt: Date } | undefined;
}

/**
 * Merges `update` into pad `padId` and records the change by `authorId`, in one transaction holding
 * the pad's row (SELECT … FOR UPDATE): concurrent updates to one pad merge one after the other.
 */
export function storePadUpdate(
  db: Db,
  padId: string,
  update: Uint8Array<ArrayBuffer>,
  authorId: string,
): Promise<StoredPadUpdate> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ state: Uint8Array }[]>`
      SELECT state FROM shared_pads WHERE id = ${padId} FOR UPDATE`;
    if (!locked) throw notFound('pad not found');
    const merge = mergePadUpdate(locked.state, update);
    if (!merge.changed) return { ...merge, change: undefined };
    await tx.sharedPad.update({ where: { id: padId }, data: { state: merge.state, text: merge.text } });
    const change = await tx.padChange.create({
      data: { padId, authorId, update, inserted: merge.inserted, deleted: merge.deleted },
      select: { id: true, createdAt: true },
    });
    return { ...merge, change };
  }, PAD_TRANSACTION);
}
