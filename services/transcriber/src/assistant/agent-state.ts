import type { LocalParticipant } from '@livekit/rtc-node';
import { AGENT_STATE_ATTRIBUTE, type AgentState } from '@booth/shared/api';
import type { Logger } from '@booth/shared';

/**
 * The agent's `lk.agent.state` participant attribute (initializing → listening ⇄ thinking → speaking),
 * as LiveKit agents publish it; the page shows it. Updates are applied in order, one at a time, and a
 * state already set is not sent again. A failed update is logged, never thrown.
 */
export class AgentStateAttribute {
  private state: AgentState | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly participant: () => LocalParticipant | undefined,
    private readonly log: Logger,
  ) {}

  /** The state last set. */
  get current(): AgentState | undefined {
    return this.state;
  }

  set(state: AgentState): void {
    if (state === this.state) return;
    this.state = state;
    this.chain = this.chain.then(async () => {
      const p = this.participant();
      if (!p || this.state !== state) return;
      await p
        .setAttributes({ [AGENT_STATE_ATTRIBUTE]: state })
        .catch((err: unknown) => this.log.warn({ err, state }, 'could not set the agent state'));
    });
  }

  /** Resolves once the updates asked for so far are sent. */
  flush(): Promise<void> {
    return this.chain;
  }
}
