import { validateToolCall } from '@booth/shared/api';
import type { Plan, PlanContext, Planner } from '../planner';
import type { Intent } from './intent';
import { intentOf } from './intents';
import { NOT_UNDERSTOOD_REPLY, smallTalkReply } from './replies';
import { cleanUtterance } from './text';

export { cleanUtterance } from './text';
export { findDate, type DateSense, type FoundDate } from './dates';
export { leadStatusIn } from './lead-status';
export { invoiceStatusIn, type InvoiceFilter } from './invoice-status';
export { routeNamed } from './routes';
export { cleanName } from './names';
export { HELP_REPLY, NOT_UNDERSTOOD_REPLY } from './replies';

/** An intent as a plan: its call when the arguments validate, else its question as a reply. */
function toPlan(intent: Intent): Plan {
  if ('reply' in intent) return { kind: 'reply', text: intent.reply };
  const args = Object.fromEntries(Object.entries(intent.args).filter(([, v]) => v !== undefined && v !== ''));
  const checked = validateToolCall(intent.tool, args);
  return checked.ok ? { kind: 'call', call: checked.call } : { kind: 'reply', text: intent.ask };
}

/**
 * The deterministic planner (LLM_PROVIDER=none, and the fallback when a model is unavailable):
 * everyday English, typed or as Whisper transcribes it, mapped by rules to one tool call whose
 * arguments pass the tool's schema, or to a reply (greetings, help, not understood, or the question
 * to ask when something needed was not said).
 */
export class RulePlanner implements Planner {
  readonly name = 'rules';

  /** Plans one utterance synchronously (see {@link RulePlanner}); `ctx.today` resolves relative dates. */
  planUtterance(text: string, ctx: PlanContext): Plan {
    const clean = cleanUtterance(text);
    const small = smallTalkReply(clean);
    if (small !== undefined) return { kind: 'reply', text: small };
    const intent = intentOf({ text: clean, today: ctx.today });
    return intent ? toPlan(intent) : { kind: 'reply', text: NOT_UNDERSTOOD_REPLY };
  }

  /** {@link RulePlanner.planUtterance}, as the {@link Planner} interface asks. */
  plan(text: string, ctx: PlanContext): Promise<Plan> {
    return Promise.resolve(this.planUtterance(text, ctx));
  }
}
