import { findDate, withoutDate } from './dates';
import { SHOW_VERB, type Intent, type Utterance } from './intent';
import { findLeadStatus } from './lead-status';
import { cleanName } from './names';

/** A query after "named", "called", "matching" ("contacts named Priya"). */
const NAMED =
  /\b(?:contacts?|leads?|clients?|customers?|people|anyone|anybody|someone|everyone)\s+(?:named|called|matching|with\s+the\s+name|by\s+the\s+name(?:\s+of)?)\s+(.+)$/i;
/** "search contacts for Johnson". */
const SEARCH =
  /^(?:search|find|look\s+up|look\s+for)\s+(?:my\s+|the\s+|all\s+)?(?:contacts?|leads?|clients?|customers?)\s+(?:for|with|matching)\s+(.+)$/i;
/** A venue or place: "contacts at the Lakeside Pavilion", "leads from the Grand Hotel". */
const AT =
  /\b(?:contacts?|leads?|clients?|customers?|people|anyone|everyone|bookings?)\b.*?\s(?:at|from|for)\s+(?:the\s+)?(.+)$/i;
/** The cue left at the end once a query is cut off. */
const CUE_END =
  /\s+(?:named|called|matching|with\s+the\s+name|by\s+the\s+name(?:\s+of)?|at|from|for|with)\s*$/i;
/** Words that make it a question about contacts. */
const NOUN = /\b(?:contacts|leads?|clients|customers|prospects|bookings|people)\b/i;
const WHO = /^(?:who|who's|whos|which|everyone|everybody|anyone|anybody|any)\b/i;

/** `text` without the words at [start, end). */
const cut = (text: string, start: number, end: number) => `${text.slice(0, start)} ${text.slice(end)}`.trim();

/**
 * `list_contacts`: "new leads from this week" (status, since), "hot leads", "who's lost", "contacts
 * at the Lakeside Pavilion" (query), "list contacts".
 */
export function listContactsRule(u: Utterance): Intent | undefined {
  const date = findDate(u.text, u.today, 'since');
  let rest = date ? withoutDate(u.text, date) : u.text;
  let query: string | undefined;
  for (const re of [NAMED, SEARCH, AT]) {
    const m = re.exec(rest);
    const q = m?.[1]?.replace(/^the\s+/i, '').trim();
    if (m && q) {
      query = q;
      // The query's words and the cue before it ("called Lee") say nothing of a status.
      rest = cut(rest, m.index + m[0].length - (m[1]?.length ?? 0), rest.length).replace(CUE_END, '');
      break;
    }
  }
  const status = findLeadStatus(rest);
  if (!NOUN.test(rest) && !(WHO.test(rest) && status)) return undefined;
  return {
    tool: 'list_contacts',
    args: { leadStatus: status?.status, since: date?.day, query },
    ask: 'Which contacts should I list?',
  };
}

const CONTACT_ALONE = /^(?:the\s+|a\s+)?contact(?:\s+(?:card|page|record))?(?:\s+(?:for|of))?$/i;

/** `open_contact`: "open contact for Sarah", "pull up Sarah Lee", "show me Sarah's profile", "go to Sarah Lee". */
export function openContactRule(u: Utterance): Intent | undefined {
  const m = SHOW_VERB.exec(u.text);
  if (!m) return undefined;
  const phrase = u.text.slice(m[0].length);
  if (CONTACT_ALONE.test(phrase))
    return { tool: 'open_contact', args: {}, ask: 'Whose contact should I open?' };
  const name = cleanName(phrase);
  return name ? { tool: 'open_contact', args: { name }, ask: 'Whose contact should I open?' } : undefined;
}
