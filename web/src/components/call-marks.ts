/** The parts of a search snippet: the API marks each match between `<b>` and `</b>` (ts_headline). */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let hit = false;
  for (const piece of snippet.split(/(<b>|<\/b>)/)) {
    if (piece === '<b>') hit = true;
    else if (piece === '</b>') hit = false;
    else if (piece) parts.push({ text: piece, hit });
  }
  return parts;
}
