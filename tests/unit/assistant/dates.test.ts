import { afterEach, describe, expect, it } from 'vitest';
import { cleanUtterance, findDate, type DateSense } from '@booth/assistant';

/** A Wednesday. */
const WED = '2026-12-02';
const day = (text: string, sense: DateSense, today = WED) => findDate(text, today, sense)?.day;

describe('findDate', () => {
  it.each<[string, DateSense, string]>([
    ['this week', 'since', '2026-11-30'],
    ['this week', 'due', '2026-12-06'],
    ['this week', 'by', '2026-12-06'],
    ['next week', 'due', '2026-12-07'],
    ['next week', 'by', '2026-12-13'],
    ['last week', 'since', '2026-11-23'],
    ['the last 7 days', 'since', '2026-11-25'],
    ['the past seven days', 'since', '2026-11-25'],
    ['the past week', 'since', '2026-11-25'],
    ['the past month', 'since', '2026-11-02'],
    ['the last 2 weeks', 'since', '2026-11-18'],
    ['this month', 'since', '2026-12-01'],
    ['this month', 'by', '2026-12-31'],
    ['next month', 'due', '2027-01-01'],
    ['this year', 'since', '2026-01-01'],
    ['today', 'since', WED],
    ['tonight', 'due', WED],
    ['tomorrow', 'due', '2026-12-03'],
    ['the day after tomorrow', 'due', '2026-12-04'],
    ['yesterday', 'since', '2026-12-01'],
    ['since Monday', 'since', '2026-11-30'],
    ['on Monday', 'due', '2026-12-07'],
    ['by Friday', 'due', '2026-12-04'],
    ['Friday', 'by', '2026-12-04'],
    ['since March 3rd', 'since', '2026-03-03'],
    ['by December 15th', 'due', '2026-12-15'],
    ['in 3 days', 'due', '2026-12-05'],
    ['by the end of the week', 'due', '2026-12-06'],
    ['end of the month', 'due', '2026-12-31'],
  ])('"%s" (%s) is %s', (text, sense, expected) => {
    expect(day(text, sense)).toBe(expected);
  });

  it('takes weeks from Monday to Sunday on their edges', () => {
    expect(day('this week', 'since', '2026-12-07')).toBe('2026-12-07');
    expect(day('this week', 'since', '2026-12-06')).toBe('2026-11-30');
    expect(day('this week', 'by', '2026-12-06')).toBe('2026-12-06');
    expect(day('next week', 'due', '2026-12-06')).toBe('2026-12-07');
  });

  it('clamps months and crosses years', () => {
    expect(day('the past month', 'since', '2027-03-31')).toBe('2027-02-28');
    expect(day('next week', 'due', '2026-12-30')).toBe('2027-01-04');
    expect(day('tomorrow', 'due', '2026-12-31')).toBe('2027-01-01');
  });

  it('ignores times that name no day ("at 11", "after 5pm")', () => {
    expect(findDate('the venue has a curfew at 11', WED, 'due')).toBeUndefined();
    expect(findDate('only call after 5pm', WED, 'due')).toBeUndefined();
  });

  describe('whatever the time zone', () => {
    const tz = process.env.TZ;
    afterEach(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });
    it.each(['Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago', 'UTC'])('%s', (zone) => {
      process.env.TZ = zone;
      expect(day('this week', 'since')).toBe('2026-11-30');
      expect(day('by Friday', 'due')).toBe('2026-12-04');
      expect(day('tomorrow', 'due')).toBe('2026-12-03');
      expect(day('since March 3rd', 'since')).toBe('2026-03-03');
    });
  });
});

describe('cleanUtterance', () => {
  it.each([
    ['Hey Booth, show me all new leads from this week.', 'show me all new leads from this week'],
    ['hey boot, um, open the calendar?', 'open the calendar'],
    ['Booth. Mark Sarah as booked.', 'Mark Sarah as booked'],
    ['Could you please go to invoices, thanks', 'go to invoices'],
    ['so uh I want to see new leads', 'see new leads'],
    ['Mark Marcus as lost. He went with another DJ.', 'Mark Marcus as lost, He went with another DJ'],
    ['Open Sarah’s contact', "Open Sarah's contact"],
    ['Hey Booth.', ''],
  ])('"%s" → "%s"', (raw, clean) => {
    expect(cleanUtterance(raw)).toBe(clean);
  });
});
