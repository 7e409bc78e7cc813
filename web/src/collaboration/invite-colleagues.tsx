import { useId, useState } from 'react';
import { LISTENABLE_KINDS, collaborationApi, type Colleague } from '@booth/shared/api';
import { call } from '../api/client';
import { ActionStatus } from '../api/action-status';
import { useAction } from '../api/use-action';
import { useApi } from '../api/use-api';

/**
 * Ask colleagues into an open room (`section#invite-colleagues`): each one picked gets a notification
 * with Join; on a call or consultation, also "Ask to listen in" (they join hidden from the client and
 * can whisper).
 */
export function InviteColleagues({ session }: { session: { id: string; kind: string; status: string } }) {
  const ids = useId();
  const colleagues = useApi(collaborationApi.colleagues, {});
  const [picked, setPicked] = useState<string[]>([]);
  const send = useAction<{ invited: Colleague[] }>(() => setPicked([]));
  if (session.status === 'ended') return null;
  const list = colleagues.data?.colleagues ?? [];
  if (colleagues.data && !list.length) return null;
  const listenable = LISTENABLE_KINDS.includes(session.kind);
  const ask = (listenOnly: boolean) =>
    void send.run(() =>
      call(collaborationApi.invite, { params: { id: session.id }, body: { adminIds: picked, listenOnly } }),
    );
  const toggle = (id: string, on: boolean) =>
    setPicked((prev) => (on ? [...prev, id] : prev.filter((p) => p !== id)));
  return (
    <section id="invite-colleagues" className="invite-colleagues" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Ask a colleague in</h2>
      <ul className="colleague-list">
        {list.map((c) => (
          <li key={c.id}>
            <label>
              <input
                type="checkbox"
                checked={picked.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />{' '}
              {c.name}
            </label>
          </li>
        ))}
      </ul>
      <div className="invite-colleague-actions">
        <button type="button" disabled={!picked.length || send.busy} onClick={() => ask(false)}>
          Ask to join
        </button>
        {listenable && (
          <button type="button" disabled={!picked.length || send.busy} onClick={() => ask(true)}>
            Ask to listen in
          </button>
        )}
      </div>
      <ActionStatus action={send} done={(r) => `Asked ${r.invited.map((c) => c.name).join(', ')}.`} />
    </section>
  );
}
