import { describe, expect, it } from 'vitest';
import { editDistance } from '@booth/shared';
import { matchWake, wakePhrasePrompt } from '@booth/transcriber/src/assistant/wake-word';

const PHRASE = 'hey booth';

describe('matchWake', () => {
  it.each([
    ['Hey Booth.', ''],
    ['hey, booth!', ''],
    ['Hey boot', ''],
    ['hey booths', ''],
    ['A booth.', ''],
    ['hey, Buth', ''],
    ['Hi Booth.', ''],
    ['Heybooth', ''],
    ["Hey Booth's", ''],
    ['Hey Booth, show me the new leads from this week.', 'show me the new leads from this week.'],
    ['hey booth go to invoices', 'go to invoices'],
    ['Hey, Booth... Go to invoices.', 'Go to invoices.'],
    ['Um, hey Booth, open tasks', 'open tasks'],
    ['  HEY   BOOTH  -  what is on today?', 'what is on today?'],
  ])('wakes on %j', (text, command) => {
    expect(matchWake(text, PHRASE)).toEqual({ woke: true, command });
  });

  it.each([
    'they booked the booth',
    'Hey, both of the speakers are working now.',
    'Hey both, come here.',
    'hey Bob',
    'booth is booked',
    'The booth is booked.',
    'Hey Bruce, how are you?',
    'go to invoices',
    'Hey.',
    'Booth.',
    'hey you, booth',
    'Show me the booth, hey booth',
    '',
    '...',
    'Okay, so the photo booth.',
  ])('does not wake on %j', (text) => {
    expect(matchWake(text, PHRASE)).toEqual({ woke: false, command: '' });
  });

  it('follows the configured phrase', () => {
    expect(matchWake('Okay Jarvis, call Sam', 'okay jarvis')).toEqual({ woke: true, command: 'call Sam' });
    expect(matchWake('Computer: lights', 'computer')).toEqual({ woke: true, command: 'lights' });
    expect(matchWake('hey booth', 'okay jarvis').woke).toBe(false);
    expect(matchWake('hey booth', '').woke).toBe(false);
  });

  it('spells the phrase for the Whisper prompt', () => {
    expect(wakePhrasePrompt(' hey  booth ')).toBe('Hey Booth');
  });

  it('measures edit distance', () => {
    expect(editDistance('booth', 'boot')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
