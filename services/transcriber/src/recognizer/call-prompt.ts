import { uniqueTerms } from '@booth/shared';
import { vocabularyPrompt } from './vocabulary';

/** Who a call is with, as the CRM knows them. */
export interface CallContact {
  name: string;
  venue?: string | null;
}

export interface CallPromptInput {
  /** The business vocabulary, in its order (what `vocabularyPrompt` alone would prompt with). */
  vocabulary: readonly string[];
  /** The call's contact, when the session has one. */
  contact?: CallContact | null;
  /** Other venues in the CRM, most relevant first (bounded by the caller). */
  venues?: readonly string[];
  /**
   * Where the contact goes in the text: after the vocabulary (default) or before it. What fits is
   * chosen the same way either way; `npm run bench:telephony` measures both.
   */
  order?: 'vocabulary-first' | 'contact-first';
}

/** The most CRM venues a prompt takes (after the contact and the vocabulary, within the budget). */
export const MAX_CRM_VENUES = 30;

/**
 * Whisper's initial prompt for one call: the business vocabulary, then the contact's name and venue,
 * then other venues in the CRM, as the same comma-separated glossary `vocabularyPrompt` writes and
 * within its character budget. What fits is chosen by priority (the contact's name, their venue, the
 * vocabulary in order, then the CRM venues in order; the first that does not fit ends each list), so
 * a long vocabulary never crowds the contact out. The contact comes after the vocabulary in the text:
 * the glossary closest to the audio, where it measured better (`npm run bench:telephony`).
 * Case-insensitive duplicates are prompted once. Undefined when there is nothing to prompt with.
 */
export function callPrompt(input: CallPromptInput): string | undefined {
  const contact = uniqueTerms([input.contact?.name ?? '', input.contact?.venue ?? '']);
  const vocabulary = uniqueTerms(input.vocabulary);
  const venues = uniqueTerms((input.venues ?? []).slice(0, MAX_CRM_VENUES));
  const keptContact: string[] = [];
  const keptVocabulary: string[] = [];
  const keptVenues: string[] = [];
  const arranged = () =>
    input.order === 'contact-first'
      ? [...keptContact, ...keptVocabulary, ...keptVenues]
      : [...keptVocabulary, ...keptContact, ...keptVenues];
  const tryAdd = (list: string[], term: string): boolean => {
    list.push(term);
    if (fits(arranged())) return true;
    list.pop();
    return false;
  };
  for (const term of contact) if (!tryAdd(keptContact, term)) break;
  for (const term of vocabulary) if (!tryAdd(keptVocabulary, term)) break;
  for (const term of venues) if (!tryAdd(keptVenues, term)) break;
  return vocabularyPrompt(arranged());
}

/** Whether `vocabularyPrompt` keeps every one of `terms` (its budget is the one budget). */
function fits(terms: readonly string[]): boolean {
  const unique = uniqueTerms(terms);
  return unique.length === 0 || vocabularyPrompt(terms) === `${unique.join(', ')}.`;
}
