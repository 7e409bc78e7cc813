import type { Logger } from '@booth/shared';
import type { Plan, PlanContext, Planner } from '../planner/planner';
import { ModelRejectedError, isModelError } from './errors';

/** The note on a plan made by the rules because the model was down, slow or rate limited. */
export const UNAVAILABLE_NOTE =
  'The language model is not available right now, so this was understood with the built-in rules.';
/** The note on a plan made by the rules because the model's server refused the request. */
export const REJECTED_NOTE =
  'The language model refused the request (check its settings), so this was understood with the built-in rules.';

/**
 * A model planner that falls back on the rules: when the model cannot be reached, times out, is rate
 * limited or refuses the request, the utterance is planned by `rules` and the plan carries a `note`
 * saying so (its presence is how the caller knows a fallback happened). An `invalid` plan from the
 * model is NOT a failure: it is returned as is (nothing runs; the admin is told why). Errors that
 * are not the model's (a bug) propagate.
 */
export class FallbackPlanner implements Planner {
  readonly name: string;

  constructor(
    private readonly primary: Planner,
    private readonly rules: Planner,
    private readonly logger: Logger,
  ) {
    this.name = primary.name;
  }

  async plan(text: string, ctx: PlanContext): Promise<Plan> {
    try {
      return await this.primary.plan(text, ctx);
    } catch (err) {
      if (!isModelError(err)) throw err;
      const rejected = err instanceof ModelRejectedError;
      const fields = { provider: err.provider, status: err.status, rejected, err: err.message };
      if (rejected) this.logger.warn(fields, 'assistant model refused the request; planning with rules');
      else this.logger.warn(fields, 'assistant model unavailable; planning with rules');
      const plan = await this.rules.plan(text, ctx);
      return { ...plan, note: rejected ? REJECTED_NOTE : UNAVAILABLE_NOTE };
    }
  }
}
