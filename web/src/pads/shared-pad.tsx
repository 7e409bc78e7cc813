import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  DATA_TOPICS,
  MAX_PAD_TEXT,
  PAD_RECENT_CHANGES,
  padMessageSchema,
  type PadChangeView,
  type PadMessage,
  type PadScope,
} from '@booth/shared/api';
import { useNotifications } from '../live/notifications';
import { useVerifiedData } from '../live/verified-data';
import { useAdmin } from '../session';
import { PadChanges } from './pad-changes';
import { LOCAL_EDIT, PadSync, type PadStatus } from './pad-sync';
import { movePosition } from './text-diff';
import { typingLine, useTyping } from './typing';
import '../styles/shared-pad.css';

const STATUS_TEXT: Record<PadStatus, string> = {
  loading: 'Loading…',
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline: your changes are kept here and sent when you are back',
  failed: 'Not saved',
};

/** Changes merged by id, newest first, at most as many as the API lists. */
function mergeChanges(list: PadChangeView[], more: PadChangeView[]): PadChangeView[] {
  const byId = new Map(list.map((c) => [c.id, c]));
  for (const c of more) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, PAD_RECENT_CHANGES);
}

export interface SharedPadProps {
  /** Whose pad: a collaboration room's (`session`) or a contact's. */
  scope: PadScope;
  /** The session's or contact's id. */
  id: string;
  /** The textarea's accessible name; default "Shared notes". */
  label?: string;
}

/**
 * A shared notes pad several admins edit at once (GET/POST /api/pads/:scope/:id, live on
 * `booth.pads` in the notifications room; pad-sync.ts). The textarea is bound to the pad's Y.Text:
 * each edit becomes a splice in one Yjs transaction, others' changes are merged in with the caret
 * kept where it was in the text. Shows whether everything is saved (changes typed offline wait and
 * are sent on reconnecting), who else is typing, and the latest changes with their authors.
 */
export function SharedPad({ scope, id, label = 'Shared notes' }: SharedPadProps) {
  const admin = useAdmin();
  const { live, connections } = useNotifications();
  const labelId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const sync = useRef<PadSync | undefined>(undefined);
  const [status, setStatus] = useState<{ status: PadStatus; error: string | undefined }>({
    status: 'loading',
    error: undefined,
  });
  const [changes, setChanges] = useState<PadChangeView[]>([]);
  const { typing, saw } = useTyping();
  const me = admin.name ?? admin.email;

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    setChanges([]);
    const pad = new PadSync(
      scope,
      id,
      { id: admin.id, name: me },
      {
        status: (s, error) => setStatus({ status: s, error }),
        changes: (list, replace) => setChanges((old) => mergeChanges(replace ? [] : old, list)),
      },
    );
    sync.current = pad;
    el.value = '';
    // Others' changes: the new text, with this admin's caret (and selection) moved along with it.
    const onRemote = (event: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === LOCAL_EDIT) return;
      const value = pad.text.toString();
      if (el.value === value) return;
      const { selectionStart, selectionEnd, selectionDirection, scrollTop } = el;
      const focused = document.activeElement === el;
      el.value = value;
      if (focused) {
        el.setSelectionRange(
          movePosition(selectionStart, event.delta),
          movePosition(selectionEnd, event.delta),
          selectionDirection,
        );
      }
      el.scrollTop = scrollTop;
    };
    pad.text.observe(onRemote);
    return () => {
      pad.text.unobserve(onRemote);
      pad.stop();
      if (sync.current === pad) sync.current = undefined;
    };
  }, [scope, id, admin.id, me]);

  // After the notifications room (re)connects, what was published meanwhile is read from the API.
  useEffect(() => {
    if (connections > 0) void sync.current?.load();
  }, [connections]);

  const onMessage = useCallback(
    (m: PadMessage) => {
      if (m.scope !== scope || m.id !== id) return;
      sync.current?.applyRemote(m.update);
      const { changeId, author, at, inserted, deleted } = m;
      setChanges((old) => mergeChanges(old, [{ id: changeId, author, at, inserted, deleted }]));
      if (author.id !== admin.id) saw(author);
    },
    [scope, id, admin.id, saw],
  );
  useVerifiedData(live, DATA_TOPICS.pads, padMessageSchema, onMessage);

  const editable = status.status !== 'loading' && status.status !== 'failed';
  const others = typingLine(typing);
  return (
    <div className="shared-pad" data-pad-scope={scope} data-pad-id={id} data-status={status.status}>
      <label htmlFor={labelId} className="call-visually-hidden">
        {label}
      </label>
      <textarea
        id={labelId}
        ref={area}
        className="shared-pad-text"
        rows={8}
        maxLength={MAX_PAD_TEXT}
        readOnly={!editable}
        placeholder={editable ? 'Notes everyone can edit at the same time…' : ''}
        spellCheck
        onInput={(e) => sync.current?.edit(e.currentTarget.value)}
      />
      <p className="shared-pad-status">
        <span className="shared-pad-sync" role="status">
          {STATUS_TEXT[status.status]}
          {status.status === 'failed' && status.error && `: ${status.error}. Reload the page to go on.`}
        </span>
        <span className="shared-pad-typing" aria-live="polite">
          {others}
        </span>
      </p>
      <PadChanges changes={changes} labelId={labelId} />
    </div>
  );
}
