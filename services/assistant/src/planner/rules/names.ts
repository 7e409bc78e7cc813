import { routeNamed } from './routes';

/**
 * The contact an utterance names, kept as said ("Sarah", "sarah lee", "the Lees"): possessives and
 * the words around a name ("'s page", "contact for") go; a family keeps its article ("the Lees"),
 * which the CRM's name resolver matches fuzzily like any other name.
 */

/** Words a contact's name is never made of: pronouns, quantifiers, the CRM's own nouns. */
const NOT_NAME = new Set(
  (
    'i me my mine myself we us our you your he him his she her they them their it its this that these those ' +
    'who whom whose what which where when why how everyone everybody anyone anybody someone somebody no one ' +
    'nobody all any some each every there here a an and or of to for with on in at by from as is are was were ' +
    'be been being do does did have has had not no yes lead leads contact contacts client clients customer ' +
    'customers people person prospects status task tasks invoice invoices quote quotes call calls page note notes ' +
    'list new old latest last first next one today tomorrow yesterday week month year up down out back now then ' +
    'consultation consult meeting room video link invite about again over around if whether so just also too ' +
    'everything anything nothing something stuff more else weather time'
  ).split(' '),
);

/** Nouns after "the" that are things or businesses, not a family ("call the venue"). */
const NOT_FAMILY = new Set(
  (
    'venue venues caterer caterers florist florists photographer photographers band bank office client clients ' +
    'bride groom couple customer landlord hotel church planner planners team staff vendor vendors insurance ' +
    'website contract contracts deposit playlist speakers lights lighting rig van car dj djs'
  ).split(' '),
);

/** Words said around a name that are not part of it ("Sarah's contact page", "contact for Sarah"). */
const AFTER_NAME =
  /\s+(?:contact(?:\s+(?:card|page|record|details|info|file|profile))?|page|profile|card|record|details|file|info|account|latest|details\s+page|entry)$/i;
const BEFORE_NAME =
  /^(?:(?:the\s+)?(?:contact|client|lead|customer)(?:\s+(?:card|page|record|details|profile))?\s+(?:for|of|named|called)\s+|(?:contact|client|lead|customer)\s+(?=[A-Z]))/i;

/**
 * `raw` as a contact's name, or undefined when it is not one (a pronoun, a place of the dashboard,
 * more than five words, nothing left).
 */
export function cleanName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let s = raw.trim().replace(/^[\s,:;-]+|[\s,:;.-]+$/g, '');
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(AFTER_NAME, '').replace(BEFORE_NAME, '').trim();
    s = s
      .replace(/'s$/i, '')
      .replace(/(?<=s)'$/i, '')
      .trim();
  }
  if (!s || routeNamed(s)) return undefined;
  const words = s.split(/\s+/);
  if (words.length > 5) return undefined;
  const rest = words[0]?.toLowerCase() === 'the' ? words.slice(1) : words;
  if (rest.length === 0) return undefined;
  // "the Lees", "the Grand Hotel": a family or a capitalised name; "the weather" is neither.
  const first = rest[0] ?? '';
  if (rest !== words && !/^[A-Z]/.test(first) && !/s'?$/i.test(first)) return undefined;
  if (rest !== words && NOT_FAMILY.has(first.replace(/'$/, '').toLowerCase())) return undefined;
  if (rest.some((w) => NOT_NAME.has(w.toLowerCase()) || !/^[\p{L}][\p{L}'.-]*$/u.test(w))) return undefined;
  return s;
}

const CAPITALISED = "[A-Z][\\p{L}'-]*";
/** "Sarah", "Sarah Lee", "the Lees", "O'Brien": up to three capitalised words, maybe after "the". */
const SAID_NAME = new RegExp(`^(?:the\\s+)?${CAPITALISED}(?:\\s+${CAPITALISED}){0,2}`, 'u');

/**
 * The name at the start of `text`: capitalised words ("Emily Chen wants…"), "the" and a family
 * ("the Lees need…", "the lees need…"), or one lowercase word when `lowercaseOk` (after "call",
 * where nothing but a person comes).
 */
export function nameAtStart(text: string, lowercaseOk = false): string | undefined {
  const t = text.trim();
  const cap = SAID_NAME.exec(t);
  if (cap) {
    const name = cleanName(cap[0].replace(/'s$/, ''));
    if (name) return name;
  }
  const family = /^the\s+([\p{L}'-]+)/iu.exec(t);
  if (family?.[1] && /s'?$/i.test(family[1]) && !NOT_FAMILY.has(family[1].replace(/'$/, '').toLowerCase())) {
    return cleanName(`the ${family[1]}`);
  }
  if (lowercaseOk) {
    const word = /^([\p{L}][\p{L}'-]*)/u.exec(t)?.[1];
    if (word && word.toLowerCase() !== 'the' && !NOT_FAMILY.has(word.toLowerCase())) return cleanName(word);
  }
  return undefined;
}

/** The subject of a clause a note is made of ("the Lees need a mic…", "Sarah's venue has…"). */
export function clauseSubject(clause: string): string | undefined {
  const possessive = /^((?:the\s+)?[\p{L}][\p{L}-]*(?:\s+[\p{L}][\p{L}-]*)?)(?:'s|s')\s/iu.exec(clause);
  if (possessive?.[1]) {
    const name = cleanName(possessive[1]);
    if (name) return name;
  }
  const said = nameAtStart(clause);
  if (said) return said;
  // "sarah wants uplighting", typed in lowercase: a first word before a verb.
  const m =
    /^([\p{L}][\p{L}-]*)\s+(?:wants?|needs?|has|had|is|was|prefers?|said|says|asked|likes?|would|will|can|booked|paid)\b/iu.exec(
      clause,
    );
  return cleanName(m?.[1]);
}

const PRONOUN =
  /^(?:him|her|them|they|he|she|this\s+(?:one|person|lead|client)|that\s+(?:one|person|lead|client))$/i;

/**
 * `raw` as a contact's name; when it is a pronoun ("mark him as contacted"), the person said in
 * `earlier` ("I spoke to Dave").
 */
export function nameOrEarlier(raw: string | undefined, earlier: string | undefined): string | undefined {
  const name = cleanName(raw);
  if (name || !earlier || !PRONOUN.test(raw?.trim() ?? '')) return name;
  return personIn(earlier);
}

/** Verbs whose object is a person ("call Sarah", "follow up with the Johnsons"). */
const PERSON_VERB =
  /\b(?:call(?:\s+back)?|ring|phone|email|e-mail|text|message|ping|contact|invoice|remind|ask|tell|pay|meet(?:\s+with)?|visit|thank|follow[\s-]up\s+with|check\s+(?:in\s+)?with|get\s+back\s+to|reply\s+to|write\s+to|talk(?:ed)?\s+to|sp(?:eak|oke|oken)\s+(?:to|with)|met(?:\s+with)?|heard\s+from|send)\s+/gi;

/** The person a task is about: after a person verb, or a capitalised name after "to", "with" or "for". */
export function personIn(text: string): string | undefined {
  for (const m of text.matchAll(PERSON_VERB)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    const name = nameAtStart(after, !/^send/i.test(m[0]));
    if (name) return name;
  }
  const prep = new RegExp(
    `\\b(?:to|with|for)\\s+((?:the\\s+)?${CAPITALISED}(?:\\s+${CAPITALISED}){0,2})`,
    'u',
  ).exec(text);
  return cleanName(prep?.[1]);
}
