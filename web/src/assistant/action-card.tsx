import type { ReactNode } from 'react';
import type { AssistantAction } from '@booth/shared/api';
import { useAssistant } from './assistant-provider';

const OUTCOME: Record<Exclude<AssistantAction['status'], 'proposed'>, string> = {
  done: 'Done',
  refused: 'Cancelled',
  failed: 'Failed',
};

export interface ActionCardViewProps {
  action: AssistantAction;
  /** A decision on it is on its way. */
  busy: boolean;
  onConfirm: () => void;
  onRefuse: () => void;
  /** Shown instead of Confirm / Cancel while proposed (it is someone else's to decide). */
  waiting?: ReactNode;
}

/**
 * A write the assistant proposed (`.assistant-action[data-action-id][data-status]`): its summary, and
 * Confirm / Cancel while it is proposed (or whose it is to decide); then its outcome. Nothing runs
 * until Confirm is pressed.
 */
export function ActionCardView({ action, busy, onConfirm, onRefuse, waiting }: ActionCardViewProps) {
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
      {action.status !== 'proposed' ? (
        <p className="assistant-action-outcome" data-status={action.status}>
          {OUTCOME[action.status]}
          {action.status === 'failed' && action.error ? `: ${action.error}` : ''}
        </p>
      ) : waiting ? (
        <p className="hint assistant-action-waiting">{waiting}</p>
      ) : (
        <div className="assistant-action-buttons">
          <button type="button" className="assistant-confirm" disabled={busy} onClick={onConfirm}>
            Confirm
          </button>
          <button type="button" className="assistant-cancel" disabled={busy} onClick={onRefuse}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

/** A proposed write in the admin's own conversation (decided through the assistant provider). */
export function ActionCard({ action }: { action: AssistantAction }) {
  const { conversation } = useAssistant();
  return (
    <ActionCardView
      action={action}
      busy={conversation.deciding.has(action.id)}
      onConfirm={() => void conversation.confirm(action.id)}
      onRefuse={() => void conversation.refuse(action.id)}
    />
  );
}
