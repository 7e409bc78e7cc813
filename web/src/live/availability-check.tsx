import { calendarApi, type CalendarDay, type ResponseOf } from '@booth/shared/api';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { CallProblem } from '../components/call-problem';
import { formatDay } from '../components/crm-format';

type CalendarDays = ResponseOf<typeof calendarApi.get>;

/** What the calendar says about a day, leaving out the contact being talked to. */
export function availabilityText(
  date: string,
  day: CalendarDay | undefined,
  contactId: string | undefined,
): string {
  const others = (list: CalendarDay['booked']) => list.filter((e) => e.contactId !== contactId);
  const booked = others(day?.booked ?? []);
  const tentative = others(day?.tentative ?? []);
  const names = (list: CalendarDay['booked']) =>
    list.map((e) => e.name + (e.venue ? ` (${e.venue})` : '')).join(', ');
  const when = formatDay(date, { dateStyle: 'full' });
  if (booked.length) {
    return `${when} is booked: ${names(booked)}${tentative.length ? `; also pencilled in: ${names(tentative)}` : ''}.`;
  }
  if (tentative.length) return `${when} is free, with leads pencilled in: ${names(tentative)}.`;
  return `${when} is free.`;
}

/** "Check availability": the date the client mentioned against booked events (the calendar). */
export function AvailabilityCheck({ date, contactId }: { date: string; contactId: string | undefined }) {
  const action = useAction<CalendarDays>();
  const cal = action.result;
  const answer =
    cal &&
    availabilityText(
      date,
      cal.days.find((d) => d.date === date),
      contactId,
    );
  const check = () => action.run(() => call(calendarApi.get, { query: { from: date, to: date } }));
  return (
    <>
      {answer ? (
        <p className="suggestion-answer" role="status">
          {answer}
        </p>
      ) : (
        <button type="button" disabled={action.busy} onClick={() => void check()}>
          Check availability
        </button>
      )}
      <CallProblem error={action.error} what="The calendar could not be read" />
    </>
  );
}
