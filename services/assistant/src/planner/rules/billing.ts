import { findDate, withoutDate } from './dates';
import { SHOW_VERB, type Intent, type Utterance } from './intent';
import { invoiceStatusIn } from './invoice-status';
import { cleanName } from './names';

const QUOTE = /\b(?:quot(?:e|es|ed|ation|ations)|estimates?)\b/i;
const INVOICE = /\b(?:invoices?|bills?)\b/i;
const INVOICES = /\b(?:invoices|bills)\b/i;
const MONEY = /\b(?:paid|pay|pays|paying|payments?|owes?|owing|owed|money)\b/i;

/** "Sarah's quote", "the Lees' latest invoice": who owns the `noun` (a regex source). */
function possessor(text: string, noun: string): string | undefined {
  const m = new RegExp(
    `^(.*?)(?:'s|')\\s+(?:(?:latest|last|most\\s+recent|new|newest|current|final|recent|outstanding|unpaid|open|paid)\\s+)*${noun}`,
    'i',
  ).exec(text);
  if (!m?.[1]) return undefined;
  const before = m[1]
    .replace(SHOW_VERB, '')
    .replace(/^(?:what(?:'s|\s+is|\s+was)|where(?:'s|\s+is))\s+/i, '');
  // Only the words right before the possessive ("all of Sarah's invoices" → "Sarah").
  const words = before.split(/\s+/);
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const name = cleanName(words.slice(-n).join(' '));
    if (name) return name;
  }
  return undefined;
}

/** The contact after "for", "of", "to", "from", "sent to" the `noun` ("the quote for Sarah"). */
function after(text: string, noun: string): string | undefined {
  const m = new RegExp(
    `${noun}\\s+(?:(?:that\\s+|which\\s+)?(?:we|i)\\s+(?:sent|gave|made|did|wrote)(?:\\s+(?:to|for))?|sent\\s+to|for|of|to|from|with)\\s+(.+)$`,
    'i',
  ).exec(text);
  return cleanName(m?.[1]?.replace(/\s+(?:please|again|now)$/i, ''));
}

/** "open the quote for Sarah", "show me Priya's quote", "what did we quote the Johnsons". */
function quoteIntent(t: string): Intent {
  const quoted = /\bwhat\s+did\s+(?:we|i)\s+quote\s+(.+)$/i.exec(t)?.[1];
  const name = cleanName(quoted) ?? possessor(t, 'quot') ?? after(t, 'quot(?:e|es|ation|ations)');
  return { tool: 'open_quote', args: { name }, ask: 'Whose quote should I open?' };
}

/**
 * `open_quote`, `open_invoice` and `list_invoices`: "open the quote for Sarah", "open Sarah's
 * invoice" (one invoice, opened), "show Sarah's invoices", "unpaid invoices", "who hasn't paid",
 * "has Priya paid yet?", "what does Sarah owe?".
 */
export function billingRule(u: Utterance): Intent | undefined {
  const date = findDate(u.text, u.today, 'since');
  const t = date ? withoutDate(u.text, date) : u.text;
  if (QUOTE.test(t) && !INVOICE.test(t)) return quoteIntent(t);

  const hasPaid = /^(?:has|have|did)\s+(.+?)\s+(?:paid|pay|settled)\b/i.exec(t);
  const payer = cleanName(hasPaid?.[1]);
  if (payer) return { tool: 'list_invoices', args: { name: payer }, ask: 'Whose invoices should I list?' };
  const owes = /^(?:what|how\s+much)\s+(?:does|do)\s+(.+?)\s+(?:still\s+)?owe\b/i.exec(t);
  const debtor = cleanName(owes?.[1]);
  if (debtor) {
    return {
      tool: 'list_invoices',
      args: { name: debtor, status: 'unpaid' },
      ask: 'Whose invoices should I list?',
    };
  }
  if (!INVOICE.test(t) && !MONEY.test(t)) return undefined;

  const words = t.replace(SHOW_VERB, '');
  const status = invoiceStatusIn(words);
  const name = possessor(t, 'invoices?') ?? after(t, '(?:invoices?|bills?)');
  const opening = SHOW_VERB.test(t) || /\bthe\s+invoice\b/i.test(t);
  if (INVOICE.test(t) && !INVOICES.test(t) && !status && (name || opening)) {
    return { tool: 'open_invoice', args: { name }, ask: 'Whose invoice should I open?' };
  }
  return { tool: 'list_invoices', args: { status, name }, ask: 'Whose invoices should I list?' };
}
