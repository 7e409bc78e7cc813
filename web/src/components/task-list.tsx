import { useState } from 'react';
import { tasksApi, type Task } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { Link } from '../router';
import { formatDay, localToday } from './crm-format';

/**
 * Tasks as a table: what, who acts, due (overdue marked), the contact and the call it came from, and
 * a button to mark it done (or open again). `onChange` runs after a task changed, to reload the list.
 * Each row is `#task-<id>` (a missed call's link to its callback task lands there).
 */
export function TaskList({
  tasks,
  onChange,
  showContact = true,
  empty = 'No tasks.',
}: {
  tasks: Task[];
  onChange: () => void;
  showContact?: boolean;
  empty?: string;
}) {
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState('');
  const today = localToday();
  if (!tasks.length) return <p className="crm-empty">{empty}</p>;
  const toggle = async (task: Task) => {
    setBusy(task.id);
    setError('');
    try {
      await call(tasksApi.update, { params: { id: task.id }, body: { done: !task.done } });
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not update the task');
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <div className="crm-table-wrap">
        <table className="crm-table crm-cards">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Who</th>
              <th scope="col">Due</th>
              {showContact && <th scope="col">Contact</th>}
              <th scope="col">Call</th>
              <th scope="col">
                <span className="crm-sr">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => {
              const overdue = !t.done && t.dueDate !== null && t.dueDate < today;
              return (
                <tr key={t.id} id={`task-${t.id}`} className={t.done ? 'crm-done' : undefined}>
                  <td data-label="Task">
                    {t.title}
                    {t.done && <span className="crm-badge">done</span>}
                  </td>
                  <td data-label="Who">{t.owner === 'client' ? 'Client' : 'Us'}</td>
                  <td data-label="Due">
                    {t.dueDate ? formatDay(t.dueDate) : '—'}
                    {overdue && <span className="crm-badge crm-badge-warn">overdue</span>}
                  </td>
                  {showContact && (
                    <td data-label="Contact">
                      {t.contact ? <Link to={`/contacts/${t.contact.id}`}>{t.contact.name}</Link> : '—'}
                    </td>
                  )}
                  <td data-label="Call">
                    {t.sessionId ? <Link to={`/calls/${t.sessionId}`}>Open the call</Link> : '—'}
                  </td>
                  <td data-label="">
                    <button type="button" disabled={busy === t.id} onClick={() => void toggle(t)}>
                      {t.done ? 'Reopen' : 'Mark done'}
                      <span className="crm-sr">: {t.title}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
