import { describe, expect, it } from 'vitest';
import { nameScore, nameTokens } from '../../../services/assistant/src/tools/names';
import { joinWords, spokenList } from '../../../services/assistant/src/answers/format';

describe('fuzzy contact names', () => {
  const score = (spoken: string, name: string) => nameScore(nameTokens(spoken), name);

  it('ranks the whole name said above part of it, and a part above a near spelling', () => {
    expect(score('Sarah Lee', 'Sarah Lee')).toBeGreaterThan(score('Sarah', 'Sarah Lee'));
    expect(score('Sarah', 'Sarah Lee')).toBe(1);
    expect(score('Sara Lee', 'Sarah Lee')).toBeGreaterThan(0.85);
    expect(score('priyanca', 'Priyanka Shah')).toBeGreaterThan(0.75);
  });

  it('takes families and possessives as people say them', () => {
    expect(score('the Lees', 'Tom Lee')).toBeGreaterThan(0.9);
    expect(score("Sarah's", 'Sarah Lee')).toBe(1);
    expect(score('the Johnson family', 'Mark Johnson')).toBe(1);
  });

  it('does not match different names', () => {
    expect(score('Sarah', 'Priya Shah')).toBe(0);
    expect(score('Tom', 'Thomas Lee')).toBe(0);
    expect(score('Lee', 'Leonard Cohen')).toBe(0);
    expect(score('Alex', 'Alexandra Cole')).toBe(0.85);
    expect(score('', 'Sarah')).toBe(0);
  });

  it('ignores accents and punctuation', () => {
    expect(nameTokens('José  O’Neil-Smith')).toEqual(['jose', 'o', 'neil', 'smith']);
  });
});

describe('answers read aloud', () => {
  it('reads a short list whole and a long one as its count and the first three', () => {
    expect(spokenList(2, 'new leads', ['A', 'B'])).toBe('2 new leads: A and B.');
    expect(spokenList(12, 'new leads', ['A', 'B', 'C', 'D'])).toBe(
      '12 new leads; the first three are A, B and C.',
    );
    expect(spokenList(0, 'tasks due today', [])).toBe('No tasks due today.');
    expect(joinWords(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
