import type { ActionItem } from '../schema';
import { normalizeForMatch, type Sentence } from '../transcript';
import { dueDateIn } from './fields';

const VERBS =
  'send|email|e-mail|call|text|get|put together|prepare|check|follow up|look into|forward|draft|hold|reserve|update|fix|correct|refund|issue|confirm|talk|discuss|ask|sign|pay|review|book|share|mail|schedule|set up|find out|think about';
/** "I'll send you…", "we will check…", "let me look into…" */
const COMMIT = new RegExp(
  `\\b(?:i'?ll|i will|we'?ll|we will|let me|i'?m going to|i can)\\s+(?:also\\s+)?(${VERBS})\\b(.*)`,
  'i',
);
/** "can you send me…", "could you please check…" */
const REQUEST = new RegExp(
  `\\b(?:can|could|would|will) you\\s+(?:please\\s+)?(?:also\\s+)?(${VERBS})\\b(.*)`,
  'i',
);
const PLEASE = new RegExp(`\\bplease\\s+(${VERBS})\\b(.*)`, 'i');
/** What staff send: a commitment to send one of these is the admin's, whoever speaks. */
const STAFF_OBJECTS =
  /\b(quote|contract|invoice|proposal|pricing|options|packages?|estimate|confirmation|corrected|refund|receipt|credit|playlist form|brochure|sample|details)\b/i;
const DUE_CUE = /\b(by|before|on|tomorrow|tonight|today|next|this|end of)\b/i;

const contentWords = (text: string) =>
  new Set(
    normalizeForMatch(text)
      .split(' ')
      .filter((w) => w.length > 3 && w !== 'client'),
  );
/** One set of content words contains the other. */
function overlaps(a: Set<string>, b: Set<string>): boolean {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  return small.size > 0 && [...small].every((w) => big.has(w));
}

function phrase(verb: string, rest: string): string {
  const body = `${verb}${rest}`
    .replace(/[.?!,;]+$/, '')
    // Both "send you the quote" (admin) and "send me the quote" (client) mean the client receives it.
    .replace(/\b(you|me|us)\b/gi, 'the client')
    .replace(/\s+/g, ' ')
    .trim();
  return body.charAt(0).toUpperCase() + body.slice(1);
}

/**
 * Follow-ups said on the call: commitments ("I'll send you the quote by Friday") and requests ("can
 * you email me the contract"). The owner is who has to act: the speaker for a commitment, the other
 * side for a request; on a single mixed track, staff objects (quote, contract, invoice…) go to the admin.
 */
export function findActionItems(
  all: readonly Sentence[],
  callDate: Date,
): (ActionItem & { quote: string })[] {
  const items: (ActionItem & { quote: string })[] = [];
  for (const s of all) {
    const role = s.line.role;
    let owner: 'admin' | 'client' | undefined;
    let m = COMMIT.exec(s.text);
    if (m) {
      if (role === 'unknown') owner = STAFF_OBJECTS.test(m[0]) ? 'admin' : 'client';
      else owner = role;
    } else if ((m = REQUEST.exec(s.text) ?? PLEASE.exec(s.text))) {
      owner = role === 'admin' ? 'client' : 'admin';
    }
    if (!m || !owner) continue;
    const rest = m[2] ?? '';
    if (/^\s*(it|that|this)?\s*[.?!]?\s*$/i.test(rest) && !/follow up|get back/i.test(m[1]!)) continue;
    const text = phrase(m[1]!, rest);
    const item = {
      text,
      owner,
      dueDate: DUE_CUE.test(rest) ? dueDateIn(rest, callDate) : null,
      quote: s.text,
    };
    // A request and the answer that commits to it ("send me the contract" / "I'll send you the
    // contract by Friday") are one follow-up: keep the fuller wording.
    const words = contentWords(text);
    const same = items.findIndex((i) => i.owner === owner && overlaps(contentWords(i.text), words));
    if (same < 0) items.push(item);
    else if (words.size > contentWords(items[same]!.text).size) items[same] = item;
  }
  return items;
}
