import type { AgentState as State } from '@booth/shared/api';
import type { VoiceStatus } from './assistant-room';

const STATE_TEXT: Record<State, string> = {
  initializing: 'Starting…',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
};

const STATUS_TEXT: Record<VoiceStatus, string> = {
  off: 'Voice off',
  connecting: 'Connecting…',
  connected: 'Waiting for the assistant…',
  reconnecting: 'Reconnecting…',
  failed: 'Voice unavailable',
};

/** What the voice assistant is doing (its `lk.agent.state`), as text read out when it changes. */
export function AgentStateLine({
  status,
  agent,
  state,
  late = false,
}: {
  status: VoiceStatus;
  agent: string | undefined;
  state: State | undefined;
  /** Connected for a while without the agent. */
  late?: boolean;
}) {
  const inRoom = status === 'connected' && agent !== undefined;
  const text = inRoom
    ? state
      ? STATE_TEXT[state]
      : 'Ready'
    : late && status === 'connected'
      ? 'The assistant has not joined yet'
      : STATUS_TEXT[status];
  return (
    <span
      id="assistant-agent-state"
      className="assistant-agent-state"
      role="status"
      aria-live="polite"
      data-state={inRoom ? (state ?? 'ready') : status}
    >
      {text}
    </span>
  );
}
