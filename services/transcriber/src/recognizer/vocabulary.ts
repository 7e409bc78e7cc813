import { uniqueTerms } from '@booth/shared';

/** Whisper reads at most 224 prompt tokens; ~4 characters a token leaves room for the decoder. */
const MAX_PROMPT_CHARS = 600;

/**
 * Whisper's initial prompt from the business vocabulary: a comma-separated glossary in the spelling
 * we want ("Riverside Mansion, Gold Package"). Whisper treats it as preceding text, so the names are
 * more likely to come out spelled that way. Terms that do not fit the prompt budget are left out, in
 * order; empty and duplicate terms are skipped. Undefined when there is nothing to prompt with.
 */
export function vocabularyPrompt(terms: readonly string[]): string | undefined {
  const kept: string[] = [];
  let length = 0;
  for (const term of uniqueTerms(terms)) {
    if (length + term.length + 2 > MAX_PROMPT_CHARS) break;
    kept.push(term);
    length += term.length + 2;
  }
  return kept.length ? `${kept.join(', ')}.` : undefined;
}
