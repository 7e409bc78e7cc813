import { memo } from 'react';
import type { SessionContext, SuggestionMessage } from '@booth/shared/api';
import { SuggestionActions } from './suggestion-actions';
import { formatOffset } from './time';

/**
 * Suggestions as they arrive during the call (`ul#live-suggestions`), newest first, each a card with
 * its one-click actions over the call's contact (when there is one on file).
 */
function SuggestionListView({
  suggestions,
  sessionId,
  record,
  onRecordChanged,
}: {
  suggestions: SuggestionMessage[];
  sessionId: string;
  record: SessionContext | undefined;
  onRecordChanged: () => void;
}) {
  return (
    <section className="live-panel" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Suggestions</h2>
      <ul id="live-suggestions" className="live-suggestions" aria-live="polite">
        {suggestions.map((s) => (
          <li key={s.id} data-suggestion-id={s.id} data-kind={s.kind}>
            <span className="suggestion-kind">{s.kind}</span>
            <span className="suggestion-text">{s.text}</span>
            {s.quote && <q className="suggestion-quote">{s.quote}</q>}
            <time className="suggestion-time">{formatOffset(s.atMs)}</time>
            <SuggestionActions
              suggestion={s}
              sessionId={sessionId}
              record={record}
              onRecordChanged={onRecordChanged}
            />
          </li>
        ))}
      </ul>
      {suggestions.length === 0 && <p className="hint">Suggestions from the conversation appear here.</p>}
    </section>
  );
}

export const SuggestionList = memo(SuggestionListView);
