import { Router } from 'express';
import type { ApiContext } from '../context';
import { text } from '@booth/shared/api';
import { parse } from '../validate';
import { pageSchema } from './pagination';

const searchSchema = pageSchema.extend({ q: text(200, { min: 1 }) });

interface SearchRow {
  segmentId: string;
  sessionId: string;
  roomName: string;
  speakerIdentity: string;
  startMs: number;
  endMs: number;
  snippet: string;
  rank: number;
}

interface Word {
  text: string;
  startMs: number;
}

/**
 * Where in the call the hit is: the start of the first word (from Whisper's word timestamps) that
 * matches a search term, allowing for the stemming Postgres did ("Americans" finds "american").
 */
export function matchTime(words: Word[] | null, q: string): number | null {
  const norm = (w: string) => w.toLowerCase().replace(/[^a-z0-9']/g, '');
  const terms = q
    .split(/\s+/)
    .map(norm)
    .filter((t) => t.length >= 2);
  const stem = (w: string) => w.replace(/(ing|ed|es|s)$/, '');
  const hit = (words ?? []).find((w) => {
    const n = norm(w.text);
    return n.length > 0 && terms.some((t) => n === t || stem(n) === stem(t));
  });
  return hit ? hit.startMs : null;
}

/** Full-text search over final transcript segments (Postgres `english` configuration, GIN index). */
export function transcriptRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/search', async (req, res) => {
    const { q, limit, offset } = parse(searchSchema, req.query);
    const rows = await ctx.db.$queryRaw<(SearchRow & { words: Word[] | null })[]>`
      SELECT t.id AS "segmentId", t.session_id AS "sessionId", s.room_name AS "roomName",
             t.speaker_identity AS "speakerIdentity", t.start_ms AS "startMs", t.end_ms AS "endMs",
             ts_headline('english', t.text, query, 'StartSel=<b>, StopSel=</b>, MaxFragments=2') AS snippet,
             ts_rank(to_tsvector('english', t.text), query)::float8 AS rank, t.words AS words
      FROM transcript_segments t
      JOIN sessions s ON s.id = t.session_id,
           websearch_to_tsquery('english', ${q}) AS query
      WHERE t.final AND to_tsvector('english', t.text) @@ query
      ORDER BY rank DESC, t.created_at DESC
      LIMIT ${limit} OFFSET ${offset}`;
    // atMs: the moment to jump to (the matching word's start, else the segment's).
    const results = rows.map(({ words, ...row }) => ({ ...row, atMs: matchTime(words, q) ?? row.startMs }));
    res.json({ q, results, limit, offset });
  });
  return r;
}
