import { highlightTrackers } from '@booth/shared/api';
import { Prisma } from '../generated/client';
import type { Db } from './client';

/** A final transcript segment matching a search (the API's TranscriptHit, plus the segment's text). */
export interface TranscriptSearchHit {
  segmentId: string;
  sessionId: string;
  roomName: string;
  contactName: string | null;
  speakerIdentity: string;
  speakerName: string | null;
  startMs: number;
  endMs: number;
  /** The text around the matches, each between `<b>` and `</b>` (ts_headline). */
  snippet: string;
  /** The whole segment as said. */
  text: string;
  rank: number;
  /** The moment to jump to: the first matching word's start, else the segment's. */
  atMs: number;
  /** When the call happened. */
  createdAt: Date;
}

type SearchRow = Omit<TranscriptSearchHit, 'atMs'>;
interface Word {
  text: string;
  startMs: number;
}

/**
 * Where in the call the hit is: the start of the first word (from Whisper's word timestamps) that
 * matches a search term, allowing for the stemming Postgres did ("Americans" finds "american").
 */
export function matchTime(words: readonly unknown[] | null, q: string): number | null {
  const norm = (w: string) => w.toLowerCase().replace(/[^a-z0-9']/g, '');
  const terms = q
    .split(/\s+/)
    .map(norm)
    .filter((t) => t.length >= 2);
  const stem = (w: string) => w.replace(/(ing|ed|es|s)$/, '');
  // The column is JSON the transcriber wrote: a word without a text or a time is skipped, not a 500.
  const timed = (w: unknown): w is Word =>
    typeof w === 'object' &&
    w !== null &&
    typeof (w as Word).text === 'string' &&
    Number.isFinite((w as Word).startMs);
  const hit = (words ?? []).filter(timed).find((w) => {
    const n = norm(w.text);
    return n.length > 0 && terms.some((t) => n === t || stem(n) === stem(t));
  });
  return hit ? hit.startMs : null;
}

/** A hit's columns (segment, call, contact, the speaker's name as the call knew it), both searches. */
const HIT_COLUMNS = Prisma.sql`t.id AS "segmentId", t.session_id AS "sessionId", s.room_name AS "roomName",
             c.name AS "contactName",
             t.speaker_identity AS "speakerIdentity",
             (SELECT p.name FROM participants p
               WHERE p.session_id = t.session_id AND p.name IS NOT NULL
                 AND (p.identity = t.speaker_identity OR 'admin-' || p.admin_id = t.speaker_identity)
               ORDER BY p.joined_at DESC LIMIT 1) AS "speakerName",
             t.start_ms AS "startMs", t.end_ms AS "endMs", t.text AS text, s.created_at AS "createdAt"`;

/**
 * Full-text search over final transcript segments (Postgres `english` configuration, GIN index), best
 * match first, each hit with its contact's name and the speaker's display name when the call recorded
 * them (an admin's segments are under `admin-<adminId>`, whichever of their tabs spoke). Used by the
 * search page and the assistant's `search_transcripts`.
 */
export async function searchTranscripts(
  db: Db,
  q: string,
  page: { limit: number; offset: number },
  filter: { trackerId?: string | undefined } = {},
): Promise<TranscriptSearchHit[]> {
  const { limit, offset } = page;
  const tracked = filter.trackerId
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM tracker_hits h
                   WHERE h.session_id = t.session_id AND h.tracker_id = ${filter.trackerId})`
    : Prisma.empty;
  const rows = await db.$queryRaw<(SearchRow & { words: unknown })[]>`
      SELECT ${HIT_COLUMNS},
             ts_headline('english', t.text, query, 'StartSel=<b>, StopSel=</b>, MaxFragments=2') AS snippet,
             ts_rank(to_tsvector('english', t.text), query)::float8 AS rank, t.words AS words
      FROM transcript_segments t
      JOIN sessions s ON s.id = t.session_id
      LEFT JOIN contacts c ON c.id = s.contact_id
      CROSS JOIN websearch_to_tsquery('english', ${q}) AS query
      WHERE t.final AND to_tsvector('english', t.text) @@ query ${tracked}
      ORDER BY rank DESC, t.created_at DESC
      LIMIT ${limit} OFFSET ${offset}`;
  // atMs: the moment to jump to (the matching word's start, else the segment's).
  return rows.map(({ words, ...row }) => ({
    ...row,
    atMs: matchTime(Array.isArray(words) ? words : null, q) ?? row.startMs,
  }));
}

/** `text` with the words of `phrases` between `<b>` and `</b>`, like ts_headline marks a search's. */
export function markPhrases(text: string, phrases: readonly string[]): string {
  return highlightTrackers([{ id: '', name: 'hit', phrases, clientOnly: false }], text, 'client')
    .map((p) => (p.trackers.length ? `<b>${p.text}</b>` : p.text))
    .join('');
}

/**
 * The final segments where tracker `trackerId` was hit, newest call first and in call order, each at
 * its first hit and with the tracker's phrases marked: the search page's "calls where a tracker was
 * hit" without words to search for.
 */
export async function trackerHitSegments(
  db: Db,
  trackerId: string,
  page: { limit: number; offset: number },
): Promise<TranscriptSearchHit[]> {
  const tracker = await db.tracker.findUnique({ where: { id: trackerId }, select: { phrases: true } });
  if (!tracker) return [];
  const rows = await db.$queryRaw<(Omit<TranscriptSearchHit, 'snippet'> & { atMs: number })[]>`
      SELECT ${HIT_COLUMNS},
             1::float8 AS rank, h."atMs" AS "atMs"
      FROM (SELECT segment_id, MIN(at_ms) AS "atMs" FROM tracker_hits
             WHERE tracker_id = ${trackerId} GROUP BY segment_id) h
      JOIN transcript_segments t ON t.id = h.segment_id
      JOIN sessions s ON s.id = t.session_id
      LEFT JOIN contacts c ON c.id = s.contact_id
      WHERE t.final
      ORDER BY s.created_at DESC, t.start_ms ASC, t.id ASC
      LIMIT ${page.limit} OFFSET ${page.offset}`;
  return rows.map((row) => ({ ...row, snippet: markPhrases(row.text, tracker.phrases) }));
}
