import type { PadChangeView } from '@booth/shared/api';
import { formatTime } from '../components/crm-format';

/** How many of the latest changes a pad lists under it. */
export const SHOWN_CHANGES = 5;

/** What a change did, in a few words: "added 12 characters, removed 3". */
export function changeSummary(c: Pick<PadChangeView, 'inserted' | 'deleted'>): string {
  const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  const parts = [
    c.inserted > 0 && `added ${chars(c.inserted)}`,
    c.deleted > 0 && `removed ${chars(c.deleted)}`,
  ];
  return parts.filter(Boolean).join(', ') || 'edited';
}

/** Changes by one author less than this apart are listed as one (each batch of keystrokes is a change). */
const RUN_MS = 60_000;

/** Consecutive changes by the same author, close in time, as one: their counts added, the latest time. */
export function changeRuns(changes: PadChangeView[]): PadChangeView[] {
  const runs: PadChangeView[] = [];
  let earliest = 0;
  for (const c of changes) {
    const last = runs.at(-1);
    const at = Date.parse(c.at);
    if (last && last.author?.id === c.author?.id && earliest - at < RUN_MS) {
      runs[runs.length - 1] = {
        ...last,
        inserted: last.inserted + c.inserted,
        deleted: last.deleted + c.deleted,
      };
    } else {
      runs.push(c);
    }
    earliest = at;
  }
  return runs;
}

/** The latest changes to a pad, newest first, with who made them (an author's run of changes as one). */
export function PadChanges({ changes, labelId }: { changes: PadChangeView[]; labelId: string }) {
  if (!changes.length) return null;
  return (
    <div className="shared-pad-changes">
      <h3 id={`${labelId}-changes`}>Recent changes</h3>
      <ul aria-labelledby={`${labelId}-changes`}>
        {changeRuns(changes)
          .slice(0, SHOWN_CHANGES)
          .map((c) => (
            <li key={c.id} data-change-id={c.id}>
              <strong>{c.author?.name ?? 'A former admin'}</strong> {changeSummary(c)}
              <span className="hint"> · {formatTime(c.at)}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
