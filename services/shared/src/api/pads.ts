import { z } from 'zod';
import { endpoint, timestamp } from './contract';
import { PAD_SCOPES } from './data-topics';
import { rowId } from './fields';

/**
 * Shared notes (/api/pads): a notes pad per collaboration room (session) and per contact that several
 * admins edit at once. A pad is a Yjs document whose text is the Y.Text named {@link PAD_TEXT}; pages
 * send Yjs updates, the API merges them into the stored state (a CRDT: concurrent edits never lose
 * each other) and publishes each one on `booth.pads` (padMessageSchema) to the admins online.
 */

/** The name of the pad's Y.Text in the Yjs document. */
export const PAD_TEXT = 'body';
/** The largest update taken in one request, in bytes (before base64). */
export const MAX_PAD_UPDATE_BYTES = 64 * 1024;
/** The largest a pad's merged state may grow to, in bytes: past it, updates are refused. */
export const MAX_PAD_STATE_BYTES = 2 * 1024 * 1024;
/** The longest a pad's text may be, in characters (UTF-16 code units, as a textarea counts them). */
export const MAX_PAD_TEXT = 20_000;
/** How many of the latest changes GET returns. */
export const PAD_RECENT_CHANGES = 20;

/** The base64 length of {@link MAX_PAD_UPDATE_BYTES} bytes. */
const MAX_UPDATE_BASE64 = Math.ceil(MAX_PAD_UPDATE_BYTES / 3) * 4;

/** `:scope/:id` of a pad: whose pad it is. */
export const padParams = z.object({ scope: z.enum(PAD_SCOPES), id: rowId() });

/** A Yjs update in base64 (standard alphabet, padded), at most {@link MAX_PAD_UPDATE_BYTES} bytes. */
export const padUpdateField = () =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_UPDATE_BASE64, `must be at most ${MAX_PAD_UPDATE_BYTES} bytes`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    .refine((s) => s.length % 4 === 0, 'must be base64 (padded to a multiple of 4 characters)');

/** One stored change to a pad, newest first in lists. */
export const padChangeSchema = z.object({
  id: z.string(),
  /** The admin who made it; null once their account is gone. */
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: timestamp(),
  inserted: z.number(),
  deleted: z.number(),
});
export type PadChangeView = z.output<typeof padChangeSchema>;

/** A pad as a page opens it: the whole Yjs state, its plain text and the latest changes. */
export const padSchema = z.object({
  padId: z.string(),
  /** base64 of Y.encodeStateAsUpdate: apply it to a Y.Doc (applying it again changes nothing). */
  state: z.string(),
  text: z.string(),
  changes: z.array(padChangeSchema),
});
export type PadView = z.output<typeof padSchema>;

const get = endpoint({
  method: 'GET',
  path: '/api/pads/:scope/:id',
  summary:
    "A session's or contact's shared notes pad (created empty on first use): its Yjs state, text and latest changes.",
  params: padParams,
  response: padSchema,
});

const update = endpoint({
  method: 'POST',
  path: '/api/pads/:scope/:id/updates',
  summary:
    'Merge a Yjs update into a shared notes pad (concurrent updates never lose each other) and publish it to the admins online.',
  params: padParams,
  body: z.object({ update: padUpdateField() }),
  response: z.object({
    padId: z.string(),
    /** The stored change; null when the update held nothing the pad did not have (a resend). */
    changeId: z.string().nullable(),
    text: z.string(),
    inserted: z.number(),
    deleted: z.number(),
  }),
});

/** Shared notes pads (/api/pads). */
export const padsApi = { get, update };
