import type { AnswerItem } from '@booth/shared/api';
import { Link } from '../router';
import { clock } from '../components/call-format';

/** One moment of a call: the sentence said, by whom and when, linking to the call there. */
function Moment({ item }: { item: AnswerItem }) {
  return (
    <Link to={item.path} className="assistant-moment" data-kind="moment" data-item-id={item.id}>
      <span className="assistant-item-title">{item.title}</span>
      {item.quote && <q>{item.quote}</q>}
      <span className="hint">
        {item.speaker ?? 'Someone'}
        {typeof item.atMs === 'number' ? ` at ${clock(item.atMs)}` : ''}
      </span>
    </Link>
  );
}

/** The rows of an answer (`ul.assistant-items`), each a link to where it is in the dashboard. */
export function AnswerItems({ items }: { items: AnswerItem[] }) {
  if (!items.length) return null;
  return (
    <ul className="assistant-items">
      {items.map((item) => (
        <li key={`${item.kind}-${item.id}`}>
          {item.kind === 'moment' ? (
            <Moment item={item} />
          ) : (
            <Link to={item.path} data-kind={item.kind} data-item-id={item.id}>
              <span className="assistant-item-title">{item.title}</span>
              {item.subtitle && <span className="hint">{item.subtitle}</span>}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
