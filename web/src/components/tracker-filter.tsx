import { useId } from 'react';
import { trackersApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import '../styles/trackers.css';

/**
 * The search page's "said a tracker's words" filter: a select of the keyword trackers (name
 * `tracker`, so it goes with the form); nothing to show when there are none.
 */
export function TrackerFilter({ value, onChange }: { value: string; onChange: (trackerId: string) => void }) {
  const id = useId();
  const { data, error } = useApi(trackersApi.list, {});
  if (error) return <p className="hint">The tracker filter is not available: {error.message}.</p>;
  const trackers = data?.trackers ?? [];
  if (!trackers.length && !value) return null;
  return (
    <span className="call-search-filter">
      <label htmlFor={id}>Tracker</label>
      <select id={id} name="tracker" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any call</option>
        {trackers.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
        {value && data && !trackers.some((t) => t.id === value) && (
          <option value={value}>(deleted tracker)</option>
        )}
      </select>
    </span>
  );
}
