/**
 * What turns a textarea's edits into Y.Text operations and back: the change between two values as
 * one splice (common prefix and suffix kept), and where a caret goes when someone else's change lands.
 */

/** One splice: at `index`, remove `remove` characters and insert `insert`. */
export interface TextSplice {
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The splice that turns `before` into `after`: everything between their common prefix and common
 * suffix (never splitting a surrogate pair, so an emoji is replaced whole). Null when they are equal.
 */
export function spliceBetween(before: string, after: string): TextSplice | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** One operation of a Y.Text change's delta (Quill's format, as Yjs gives it). */
export interface DeltaOp {
  insert?: unknown;
  retain?: number;
  delete?: number;
}

/**
 * Where position `pos` of the text before a remote change is after it: moved by what was inserted
 * before it and by what was deleted before it. Text inserted exactly at `pos` goes after the caret,
 * so two admins typing at the same spot each keep writing their own run of text.
 */
export function movePosition(pos: number, delta: readonly DeltaOp[]): number {
  let index = 0;
  let moved = pos;
  for (const op of delta) {
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index < moved) moved += length;
      index += length;
    } else if (op.delete !== undefined) {
      if (index < moved) moved -= Math.min(op.delete, moved - index);
    }
    if (index > moved) break;
  }
  return moved;
}
