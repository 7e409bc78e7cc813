import { useState } from 'react';
import { calendarApi, type CalendarEvent } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { CalendarMonth, monthGrid } from '../components/calendar-month';
import { LoadState } from '../components/crm-feedback';
import { formatDay, label, localToday } from '../components/crm-format';
import { Link, navigate, useLocation } from '../router';

/** `YYYY-MM` moved by `n` months. */
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

function EventList({ events, kind }: { events: CalendarEvent[]; kind: string }) {
  return (
    <ul className="crm-list">
      {events.map((e) => (
        <li key={e.contactId}>
          <Link to={`/contacts/${e.contactId}`}>{e.name}</Link>{' '}
          <span className="hint">
            {[
              kind === 'tentative' && label(e.leadStatus),
              e.eventType,
              e.venue,
              e.guestCount !== null && `${e.guestCount} guests`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * `/calendar?month=YYYY-MM`: the month's events by day, booked (the date is taken) or tentative (open
 * leads for it), so a free date is plain to see; the chosen day's events are listed below the grid.
 */
export function CalendarPage() {
  const { query } = useLocation();
  const today = localToday();
  const asked = query.get('month');
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : today.slice(0, 7);
  const grid = monthGrid(month);
  const cal = useApi(calendarApi.get, { query: { from: grid.from, to: grid.to } });
  const [picked, setPicked] = useState<string | undefined>();
  const selected =
    picked && grid.days.includes(picked) ? picked : today.startsWith(month) ? today : `${month}-01`;
  const byDate = new Map((cal.data?.days ?? []).map((d) => [d.date, d]));
  const day = byDate.get(selected);
  const go = (m: string) => {
    setPicked(undefined);
    navigate(`/calendar?month=${m}`, { replace: true });
  };
  return (
    <section className="crm-page">
      <h1>Calendar</h1>
      <div className="crm-calendar-nav">
        <button type="button" onClick={() => go(addMonths(month, -1))}>
          ← <span className="crm-sr">Previous month</span>
          <span aria-hidden="true">{formatDay(`${addMonths(month, -1)}-01`, { month: 'short' })}</span>
        </button>
        <button type="button" onClick={() => go(today.slice(0, 7))} disabled={today.startsWith(month)}>
          This month
        </button>
        <button type="button" onClick={() => go(addMonths(month, 1))}>
          <span className="crm-sr">Next month</span>
          <span aria-hidden="true">{formatDay(`${addMonths(month, 1)}-01`, { month: 'short' })}</span> →
        </button>
      </div>
      <p className="crm-legend">
        <span className="crm-day-booked crm-swatch">Booked</span> the date is taken ·{' '}
        <span className="crm-day-tentative crm-swatch">Tentative</span> open leads want it ·{' '}
        <span className="crm-day-free crm-swatch">Free</span> nothing yet
      </p>
      <LoadState
        loading={cal.loading && !cal.data}
        error={cal.error}
        reload={cal.reload}
        what="the calendar"
      />
      <CalendarMonth
        month={month}
        days={grid.days}
        byDate={byDate}
        selected={selected}
        today={today}
        onSelect={setPicked}
      />
      <section aria-labelledby="calendar-day-h" aria-live="polite" className="crm-panel">
        <h2 id="calendar-day-h">{formatDay(selected, { dateStyle: 'full' })}</h2>
        {!day ? (
          <p>{cal.data ? 'Free: nothing booked and no leads for this date.' : ''}</p>
        ) : (
          <>
            {day.booked.length > 0 && (
              <>
                <h3>Booked</h3>
                <EventList events={day.booked} kind="booked" />
              </>
            )}
            {day.tentative.length > 0 && (
              <>
                <h3>Tentative</h3>
                <EventList events={day.tentative} kind="tentative" />
              </>
            )}
          </>
        )}
      </section>
    </section>
  );
}
