import { PermanentError, isRetryableStatus } from '@booth/shared';

/** Which model provider a planner talks to. */
export type ModelProvider = 'openai' | 'ollama';

/** What is known about a failed request to the model. */
export interface ModelErrorDetails {
  provider: ModelProvider;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** How long the server asked to wait before retrying (`retry-after-ms` / `retry-after`), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The model could not be reached, timed out, answered 408/429/5xx or sent a body that is not its
 * protocol's answer: the assistant plans with the rules instead.
 */
export class ModelUnavailableError extends Error {
  readonly provider: ModelProvider;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ModelErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'ModelUnavailableError';
    this.provider = details.provider;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The model's server refused the request (4xx other than 408/429: a bad key, an unknown model). */
export class ModelRejectedError extends PermanentError {
  readonly provider: ModelProvider;
  readonly status: number;

  constructor(message: string, details: ModelErrorDetails & { status: number }) {
    super(message, { cause: details.cause });
    this.name = 'ModelRejectedError';
    this.provider = details.provider;
    this.status = details.status;
  }
}

/** Either failure of a model request. */
export type ModelError = ModelUnavailableError | ModelRejectedError;

export const isModelError = (err: unknown): err is ModelError =>
  err instanceof ModelUnavailableError || err instanceof ModelRejectedError;

/** Unavailable for timeouts, connection failures, 408/429/5xx; rejected for other HTTP errors. */
export function classifyModelError(message: string, details: ModelErrorDetails): ModelError {
  const { status } = details;
  const short = message.slice(0, 300);
  if (status !== undefined && !isRetryableStatus(status)) {
    return new ModelRejectedError(`model request rejected (HTTP ${status}): ${short}`, {
      ...details,
      status,
    });
  }
  return new ModelUnavailableError(
    status !== undefined ? `model request failed (HTTP ${status}): ${short}` : `model unreachable: ${short}`,
    details,
  );
}

/**
 * The wait a response asks for: `retry-after-ms` (OpenAI's), else `retry-after` as seconds or an
 * HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
