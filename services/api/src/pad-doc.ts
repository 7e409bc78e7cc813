import * as Y from 'yjs';
import { HttpError, badRequest, conflict } from '@booth/shared';
import { MAX_PAD_STATE_BYTES, MAX_PAD_TEXT, MAX_PAD_UPDATE_BYTES, PAD_TEXT } from '@booth/shared/api';

/**
 * The Yjs side of shared notes pads: checking an update a page sent and merging it into a pad's
 * stored state. Yjs is a CRDT: updates merge in any order, and merging one twice changes nothing, so
 * two admins typing at once both keep their keystrokes as long as each merge starts from the latest
 * stored state (the route holds the pad's row lock for that).
 */

/** The state of a pad nobody has written in yet. */
export const emptyPadState = (): Uint8Array<ArrayBuffer> => toBytes(Y.encodeStateAsUpdate(new Y.Doc()));

/** A copy in a plain ArrayBuffer (what Prisma's Bytes columns take). */
function toBytes(u: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(u.byteLength));
  out.set(u);
  return out;
}

/**
 * The bytes of a base64 update (the contract checked its alphabet and length), or a 400 when it is
 * no Yjs update at all. Decoding parses every struct, so garbage fails here, before any lock is taken.
 */
export function decodePadUpdate(base64: string): Uint8Array<ArrayBuffer> {
  const bytes = toBytes(Buffer.from(base64, 'base64'));
  if (bytes.byteLength === 0) throw badRequest('update: must not be empty');
  if (bytes.byteLength > MAX_PAD_UPDATE_BYTES)
    throw badRequest(`update: must be at most ${MAX_PAD_UPDATE_BYTES} bytes`);
  try {
    Y.decodeUpdate(bytes);
  } catch {
    throw badRequest('update: not a Yjs update (it does not decode)');
  }
  return bytes;
}

/** What merging an update into a pad's state gave. */
export interface PadMerge {
  /** The merged state (Y.encodeStateAsUpdate). */
  state: Uint8Array<ArrayBuffer>;
  /** The pad's text after the merge. */
  text: string;
  /** Whether the update held anything the pad did not have (false for a resend). */
  changed: boolean;
  inserted: number;
  deleted: number;
}

/** Characters an insert of a Y.Text delta adds (an embed counts as one). */
const insertedLength = (insert: unknown) => (typeof insert === 'string' ? insert.length : 1);

/**
 * Merges `update` into `stored` (a pad's state). Refuses (4xx, nothing merged) an update that does
 * not apply, that writes anything but the pad's text, that builds on changes the pad does not have,
 * or that would grow the text past {@link MAX_PAD_TEXT} or the pad past {@link MAX_PAD_STATE_BYTES}.
 */
export function mergePadUpdate(stored: Uint8Array, update: Uint8Array): PadMerge {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored);
  } catch (err) {
    // The stored state is always one this module wrote: failing to read it is a bug, a 500.
    throw new Error('a stored pad state does not apply', { cause: err });
  }
  const text = doc.getText(PAD_TEXT);
  let inserted = 0;
  let deleted = 0;
  let changed = false;
  text.observe((event) => {
    for (const op of event.delta) {
      if (op.insert !== undefined) inserted += insertedLength(op.insert);
      if (op.delete !== undefined) deleted += op.delete;
    }
  });
  doc.on('update', () => {
    changed = true;
  });
  try {
    Y.applyUpdate(doc, update);
  } catch {
    throw badRequest('update: not a Yjs update this pad can apply');
  }
  const others = [...doc.share.keys()].filter((name) => name !== PAD_TEXT);
  if (others.length > 0) throw badRequest(`update: may only edit the pad's text "${PAD_TEXT}"`);
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw conflict('update: builds on changes this pad does not have; read the pad again and resend');
  }
  const body = text.toString();
  if (changed && inserted > 0 && body.length > MAX_PAD_TEXT) {
    throw new HttpError(413, `the pad's text may be at most ${MAX_PAD_TEXT} characters`);
  }
  const state = toBytes(Y.encodeStateAsUpdate(doc));
  if (changed && state.byteLength > MAX_PAD_STATE_BYTES) {
    throw new HttpError(413, `the pad is full (at most ${MAX_PAD_STATE_BYTES} bytes of history)`);
  }
  return { state, text: body, changed, inserted, deleted };
}
