import { z } from 'zod';
import { endpoint, pageQuery } from './contract';
import { rowId, text } from './fields';

/** One final transcript segment matching a search. */
export const transcriptHitSchema = z.object({
  segmentId: z.string(),
  sessionId: z.string(),
  roomName: z.string(),
  /** Who the call was with, when it is linked to a contact. */
  contactName: z.string().nullable(),
  speakerIdentity: z.string(),
  /** The speaker's display name when the call recorded one for them. */
  speakerName: z.string().nullable(),
  startMs: z.number(),
  endMs: z.number(),
  /**
   * The segment's text around the matches, each match between `<b>` and `</b>` (Postgres
   * ts_headline). Everything else is the transcript as said: text, never markup.
   */
  snippet: z.string(),
  rank: z.number(),
  /** The moment to jump to: the first matching word's start, else the segment's. */
  atMs: z.number(),
});
export type TranscriptHit = z.output<typeof transcriptHitSchema>;

const transcripts = endpoint({
  method: 'GET',
  path: '/api/transcripts/search',
  summary:
    'Full-text search over final transcript segments, best match first; `trackerId` keeps calls where that tracker was hit (alone: the segments that hit it, newest call first).',
  query: pageQuery
    .extend({
      q: text(200, { min: 1 }).optional(),
      /** Only calls where this keyword tracker was hit. */
      trackerId: rowId().optional(),
    })
    .refine((v) => v.q !== undefined || v.trackerId !== undefined, {
      message: 'give q (words to find) or trackerId',
      path: ['q'],
    }),
  response: z.object({
    /** The words searched for ("" when only a tracker was given). */
    q: z.string(),
    trackerId: z.string().nullable(),
    results: z.array(transcriptHitSchema),
    limit: z.number(),
    offset: z.number(),
  }),
});

/** Transcript search (/api/transcripts). */
export const searchApi = { transcripts };
