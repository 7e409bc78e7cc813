import { trackersApi } from '@booth/shared/api';
import { call } from '../api/client';
import { useApi } from '../api/use-api';
import { LoadState } from '../components/crm-feedback';
import { TrackerForm, type TrackerInput } from '../components/tracker-form';
import { TrackerItem } from '../components/tracker-item';
import '../styles/trackers.css';

/**
 * `/trackers`: keyword trackers (a name and the words that count for it: competitors' names, "price,
 * cost, afford"), highlighted in live captions, counted per call, searchable; add, change, delete.
 */
export function TrackersPage() {
  const list = useApi(trackersApi.list, {});
  const add = async (input: TrackerInput) => {
    await call(trackersApi.create, { body: input });
    list.reload();
  };
  const trackers = list.data?.trackers;
  return (
    <section className="crm-page">
      <h1>Keyword trackers</h1>
      <p>
        Words and phrases to watch for on calls. They are highlighted in the live captions, counted on each
        call's page and can be searched; a tracker can notify you the first time a call says it. Calls
        transcribed from now on count them.
      </p>
      <h2>New tracker</h2>
      <TrackerForm onSave={add} />
      <h2>Trackers {trackers && <span className="crm-count">({trackers.length})</span>}</h2>
      <LoadState
        loading={list.loading && !list.data}
        error={list.error}
        reload={list.reload}
        what="the trackers"
      />
      {trackers &&
        (trackers.length ? (
          <ul id="trackers" className="crm-list tracker-list">
            {trackers.map((t) => (
              <TrackerItem key={`${t.id}:${t.updatedAt}`} tracker={t} onChange={list.reload} />
            ))}
          </ul>
        ) : (
          <p className="crm-empty">No trackers yet.</p>
        ))}
    </section>
  );
}
