import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { movePosition, spliceBetween } from '../../../web/src/pads/text-diff';

/** The shared notes pad's textarea binding: edits as splices, carets moved by others' changes. */
const applied = (before: string, after: string) => {
  const doc = new Y.Doc();
  const text = doc.getText('body');
  text.insert(0, before);
  const s = spliceBetween(before, after);
  if (s) {
    doc.transact(() => {
      text.delete(s.index, s.remove);
      text.insert(s.index, s.insert);
    });
  }
  return text.toString();
};

describe('spliceBetween', () => {
  it('is the change between the common prefix and suffix', () => {
    expect(spliceBetween('hello world', 'hello brave world')).toEqual({
      index: 6,
      remove: 0,
      insert: 'brave ',
    });
    expect(spliceBetween('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
    expect(spliceBetween('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
    expect(spliceBetween('same', 'same')).toBeNull();
  });

  it('turns any value into any other, never splitting an emoji', () => {
    const values = ['', 'a', 'ab', 'abc', '🎧', 'a🎧b', 'a🎶b', '🎧🎶', 'x\ny', 'DJ 🎧 set', 'DJ 🎶 set'];
    for (const before of values) for (const after of values) expect(applied(before, after)).toBe(after);
    const s = spliceBetween('a🎧b', 'a🎶b')!;
    expect(s.insert).toBe('🎶');
    expect(s.remove).toBe(2);
  });
});

describe('movePosition', () => {
  it('moves a caret by what was inserted or deleted before it, not after', () => {
    expect(movePosition(5, [{ insert: 'abc' }])).toBe(8);
    expect(movePosition(5, [{ retain: 5 }, { insert: 'abc' }])).toBe(5);
    expect(movePosition(5, [{ retain: 7 }, { insert: 'abc' }])).toBe(5);
    expect(movePosition(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(movePosition(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
    expect(movePosition(5, [{ retain: 2 }, { delete: 1 }, { insert: 'xyz' }])).toBe(7);
  });

  it('follows a real Yjs change', () => {
    const a = new Y.Doc();
    a.getText('body').insert(0, 'Venue: Oak Barn. Guests: 120.');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const caret = 'Venue: Oak Barn. Guests: '.length;
    let moved = -1;
    b.getText('body').observe((e) => (moved = movePosition(caret, e.delta)));
    a.getText('body').insert(0, 'Wedding. ');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    expect(b.getText('body').toString().slice(moved)).toBe('120.');
  });
});
