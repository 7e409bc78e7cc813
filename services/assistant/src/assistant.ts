import type { Db } from '@booth/db';
import type { Config, Logger, Mailer } from '@booth/shared';
import type {
  AssistantAction,
  AssistantMessage,
  Conversation,
  TurnEvent,
  TurnResult,
  TurnSource,
} from '@booth/shared/api';
import type { Plan, PlanContext, Planner } from './planner/planner';
import type { PlannerConfig } from './providers';

export interface TurnInput {
  adminId: string;
  /** Default: the admin's latest conversation, or a new one. */
  conversationId?: string;
  /** A collaboration room: the turn goes into its shared conversation (`conversationId` is ignored). */
  sessionId?: string;
  text: string;
  source: TurnSource;
  /** The admin's today, `YYYY-MM-DD`; default the server's local date. */
  today?: string;
}

export interface Decision {
  action: AssistantAction;
  reply: AssistantMessage;
}

/** The assistant's core, used alike by the API, the voice agent and the CLI. */
export interface Assistant {
  readonly planner: Planner;
  /**
   * One turn: stores what the admin said, plans it, runs a read at once or proposes a write (or
   * confirms/refuses the pending proposal when the text is "yes"/"no"), stores the reply. `onEvent`
   * sees the reply as it forms.
   */
  turn(input: TurnInput, onEvent?: (e: TurnEvent) => void): Promise<TurnResult>;
  /** Runs a proposed action once; a repeated confirm answers the recorded outcome. */
  confirm(adminId: string, actionId: string, opts?: { contactId?: string }): Promise<Decision>;
  refuse(adminId: string, actionId: string): Promise<Decision>;
  /** One of the admin's conversations with its messages, oldest first (another admin's: 404). */
  conversation(adminId: string, id: string): Promise<Conversation & { messages: AssistantMessage[] }>;
  /** The id of a collaboration room's shared conversation (started by `adminId` if needed). */
  sharedConversationId(adminId: string, sessionId: string): Promise<string>;
  /** A collaboration room's shared conversation with its messages, oldest first (started by `adminId` if needed). */
  sharedConversation(
    adminId: string,
    sessionId: string,
  ): Promise<Conversation & { messages: AssistantMessage[] }>;
  /** Plans only (the CLI's --dry-run): nothing is stored or run, names are not resolved. */
  plan(text: string, ctx: PlanContext): Promise<Plan>;
}

/** The settings the assistant reads: the planner's (LLM_*), email (SMTP_*) and links (PUBLIC_URL). */
export type AssistantConfig = PlannerConfig & Pick<Config, 'SMTP_URL' | 'SMTP_FROM' | 'PUBLIC_URL'>;

export interface AssistantOptions {
  config: AssistantConfig;
  db: Db;
  logger: Logger;
  /** Default: the one LLM_PROVIDER names (rules for `none`). */
  planner?: Planner;
  /** Sends consultation invites; default the SMTP_URL relay, none when unset; `null` never sends. */
  mailer?: Mailer | null;
}
