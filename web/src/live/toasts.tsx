import { useEffect, useState } from 'react';
import { Link } from '../router';
import type { NotificationToast } from './notifications';

/** How long a toast stays (while it is not hovered or focused). */
const TOAST_MS = 8000;

function Toast({ toast, onDismiss }: { toast: NotificationToast; onDismiss: (id: string) => void }) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, toast.id, onDismiss]);
  return (
    <li
      className="toast-item"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <Link
        to={toast.href}
        className="toast"
        data-notification-id={toast.id}
        onClick={() => onDismiss(toast.id)}
      >
        <strong className="toast-title">{toast.title}</strong>
        {toast.body && <span className="toast-body">{toast.body}</span>}
        {toast.action && <span className="toast-action">{toast.action}</span>}
      </Link>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

/** New notifications (`#toasts`, a polite live region), each a link to what it is about. */
export function Toasts({
  toasts,
  onDismiss,
}: {
  toasts: NotificationToast[];
  onDismiss: (id: string) => void;
}) {
  return (
    <ol id="toasts" className="toasts" aria-live="polite" aria-label="New notifications">
      {toasts.map((t) => (
        <Toast key={t.id} toast={t} onDismiss={onDismiss} />
      ))}
    </ol>
  );
}
