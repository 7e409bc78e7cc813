import { CALLS, VENUE_VOCABULARY } from '../fixtures/calls';
import { callWav } from '../support/call-corpus';
import { jfkPath, speechWav } from '../support/fixtures';
import { JFK_REFERENCE } from '../support/livekit-client';
import type { CallContact } from '@booth/transcriber/src/recognizer/call-prompt';

/** A recording for the telephony benchmark: what is said, and who the call's contact is. */
export interface PhoneRecording {
  set: 'callers' | 'calls' | 'jfk';
  id: string;
  file: string;
  reference: string;
  contact?: CallContact;
}

/**
 * Callers who say who they are and where their event is: the names the per-call prompt is for. Some
 * venues are in the business vocabulary (VENUE_VOCABULARY), some only on the contact's record. No
 * numbers (Whisper writes digits, which a word error rate counts as wrong).
 */
export const NAMED_CALLERS: { voice: string; say: string; contact: CallContact }[] = [
  {
    voice: 'en-us+f3',
    say: 'Hi, this is Siobhan Okafor. I am calling about my wedding at Thornbury Castle.',
    contact: { name: 'Siobhan Okafor', venue: 'Thornbury Castle' },
  },
  {
    voice: 'en-us+m3',
    say: 'Hello, my name is Joaquin Delacroix, we booked you for the party at the Ravenscourt Orangery.',
    contact: { name: 'Joaquin Delacroix', venue: 'Ravenscourt Orangery' },
  },
  {
    voice: 'en-gb+f4',
    say: 'Good morning, it is Priya Raghunathan. Could you call me back about the Stone Bridge Manor reception?',
    contact: { name: 'Priya Raghunathan', venue: 'Stone Bridge Manor' },
  },
  {
    voice: 'en-us+m3',
    say: 'Hey, Bartholomew Achterberg here, just checking the playlist for Pine Valley Lodge.',
    contact: { name: 'Bartholomew Achterberg', venue: 'Pine Valley Lodge' },
  },
  {
    voice: 'en-us+f3',
    say: 'Hi, it is Marguerite Kowalczyk. We moved the rehearsal dinner to the Quillfeather Inn.',
    contact: { name: 'Marguerite Kowalczyk', venue: 'Quillfeather Inn' },
  },
  {
    voice: 'en-gb+f4',
    say: 'This is Aoife Brennan calling about the anniversary party at Harbor View Hotel.',
    contact: { name: 'Aoife Brennan', venue: 'Harbor View Hotel' },
  },
  {
    voice: 'en-us+m3',
    say: 'Hello, Dmitri Vasquez speaking, I wanted to confirm the Lakeside Pavilion booking.',
    contact: { name: 'Dmitri Vasquez', venue: 'Lakeside Pavilion' },
  },
  {
    voice: 'en-us+f3',
    say: 'Hi, my name is Nkechi Adeyemi, and the reception will be at Gleneagle Farmhouse.',
    contact: { name: 'Nkechi Adeyemi', venue: 'Gleneagle Farmhouse' },
  },
];

/** Client names for the analysis corpus' calls (never said in them: the prompt must not hurt). */
const CORPUS_CLIENTS = [
  'Hannah Whitfield',
  'Marcus Odum',
  'Elena Petrova',
  'Grace Nakamura',
  'Tomasz Wisniewski',
  'Rebecca Hollis',
  'Camila Restrepo',
  'Daniel Abernathy',
  'Fatima Haddad',
  'Oliver Lindqvist',
  'Sunita Mehra',
  'Liam Gallagher',
  'Ingrid Solberg',
  'Kwame Mensah',
];

/** The business vocabulary the benchmark prompts with (the corpus' venues, as bench:analysis does). */
export const BENCH_VOCABULARY = VENUE_VOCABULARY;

/** Distinct venues in the benchmark's CRM: every contact's venue. */
export const CRM_VENUES = [
  ...new Set([...NAMED_CALLERS.map((c) => c.contact.venue ?? ''), ...CALLS.map((c) => c.truth.venue ?? '')]),
].filter(Boolean);

/** Every recording: the named callers, the analysis corpus' calls, and jfk.wav (no contact). */
export function phoneRecordings(): PhoneRecording[] {
  return [
    ...NAMED_CALLERS.map((c, i) => ({
      set: 'callers' as const,
      id: `caller-${i}`,
      file: speechWav(`caller-${i}`, [300, { say: c.say, voice: c.voice }, 600]),
      reference: c.say,
      contact: c.contact,
    })),
    ...CALLS.map((call, i) => ({
      set: 'calls' as const,
      id: call.id,
      file: callWav(call, i),
      reference: call.lines.map(([, say]) => say).join(' '),
      contact: { name: CORPUS_CLIENTS[i % CORPUS_CLIENTS.length]!, venue: call.truth.venue },
    })),
    { set: 'jfk' as const, id: 'jfk', file: jfkPath(), reference: JFK_REFERENCE },
  ];
}
