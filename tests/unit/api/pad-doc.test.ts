import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HttpError } from '@booth/shared';
import { decodePadUpdate, emptyPadState, mergePadUpdate } from '../../../services/api/src/pad-doc';

/** The API's side of shared notes pads: checking an update and merging it into a stored state. */
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** What a page sends for typing `text` at `index` into its copy `doc`. */
function edit(doc: Y.Doc, change: (t: Y.Text) => void): Uint8Array {
  const sv = Y.encodeStateVector(doc);
  change(doc.getText('body'));
  return Y.encodeStateAsUpdate(doc, sv);
}

const statusOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof HttpError ? `${err.status} ${err.message}` : `thrown ${String(err)}`;
  }
  return 'ok';
};

describe('mergePadUpdate', () => {
  it('merges concurrent edits made on the same state, in either order, counting what each did', () => {
    const base = emptyPadState();
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, base);
    Y.applyUpdate(b, base);
    const ua = edit(a, (t) => t.insert(0, 'Ana wrote this. '));
    const ub = edit(b, (t) => t.insert(0, 'Ben wrote that. '));
    const ab = mergePadUpdate(mergePadUpdate(base, ua).state, ub);
    const ba = mergePadUpdate(mergePadUpdate(base, ub).state, ua);
    expect(ab.text).toBe(ba.text);
    expect(ab.text).toContain('Ana wrote this. ');
    expect(ab.text).toContain('Ben wrote that. ');
    expect(ab).toMatchObject({ changed: true, inserted: 16, deleted: 0 });

    const del = edit(a, (t) => t.delete(0, 4));
    expect(mergePadUpdate(ab.state, del)).toMatchObject({ changed: true, inserted: 0, deleted: 4 });
    // The same update again changes nothing.
    expect(mergePadUpdate(ab.state, ub)).toMatchObject({ changed: false, inserted: 0, deleted: 0 });
  });

  it('refuses updates to other types, on missing changes, and garbage', () => {
    const other = new Y.Doc();
    other.getMap('x').set('k', 1);
    expect(statusOf(() => mergePadUpdate(emptyPadState(), Y.encodeStateAsUpdate(other)))).toMatch(/^400 /);
    const ahead = new Y.Doc();
    ahead.getText('body').insert(0, 'a');
    const more = edit(ahead, (t) => t.insert(1, 'b'));
    expect(statusOf(() => mergePadUpdate(emptyPadState(), more))).toMatch(/^409 /);
    expect(statusOf(() => decodePadUpdate(b64(new TextEncoder().encode('{"text":"hi"}'))))).toMatch(/^400 /);
    expect(statusOf(() => decodePadUpdate(b64(new Uint8Array(70_000))))).toMatch(/^400 .*65536/);
    expect(statusOf(() => decodePadUpdate(b64(Y.encodeStateAsUpdate(ahead))))).toBe('ok');
  });
});
