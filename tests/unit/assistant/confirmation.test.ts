import { describe, expect, it } from 'vitest';
import { parseChoice, parseConfirmation } from '@booth/assistant';

describe('parseConfirmation', () => {
  it.each([
    'yes',
    'Yes.',
    'yeah do it',
    'Yeah, do it!',
    'confirm',
    'go ahead',
    'Sure.',
    'ok',
    'OK',
    'yes please',
    'yep',
    'Correct.',
    'Hey Booth, yes.',
    'hey boot, go ahead',
    'um, yeah',
    "that's right",
    'sounds good',
  ])('"%s" is a yes', (text) => {
    expect(parseConfirmation(text)).toBe('yes');
  });

  it.each([
    'no',
    'No.',
    'cancel',
    "don't",
    'nope',
    'stop',
    'never mind',
    'Nevermind.',
    'wait no',
    'Wait, no!',
    'Booth, cancel that.',
    'no thanks',
    'forget it',
    'yes, wait, no',
    'Hold on.',
  ])('"%s" is a no', (text) => {
    expect(parseConfirmation(text)).toBe('no');
  });

  it.each([
    '',
    'show me all new leads from this week',
    'mark Sarah as booked',
    'okay, and also set up a consultation with Priya for next week',
    'the second one',
    'Sarah Lee',
  ])('"%s" is neither', (text) => {
    expect(parseConfirmation(text)).toBeUndefined();
  });
});

describe('parseChoice', () => {
  const choices = [
    { id: 'c1', name: 'Sarah Lee' },
    { id: 'c2', name: 'Sarah Jones' },
    { id: 'c3', name: 'Priya Patel' },
  ];

  it.each([
    ['the second one', 'c2'],
    ['The second one.', 'c2'],
    ['number 2', 'c2'],
    ['Number two.', 'c2'],
    ['#3', 'c3'],
    ['the first', 'c1'],
    ['first one', 'c1'],
    ['2', 'c2'],
    ['the last one', 'c3'],
    ['Sarah Lee', 'c1'],
    ['sarah jones', 'c2'],
    ['Lee', 'c1'],
    ['Jones.', 'c2'],
    ['Priya', 'c3'],
    ["I meant Sarah Lee's", 'c1'],
    ['Hey Booth, the third one please', 'c3'],
    ['the one with Patel', 'c3'],
  ])('"%s" picks %s', (text, id) => {
    expect(parseChoice(text, choices)).toBe(id);
  });

  it.each(['Sarah', 'the fifth one', 'number 9', 'yes', 'no', 'Marcus', ''])('"%s" picks none', (text) => {
    expect(parseChoice(text, choices)).toBeUndefined();
  });

  it('picks nothing from no choices', () => {
    expect(parseChoice('the first one', [])).toBeUndefined();
  });
});
