import { errorResponseSchema, type Endpoint, type RequestOf, type ResponseOf } from '@booth/shared/api';

/** A failed API call: the HTTP status and the API's own message (and per-field issues on a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired on `window` when the API answers 401: the session is over; the app shows the sign-in form. */
/** A failed request as an ApiError: the API's own, or status 0 when it could not be reached at all. */
export const asApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, 'the API cannot be reached');

export const SIGNED_OUT_EVENT = 'booth:signed-out';

function urlOf(e: Endpoint, req: Record<string, unknown>): string {
  const params = (req.params ?? {}) as Record<string, string>;
  const path = e.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls endpoint `e` (a contract from @booth/shared/api): the request is built from its params, query
 * and body, and the answer is parsed with its response schema, so what a page gets is typed and
 * checked. Non-2xx answers throw ApiError with the API's message.
 */
export async function call<E extends Endpoint>(
  e: E,
  req: RequestOf<E>,
  init: { signal?: AbortSignal } = {},
): Promise<ResponseOf<E>> {
  const r = req as Record<string, unknown>;
  const res = await fetch(urlOf(e, r), {
    method: e.method,
    headers: r.body === undefined ? {} : { 'content-type': 'application/json' },
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
    credentials: 'same-origin',
    signal: init.signal,
  });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    const err = errorResponseSchema.safeParse(data);
    throw new ApiError(
      res.status,
      err.success ? err.data.error : `${res.status} ${res.statusText}`,
      err.success ? (err.data.issues ?? []) : [],
    );
  }
  const parsed = e.response.safeParse(data);
  if (!parsed.success) throw new ApiError(res.status, 'the API sent an answer this page does not understand');
  return parsed.data as ResponseOf<E>;
}
