import type { LeadStatus } from '@booth/shared/api';
import type { Intent, Utterance } from './intent';
import { findLeadStatus } from './lead-status';
import { cleanName, nameOrEarlier } from './names';

/** "change the status of Sarah to won". */
const STATUS_OF =
  /^(?:change|set|update|switch|make|mark|put|move)\s+(?:the\s+)?(?:lead\s+)?status\s+(?:of|for|on)\s+(.+?)\s+(?:to|as)\s+(.+)$/i;
/** "mark Sarah as booked", "set Sarah Lee to lost", "change Priya's status to qualified", "put the Lees down as contacted". */
const MARK =
  /^(?:mark|set|put|flag|tag|move|change|update|switch|make|bump|label|turn|mark\s+down)\s+(.+?)(?:'s|s')?\s+(?:lead\s+)?(?:status\s+)?(?:down\s+)?(?:as|to|into|in|under)\s+(?:a\s+|an\s+|the\s+)?(.+)$/i;
/** "mark as booked" (nobody named). */
const MARK_NOBODY =
  /^(?:mark|set|flag|move|put|change|update)\s+(?:them|him|her|it|this|that|this\s+one)?\s*(?:as|to)\s+(.+)$/i;
/** "Sarah is a hot lead now", "Marcus is confirmed", "Emily Chen is not interested anymore". */
const IS =
  /^(.+?)(?:\s+is|\s+are|'s|'re|\s+was|\s+were|\s+has\s+been|\s+have\s+been|\s+became|\s+just\s+became)\s+(?:now\s+|a\s+|an\s+|officially\s+|definitely\s+|finally\s+|just\s+|also\s+|actually\s+)*(.+)$/i;
/** "Sarah booked with us", "Priya signed the contract", "Marcus went with another DJ". */
const DID =
  /^(.+?)\s+(?:has\s+|have\s+|just\s+|finally\s+|officially\s+|already\s+)*(booked|signed|confirmed|committed|accepted|paid\s+the\s+deposit|went\s+with\s+(?:another|someone|somebody|a\s+different)|chose\s+(?:another|someone|somebody|a\s+different)|cancel+ed|backed\s+out|dropped\s+out|declined|passed|ghosted)\b/i;
/** "we lost the Johnsons", "we booked Sarah". */
const WE =
  /^(?:we(?:'ve|\s+have)?|i(?:'ve|\s+have)?)\s+(?:just\s+|finally\s+|officially\s+)?(lost|won|booked|signed|closed)\s+(.+)$/i;

const LOST_DEED = /^(?:went|chose|cancel|backed|dropped|declined|passed|ghosted|lost)/i;

const update = (name: string | undefined, leadStatus: LeadStatus): Intent => ({
  tool: 'update_lead_status',
  args: { name, leadStatus },
  ask: `Who should I mark as ${leadStatus}?`,
});

/** The status said at the very start of `text` ("hot lead", "booked", "not interested anymore"). */
function statusAtStart(text: string): LeadStatus | undefined {
  const found = findLeadStatus(text);
  return found && found.start === 0 ? found.status : undefined;
}

/**
 * `update_lead_status`: "mark Sarah as booked", "set Sarah Lee to lost", "Sarah booked with us",
 * "change Priya's status to qualified", "move the Johnsons to contacted", "Sarah is a hot lead now",
 * "we lost the Johnsons".
 */
export function leadUpdateRule(u: Utterance): Intent | undefined {
  const t = u.text;
  for (const re of [STATUS_OF, MARK]) {
    const m = re.exec(t);
    const status = m?.[2] ? findLeadStatus(m[2])?.status : undefined;
    if (m && status) return update(nameOrEarlier(m[1], u.earlier), status);
  }
  const nobody = MARK_NOBODY.exec(t);
  const nobodyStatus = nobody?.[1] ? findLeadStatus(nobody[1])?.status : undefined;
  if (nobodyStatus) return update(undefined, nobodyStatus);

  const is = IS.exec(t);
  const isStatus = is?.[2] ? statusAtStart(is[2]) : undefined;
  const isName = cleanName(is?.[1]);
  if (isStatus && isName) return update(isName, isStatus);

  const did = DID.exec(t);
  const didName = cleanName(did?.[1]);
  if (did?.[2] && didName) return update(didName, LOST_DEED.test(did[2]) ? 'lost' : 'booked');

  const we = WE.exec(t);
  const weName = cleanName(we?.[2]?.replace(/\s+(?:for|on|as|at|in|to|with)\s.*$/i, ''));
  if (we?.[1] && weName) return update(weName, /^lost/i.test(we[1]) ? 'lost' : 'booked');
  return undefined;
}
