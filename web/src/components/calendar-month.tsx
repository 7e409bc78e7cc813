import type { KeyboardEvent } from 'react';
import type { CalendarDay } from '@booth/shared/api';
import { formatDay } from './crm-format';

const DAY_MS = 86_400_000;
/** `day` moved by `n` days (`YYYY-MM-DD`, in UTC so no time zone shifts it). */
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The days a month's grid shows: whole weeks, Monday first, from the week of the 1st to that of the last. */
export function monthGrid(month: string): { from: string; to: string; days: string[] } {
  const first = `${month}-01`;
  const d = new Date(`${first}T00:00:00Z`);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  const from = addDays(first, -((d.getUTCDay() + 6) % 7));
  const to = addDays(last, 6 - ((new Date(`${last}T00:00:00Z`).getUTCDay() + 6) % 7));
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return { from, to, days };
}

const WEEKDAYS = [
  '2024-01-01',
  '2024-01-02',
  '2024-01-03',
  '2024-01-04',
  '2024-01-05',
  '2024-01-06',
  '2024-01-07',
];

/** What a day holds, in words (the button's accessible name). */
function dayLabel(day: string, events: CalendarDay | undefined): string {
  const date = formatDay(day, { dateStyle: 'full' });
  if (!events) return `${date}: free`;
  const parts = [];
  if (events.booked.length) parts.push(`booked (${events.booked.map((e) => e.name).join(', ')})`);
  if (events.tentative.length) parts.push(`${events.tentative.length} tentative`);
  return `${date}: ${parts.join(', ')}`;
}

/**
 * A month as a table of weeks; each day a button saying whether it is booked, tentative or free,
 * reachable with Tab and moved through with the arrow keys. Choosing a day calls `onSelect`.
 */
export function CalendarMonth({
  month,
  days,
  byDate,
  selected,
  today,
  onSelect,
}: {
  month: string;
  days: string[];
  byDate: Map<string, CalendarDay>;
  selected: string;
  today: string;
  onSelect: (day: string) => void;
}) {
  const weeks: string[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const move = (e: KeyboardEvent<HTMLTableElement>) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    const from = (e.target as HTMLElement).dataset.date;
    if (step === undefined || !from) return;
    const next = e.currentTarget.querySelector<HTMLButtonElement>(
      `button[data-date="${addDays(from, step)}"]`,
    );
    if (!next) return;
    e.preventDefault();
    next.focus();
    onSelect(addDays(from, step));
  };
  return (
    <table className="crm-calendar" onKeyDown={move}>
      <caption>{formatDay(`${month}-01`, { month: 'long', year: 'numeric' })}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col" abbr={formatDay(d, { weekday: 'long' })}>
              {formatDay(d, { weekday: 'short' })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const events = byDate.get(day);
              const state = events?.booked.length
                ? 'booked'
                : events?.tentative.length
                  ? 'tentative'
                  : 'free';
              const classes = [
                'crm-day',
                `crm-day-${state}`,
                day.startsWith(month) ? '' : 'crm-day-outside',
                day === today ? 'crm-day-today' : '',
              ].filter(Boolean);
              return (
                <td key={day}>
                  <button
                    type="button"
                    className={classes.join(' ')}
                    data-date={day}
                    aria-pressed={day === selected}
                    aria-label={dayLabel(day, events)}
                    aria-current={day === today ? 'date' : undefined}
                    onClick={() => onSelect(day)}
                  >
                    <span className="crm-day-number">{Number(day.slice(8))}</span>
                    <span className="crm-day-state">
                      {state === 'booked' ? 'Booked' : state === 'tentative' ? 'Tentative' : 'Free'}
                    </span>
                    {events && (
                      <span className="crm-day-names">
                        {[...events.booked, ...events.tentative]
                          .slice(0, 2)
                          .map((e) => e.name)
                          .join(', ')}
                      </span>
                    )}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
