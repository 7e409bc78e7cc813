import { PermanentError } from '@booth/shared';
import { LlmUnavailableError } from '../llm/provider';

/** Thrown for output that is not the analysis JSON; retried, the raw text kept for inspection. */
export class InvalidOutputError extends Error {
  constructor(
    message: string,
    readonly raw: string,
  ) {
    super(message);
    this.name = 'InvalidOutputError';
  }
}

/** The longest error stored on an analysis row and a failed job (served by the API, shown by the dashboard). */
const MAX_LENGTH = 240;

export const DATABASE_FAILURE =
  'The analysis could not be saved because of a database error; the details are in the worker log.';
export const UNEXPECTED_FAILURE =
  'The analysis failed because of an unexpected error; the details are in the worker log.';
export const STALLED_FAILURE =
  'The analysis was interrupted too many times (its worker stopped mid-way); analyse the call again to retry.';

const isDatabaseError = (err: unknown) =>
  err instanceof Error && /^(PrismaClient|DriverAdapterError)/.test(err.name);

/**
 * What an admin is told about a failed analysis: one short line. Our own errors about the model and
 * the job say what happened; anything else (Prisma's message with its source path and code excerpt,
 * a stack) becomes a fixed sentence, the details going to the worker log with the job id.
 */
export function publicError(err: unknown): string {
  if (
    err instanceof InvalidOutputError ||
    err instanceof LlmUnavailableError ||
    err instanceof PermanentError
  ) {
    const line = err.message.replace(/\s+/g, ' ').trim();
    return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
  }
  return isDatabaseError(err) ? DATABASE_FAILURE : UNEXPECTED_FAILURE;
}
