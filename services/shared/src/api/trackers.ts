import { z } from 'zod';
import { endpoint, timestamp } from './contract';
import { idParams, text } from './fields';
import { normalizePhrase } from './tracker-match';

/** A tracker's name: 1–40 characters. */
export const MAX_TRACKER_NAME = 40;
/** Phrases per tracker. */
export const MAX_TRACKER_PHRASES = 30;
/** A phrase: 1–60 characters. */
export const MAX_TRACKER_PHRASE = 60;

/** A keyword tracker: phrases counted (and highlighted) wherever a call says them. */
export const trackerSchema = z.object({
  id: z.string(),
  name: z.string(),
  phrases: z.array(z.string()),
  /** Only counted when a client says them. */
  clientOnly: z.boolean(),
  /** Admins are notified the first time a call says one. */
  notify: z.boolean(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type TrackerView = z.output<typeof trackerSchema>;

const name = text(MAX_TRACKER_NAME, { min: 1 });

/** Phrases: 1–30, each 1–60 characters with at least one letter or digit; repeats (same words) dropped. */
const phrases = z
  .array(
    text(MAX_TRACKER_PHRASE, { min: 1 })
      .transform((p) => p.replace(/\s+/g, ' '))
      .refine((p) => normalizePhrase(p).length > 0, 'a phrase needs a letter or a digit'),
  )
  .min(1, 'at least one phrase')
  .max(MAX_TRACKER_PHRASES, `at most ${MAX_TRACKER_PHRASES} phrases`)
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((p) => {
      const key = normalizePhrase(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

const trackerBody = z.object({
  name,
  phrases,
  clientOnly: z.boolean().default(false),
  notify: z.boolean().default(false),
});

const list = endpoint({
  method: 'GET',
  path: '/api/trackers',
  summary: 'Every keyword tracker, by name.',
  response: z.object({ trackers: z.array(trackerSchema) }),
});

const create = endpoint({
  method: 'POST',
  path: '/api/trackers',
  status: 201,
  summary:
    'Add a keyword tracker (409 when the name is taken). Calls scanned from now on, a call in progress included, count it.',
  body: trackerBody,
  response: trackerSchema,
});

const update = endpoint({
  method: 'PATCH',
  path: '/api/trackers/:id',
  summary: "Change a tracker's name, phrases or flags (409 when the new name is taken).",
  params: idParams,
  body: z
    .object({
      name: name.optional(),
      phrases: phrases.optional(),
      clientOnly: z.boolean().optional(),
      notify: z.boolean().optional(),
    })
    .strict(),
  response: trackerSchema,
});

const remove = endpoint({
  method: 'DELETE',
  path: '/api/trackers/:id',
  summary: 'Delete a tracker and its hits.',
  params: idParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
});

/** A tracker phrase said in a call, at its first word's start (ms since the call started). */
export const trackerHitSchema = z.object({
  trackerId: z.string(),
  segmentId: z.string(),
  phrase: z.string(),
  speakerIdentity: z.string(),
  atMs: z.number(),
});
export type TrackerHitView = z.output<typeof trackerHitSchema>;

/** How often a tracker was hit in a call. */
export const trackerCountSchema = z.object({
  trackerId: z.string(),
  name: z.string(),
  count: z.number(),
});
export type TrackerCount = z.output<typeof trackerCountSchema>;

const sessionHits = endpoint({
  method: 'GET',
  path: '/api/sessions/:id/tracker-hits',
  summary: "A call's tracker hits in order, and how many per tracker (trackers hit at least once).",
  params: idParams,
  response: z.object({
    sessionId: z.string(),
    counts: z.array(trackerCountSchema),
    hits: z.array(trackerHitSchema),
  }),
});

/** Keyword trackers (/api/trackers) and a call's hits (/api/sessions/:id/tracker-hits). */
export const trackersApi = { list, create, update, remove, sessionHits };
