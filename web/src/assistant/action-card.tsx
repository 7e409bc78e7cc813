import type { AssistantAction } from '@booth/shared/api';
import { useAssistant } from './assistant-provider';

const OUTCOME: Record<Exclude<AssistantAction['status'], 'proposed'>, string> = {
  done: 'Done',
  refused: 'Cancelled',
  failed: 'Failed',
};

/**
 * A write the assistant proposed (`.assistant-action[data-action-id][data-status]`): its summary, and
 * Confirm / Cancel while it is proposed; then its outcome. Nothing runs until Confirm is pressed.
 */
export function ActionCard({ action }: { action: AssistantAction }) {
  const { conversation } = useAssistant();
  const busy = conversation.deciding.has(action.id);
  const titleId = `assistant-action-${action.id}`;
  return (
    <div
      className="assistant-action"
      role="group"
      aria-labelledby={titleId}
      data-action-id={action.id}
      data-status={action.status}
    >
      <p id={titleId} className="assistant-action-summary">
        {action.summary}
      </p>
      {action.status === 'proposed' ? (
        <div className="assistant-action-buttons">
          <button
            type="button"
            className="assistant-confirm"
            disabled={busy}
            onClick={() => void conversation.confirm(action.id)}
          >
            Confirm
          </button>
          <button
            type="button"
            className="assistant-cancel"
            disabled={busy}
            onClick={() => void conversation.refuse(action.id)}
          >
            Cancel
          </button>
        </div>
      ) : (
        <p className="assistant-action-outcome" data-status={action.status}>
          {OUTCOME[action.status]}
          {action.status === 'failed' && action.error ? `: ${action.error}` : ''}
        </p>
      )}
    </div>
  );
}
