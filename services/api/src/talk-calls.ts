import type { ApiContext } from './context';
import { analyseTalk, type CallTalk } from './talk-analytics';
import { speakerDirectory } from './talk-speakers';
import type { TrackerHitRef } from './talk-trends';

/** A call's talk analytics and the tracker hits said in it. */
export interface AnalysedCall {
  talk: CallTalk;
  hits: TrackerHitRef[];
}

/** `rows` by their `sessionId`. */
function bySession<T extends { sessionId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.sessionId);
    if (list) list.push(r);
    else out.set(r.sessionId, [r]);
  }
  return out;
}

/**
 * Loads the final segments, participants and tracker hits of the sessions `ids` (three queries
 * whatever their number) and analyses each call's talk; every id gets an entry, a call without
 * segments an empty one.
 */
export async function analyseCalls(
  ctx: ApiContext,
  ids: readonly string[],
): Promise<Map<string, AnalysedCall>> {
  const where = { sessionId: { in: [...ids] } };
  const [segments, participants, hits] = await Promise.all([
    ctx.db.transcriptSegment.findMany({
      where: { ...where, final: true },
      select: { sessionId: true, speakerIdentity: true, startMs: true, endMs: true, text: true, final: true },
    }),
    ctx.db.participant.findMany({
      where,
      select: { sessionId: true, identity: true, adminId: true, name: true, role: true },
      orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
    }),
    ctx.db.trackerHit.findMany({
      where,
      select: { sessionId: true, trackerId: true, tracker: { select: { name: true } } },
    }),
  ]);
  const [segs, parts, hitRows] = [bySession(segments), bySession(participants), bySession(hits)];
  const out = new Map<string, AnalysedCall>();
  for (const id of ids) {
    const who = speakerDirectory(parts.get(id) ?? []);
    out.set(id, {
      talk: analyseTalk(segs.get(id) ?? [], who),
      hits: (hitRows.get(id) ?? []).map((h) => ({ trackerId: h.trackerId, name: h.tracker.name })),
    });
  }
  return out;
}
