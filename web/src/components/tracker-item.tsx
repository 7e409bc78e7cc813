import { useState } from 'react';
import { trackersApi, type TrackerView } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { Link } from '../router';
import { TrackerForm, type TrackerInput } from './tracker-form';

/**
 * One keyword tracker in the list: its phrases as chips and its flags; Edit opens its form in place,
 * Delete asks first (its hits go with it).
 */
export function TrackerItem({ tracker, onChange }: { tracker: TrackerView; onChange: () => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (input: TrackerInput) => {
    await call(trackersApi.update, { params: { id: tracker.id }, body: input });
    setMode('view');
    onChange();
  };
  const remove = async () => {
    setBusy(true);
    setError('');
    try {
      await call(trackersApi.remove, { params: { id: tracker.id } });
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not delete the tracker');
      setBusy(false);
    }
  };

  if (mode === 'edit') {
    return (
      <li data-tracker-id={tracker.id}>
        <h3 className="tracker-name">{tracker.name}</h3>
        <TrackerForm tracker={tracker} onSave={save} onCancel={() => setMode('view')} />
      </li>
    );
  }
  return (
    <li data-tracker-id={tracker.id}>
      <div className="tracker-head">
        <h3 className="tracker-name">{tracker.name}</h3>
        {tracker.clientOnly && <span className="crm-badge">Client only</span>}
        {tracker.notify && <span className="crm-badge">Notifies</span>}
      </div>
      <ul className="tracker-chips" aria-label={`${tracker.name} phrases`}>
        {tracker.phrases.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <div className="tracker-actions">
        <Link to={`/search?tracker=${encodeURIComponent(tracker.id)}`}>Calls that said it</Link>
        {mode === 'view' ? (
          <>
            <button type="button" onClick={() => setMode('edit')}>
              Edit
            </button>
            <button type="button" onClick={() => setMode('confirm')}>
              Delete
            </button>
          </>
        ) : (
          <span role="group" aria-label={`Delete ${tracker.name}?`} className="tracker-actions">
            <span>Delete “{tracker.name}” and its counts?</span>
            <button type="button" onClick={() => void remove()} disabled={busy}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setMode('view')} disabled={busy}>
              Keep it
            </button>
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
