import { deliverNotifications, recordNotification, type Db } from '@booth/db';
import { errorMessage, speakerOf, type DataPublisher, type Logger } from '@booth/shared';
import {
  segmentTrackerHits,
  speakerRoleOf,
  transcriptWordSchema,
  type SpeakerRole,
  type TimedWord,
  type TrackerRule,
} from '@booth/shared/api';
import { z } from 'zod';

const wordsSchema = z.array(transcriptWordSchema);

/** A segment's `words` column as the matcher takes it (JSON the transcriber wrote: unreadable → none). */
const wordsOf = (json: unknown): TimedWord[] | null => {
  const parsed = wordsSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
};

/** "3:05": a moment of the call, for a notification's body. */
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Where a tracker was said, for a notification's title: "Priya's consultation", "a phone call with +44…". */
function whereSaid(session: {
  kind: string;
  phoneNumber: string | null;
  contact: { name: string } | null;
}): string {
  const noun = session.kind === 'consultation' ? 'consultation' : session.phoneNumber ? 'phone call' : 'call';
  if (session.contact) return `${session.contact.name}'s ${noun}`;
  if (session.phoneNumber) return `a phone call with ${session.phoneNumber}`;
  return `a ${noun}`;
}

export interface TrackerScan {
  /** Hit rows added by this scan (0 when every hit was already stored). */
  added: number;
  /** Stored hits no longer said (a final rewritten, a tracker's phrases changed) removed by this scan. */
  removed: number;
  /** The `tracker_hit` notifications of this session (stored once per tracker; maybe published already). */
  notificationIds: string[];
}

const NOTHING: TrackerScan = { added: 0, removed: 0, notificationIds: [] };
const hitKey = (h: { segmentId: string; trackerId: string; atMs: number }) =>
  `${h.segmentId}\n${h.trackerId}\n${h.atMs}`;

/**
 * Matches the keyword trackers against a session's final segments and stores each hit once (the
 * unique key (segment, tracker, atMs) makes a rescan, a redelivered job or two concurrent jobs add
 * nothing twice); hits of the scanned segments and trackers that are no longer said are removed, so
 * the stored hits are what the current trackers find. Speakers' roles come from the session's
 * participants (the identity's role when the row is missing). A tracker that notifies stores one
 * `tracker_hit` notification per session (its dedupe key), the first time the session hits it.
 * Called while the call goes on (with the live suggestion jobs) and once more when it ended (with
 * the analysis job), so every final is scanned. Assistant rooms are not scanned.
 */
export async function scanTrackers(db: Db, sessionId: string): Promise<TrackerScan> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { kind: true, phoneNumber: true, contactId: true, contact: { select: { name: true } } },
  });
  if (!session || session.kind === 'assistant') return NOTHING;
  const trackers = await db.tracker.findMany({ orderBy: { createdAt: 'asc' } });
  if (trackers.length === 0) return NOTHING;
  const [segments, participants] = await Promise.all([
    db.transcriptSegment.findMany({
      where: { sessionId, final: true },
      orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
      select: { id: true, speakerIdentity: true, text: true, startMs: true, endMs: true, words: true },
    }),
    db.participant.findMany({
      where: { sessionId },
      orderBy: { joinedAt: 'asc' },
      select: { identity: true, role: true, name: true },
    }),
  ]);
  if (segments.length === 0) return NOTHING;
  // Segments name an admin `admin-<adminId>` whichever tab spoke: participants are keyed the same way.
  const speakers = new Map<string, { role: SpeakerRole; name: string | null }>();
  for (const p of participants) {
    const key = speakerOf(p.identity);
    speakers.set(key, { role: p.role, name: p.name ?? speakers.get(key)?.name ?? null });
  }
  const roleOf = (identity: string) => speakers.get(identity)?.role ?? speakerRoleOf(identity);
  const rules: TrackerRule[] = trackers;
  const rows = segments.flatMap((s) =>
    segmentTrackerHits(
      rules,
      { text: s.text, startMs: s.startMs, endMs: s.endMs, words: wordsOf(s.words) },
      roleOf(s.speakerIdentity),
    ).map((h) => ({
      trackerId: h.trackerId,
      sessionId,
      segmentId: s.id,
      phrase: h.phrase,
      speakerIdentity: s.speakerIdentity,
      atMs: h.atMs,
    })),
  );

  // Hits of these segments and trackers that the current text and phrases no longer give.
  const wanted = new Set(rows.map(hitKey));
  const stored = await db.trackerHit.findMany({
    where: {
      sessionId,
      segmentId: { in: segments.map((s) => s.id) },
      trackerId: { in: trackers.map((t) => t.id) },
    },
    select: { id: true, segmentId: true, trackerId: true, atMs: true },
  });
  const stale = stored.filter((h) => !wanted.has(hitKey(h))).map((h) => h.id);
  const removed = stale.length ? (await db.trackerHit.deleteMany({ where: { id: { in: stale } } })).count : 0;
  const added = rows.length
    ? (await db.trackerHit.createMany({ data: rows, skipDuplicates: true })).count
    : 0;

  const notificationIds: string[] = [];
  for (const t of trackers) {
    if (!t.notify) continue;
    const first = rows
      .filter((r) => r.trackerId === t.id)
      .reduce<(typeof rows)[number] | undefined>((a, r) => (!a || r.atMs < a.atMs ? r : a), undefined);
    if (!first) continue;
    const who = speakers.get(first.speakerIdentity)?.name;
    notificationIds.push(
      await recordNotification(db, {
        type: 'tracker_hit',
        title: `${t.name} mentioned in ${whereSaid(session)}`,
        body: `“${first.phrase}” at ${clock(first.atMs)}${who ? `, said by ${who}` : ''}`,
        contactId: session.contactId,
        sessionId,
        data: { trackerId: t.id, trackerName: t.name, phrase: first.phrase, atMs: first.atMs },
        dedupeKey: `tracker-hit-${sessionId}-${t.id}`,
      }),
    );
  }
  return { added, removed, notificationIds };
}

/**
 * {@link scanTrackers}, then publishes its notifications not yet published to the admins. Never throws:
 * trackers are a side job of the suggestion and analysis jobs, whose own work must not fail with them
 * (the next scan retries what this one could not do).
 */
export async function scanTrackersAndNotify(
  db: Db,
  sessionId: string,
  publisher: Pick<DataPublisher, 'notifyAdmins'>,
  logger: Logger,
): Promise<TrackerScan | null> {
  try {
    const scan = await scanTrackers(db, sessionId);
    if (scan.added || scan.removed)
      logger.info({ sessionId, added: scan.added, removed: scan.removed }, 'tracker hits stored');
    if (scan.notificationIds.length) {
      await deliverNotifications(db, (m) => publisher.notifyAdmins(m), { ids: scan.notificationIds }).catch(
        (err: unknown) => logger.warn({ err: errorMessage(err) }, 'could not publish tracker notifications'),
      );
    }
    return scan;
  } catch (err) {
    logger.warn({ sessionId, err: errorMessage(err) }, 'tracker scan failed');
    return null;
  }
}
