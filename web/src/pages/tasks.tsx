import { TASK_DUE, TASK_STATUS, tasksApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { LoadState } from '../components/crm-feedback';
import { localToday, offsetParam, oneOf } from '../components/crm-format';
import { Pager } from '../components/crm-pager';
import { TaskList } from '../components/task-list';
import { navigate, useLocation } from '../router';

const LIMIT = 50;
const DUE_LABELS: Record<(typeof TASK_DUE)[number], string> = {
  today: 'Due today or overdue',
  overdue: 'Overdue',
  upcoming: 'Upcoming',
  all: 'Any date',
};
const STATUS_LABELS: Record<(typeof TASK_STATUS)[number], string> = {
  open: 'Open',
  done: 'Done',
  all: 'Open and done',
};

/** `/tasks?due=…&status=…`: follow-ups from calls and admins, filtered by due date and status; mark them done. */
export function TasksPage() {
  const { query } = useLocation();
  const due = oneOf(query.get('due'), TASK_DUE, 'today');
  const status = oneOf(query.get('status'), TASK_STATUS, 'open');
  const offset = offsetParam(query.get('offset'));
  const list = useApi(tasksApi.list, { query: { due, status, limit: LIMIT, offset, today: localToday() } });
  const go = (next: { due?: string; status?: string; offset?: number }) => {
    const params = new URLSearchParams({ due: next.due ?? due, status: next.status ?? status });
    if (next.offset) params.set('offset', String(next.offset));
    navigate(`/tasks?${params.toString()}`, { replace: true });
  };
  return (
    <section className="crm-page">
      <h1>Tasks</h1>
      <form className="crm-filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="tasks-due">Due</label>
        <select id="tasks-due" value={due} onChange={(e) => go({ due: e.target.value, offset: 0 })}>
          {TASK_DUE.map((d) => (
            <option key={d} value={d}>
              {DUE_LABELS[d]}
            </option>
          ))}
        </select>
        <label htmlFor="tasks-status">Status</label>
        <select id="tasks-status" value={status} onChange={(e) => go({ status: e.target.value, offset: 0 })}>
          {TASK_STATUS.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </form>
      <LoadState loading={list.loading && !list.data} error={list.error} reload={list.reload} what="tasks" />
      {list.data && (
        <>
          <TaskList tasks={list.data.tasks} onChange={list.reload} empty="No tasks here. Nothing to chase." />
          <Pager offset={offset} limit={LIMIT} total={list.data.total} onOffset={(o) => go({ offset: o })} />
        </>
      )}
    </section>
  );
}
