import { homeApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { WeekTalkCard } from '../analytics/week-talk-card';
import { LoadState } from '../components/crm-feedback';
import { formatDay, formatTime, label, localToday } from '../components/crm-format';
import { TaskList } from '../components/task-list';
import { ScheduledConsultations, useScheduledConsultations } from '../consultations/scheduled-consultations';
import { useNotificationEvents } from '../live/notifications';
import { Link } from '../router';

/**
 * The home screen: today's tasks (open, due today or overdue), new leads, calls in progress,
 * consultations scheduled and the latest unread notifications. A notification arriving live (a new lead, an analysed call) reloads it.
 */
export function HomePage() {
  const today = localToday();
  const home = useApi(homeApi.get, { query: { today } });
  const consultations = useScheduledConsultations();
  useNotificationEvents(() => {
    home.reload();
    consultations.reload();
  });
  const h = home.data;
  return (
    <section className="crm-page">
      <h1>Today</h1>
      <p className="hint">{formatDay(today, { dateStyle: 'full' })}</p>
      <LoadState
        loading={home.loading && !h}
        error={home.error}
        reload={home.reload}
        what="the home screen"
      />
      {h && (
        <div className="crm-home">
          <section aria-labelledby="home-calls-h" className="crm-card">
            <h2 id="home-calls-h">Calls in progress</h2>
            {h.calls.length ? (
              <ul className="crm-list">
                {h.calls.map((s) => (
                  <li key={s.id}>
                    <Link to={`/calls/${s.id}`}>{s.contact ? s.contact.name : s.roomName}</Link>{' '}
                    <span className="hint">
                      {label(s.kind)} · {s.status === 'active' ? 'under way' : 'not started'}
                      {s.startedAt && ` since ${formatTime(s.startedAt)}`}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="crm-empty">No calls right now.</p>
            )}
          </section>

          <WeekTalkCard today={today} />

          <section aria-labelledby="home-consultations-h" className="crm-card">
            <h2 id="home-consultations-h">
              Consultations scheduled{' '}
              {consultations.data && <span className="crm-count">({consultations.data.total})</span>}
            </h2>
            <ScheduledConsultations list={consultations} showContact />
          </section>

          <section aria-labelledby="home-tasks-h" className="crm-card crm-card-wide">
            <h2 id="home-tasks-h">
              Tasks for today <span className="crm-count">({h.tasksTotal})</span>
            </h2>
            <TaskList tasks={h.tasks} onChange={home.reload} empty="Nothing due today." />
            {h.tasksTotal > h.tasks.length && (
              <p>
                <Link to="/tasks?due=today&status=open">All {h.tasksTotal} tasks due</Link>
              </p>
            )}
          </section>

          <section aria-labelledby="home-leads-h" className="crm-card">
            <h2 id="home-leads-h">
              New leads <span className="crm-count">({h.newLeadsTotal})</span>
            </h2>
            {h.newLeads.length ? (
              <ul className="crm-list">
                {h.newLeads.map((c) => (
                  <li key={c.id}>
                    <Link to={`/contacts/${c.id}`}>{c.name}</Link>{' '}
                    <span className="hint">
                      {[
                        c.eventType,
                        c.eventDate && formatDay(c.eventDate),
                        `added ${formatTime(c.createdAt)}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="crm-empty">No new leads.</p>
            )}
            <p>
              <Link to="/contacts">All contacts</Link>
            </p>
          </section>

          <section aria-labelledby="home-notifications-h" className="crm-card">
            <h2 id="home-notifications-h">
              Unread notifications <span className="crm-count">({h.unreadNotifications})</span>
            </h2>
            {h.notifications.length ? (
              <ul className="crm-list">
                {h.notifications.map((n) => (
                  <li key={n.id}>
                    {n.sessionId ? (
                      <Link to={`/calls/${n.sessionId}`}>{n.title}</Link>
                    ) : n.contactId ? (
                      <Link to={`/contacts/${n.contactId}`}>{n.title}</Link>
                    ) : (
                      n.title
                    )}{' '}
                    <span className="hint">{formatTime(n.createdAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="crm-empty">All read.</p>
            )}
            <p>
              <Link to="/notifications">All notifications</Link>
            </p>
          </section>
        </div>
      )}
    </section>
  );
}
