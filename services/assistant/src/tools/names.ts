import { editDistance } from '@booth/shared';
import type { Contact, Db } from '@booth/db';

/** How a spoken name resolved against the CRM. */
export type NameMatch =
  { kind: 'one'; contact: Contact } | { kind: 'many'; contacts: Contact[] } | { kind: 'none' };

/** Lower case, letters and digits only, one space between words; "the" and possessives dropped. */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((t) => t && t !== 'the' && t !== 'family');
}

/** How alike a spoken word and a name word are, 0..1: exact, a family plural ("Lees"), a prefix, or a close spelling. */
function wordScore(spoken: string, word: string): number {
  if (spoken === word) return 1;
  if (spoken === `${word}s` || spoken === `${word}es`) return 0.97;
  // A clipped name ("Priy", "Alex" for Alexandra), not any short start ("Lee" is not Leonard).
  if (spoken.length >= 4 && word.startsWith(spoken)) return 0.85;
  const d = editDistance(spoken, word);
  const sim = 1 - d / Math.max(spoken.length, word.length);
  return sim >= 0.7 ? sim * 0.95 : 0;
}

/**
 * How well a spoken name fits a contact's name, 0..1: every spoken word must find a word of the name
 * ("Sarah" fits "Sarah Lee"; "Sara Lee" fits it nearly as well; "the Lees" fits "Tom Lee").
 */
export function nameScore(spoken: string[], name: string): number {
  const words = nameTokens(name);
  if (!spoken.length || !words.length) return 0;
  let total = 0;
  for (const s of spoken) {
    const best = Math.max(0, ...words.map((w) => wordScore(s, w)));
    if (best === 0) return 0;
    total += best;
  }
  const score = total / spoken.length;
  // The whole name said, word for word, beats a part of it.
  return spoken.length === words.length && score === 1 ? 1.01 : score;
}

/** Contacts looked at for a fuzzy match when no name contains a spoken word (most recent first). */
const FUZZY_POOL = 2000;
const ACCEPT = 0.75;
/** Candidates this close to the best are "the same fit": the admin is asked which one. */
const TIE = 0.06;

/**
 * The contact a spoken name means: candidates whose name contains one of the words, else (a
 * misheard spelling) the most recent contacts, ranked by {@link nameScore}. One clear best is
 * `one`; several as good are `many` (the admin is asked which); nothing good enough is `none`.
 */
export async function resolveContact(db: Db, spoken: string): Promise<NameMatch> {
  const tokens = nameTokens(spoken);
  if (!tokens.length) return { kind: 'none' };
  const stems = tokens.map((t) => t.replace(/e?s$/, '')).filter((t) => t.length >= 2);
  let pool = await db.contact.findMany({
    where: { OR: stems.map((t) => ({ name: { contains: t, mode: 'insensitive' as const } })) },
    take: 200,
    orderBy: { updatedAt: 'desc' },
  });
  if (!pool.length) pool = await db.contact.findMany({ take: FUZZY_POOL, orderBy: { updatedAt: 'desc' } });
  const ranked = pool
    .map((contact) => ({ contact, score: nameScore(tokens, contact.name) }))
    .filter((r) => r.score >= ACCEPT)
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { kind: 'none' };
  const ties = ranked.filter((r) => best.score - r.score < TIE).slice(0, 6);
  if (ties.length === 1) return { kind: 'one', contact: best.contact };
  return { kind: 'many', contacts: ties.map((t) => t.contact) };
}
