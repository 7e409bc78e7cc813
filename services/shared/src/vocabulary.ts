/** A custom-vocabulary term as stored and prompted: inner whitespace collapsed, ends trimmed. */
export const normalizeTerm = (term: string): string => term.replace(/\s+/g, ' ').trim();

/**
 * Terms normalized, empty ones dropped and case-insensitive duplicates removed (the first spelling
 * wins), in their order. Used by the API when the list is saved and by the transcriber when it builds
 * Whisper's prompt from it.
 */
export function uniqueTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of terms) {
    const term = normalizeTerm(raw);
    const key = term.toLowerCase();
    if (!term || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}
