import { Router } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { parse } from '../validate';
import { pageSchema } from './pagination';

const searchSchema = pageSchema.extend({ q: z.string().trim().min(1).max(200) });

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

/** Full-text search over final transcript segments (Postgres `english` configuration, GIN index). */
export function transcriptRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/search', async (req, res) => {
    const { q, limit, offset } = parse(searchSchema, req.query);
    const results = await ctx.db.$queryRaw<SearchRow[]>`
      SELECT t.id AS "segmentId", t.session_id AS "sessionId", s.room_name AS "roomName",
             t.speaker_identity AS "speakerIdentity", t.start_ms AS "startMs", t.end_ms AS "endMs",
             ts_headline('english', t.text, query, 'StartSel=<b>, StopSel=</b>, MaxFragments=2') AS snippet,
             ts_rank(to_tsvector('english', t.text), query)::float8 AS rank
      FROM transcript_segments t
      JOIN sessions s ON s.id = t.session_id,
           websearch_to_tsquery('english', ${q}) AS query
      WHERE t.final AND to_tsvector('english', t.text) @@ query
      ORDER BY rank DESC, t.created_at DESC
      LIMIT ${limit} OFFSET ${offset}`;
    res.json({ q, results, limit, offset });
  });
  return r;
}
