import {
  TURN_STREAM_TYPE,
  assistantApi,
  errorResponseSchema,
  turnEventSchema,
  turnResultSchema,
  type RequestOf,
  type TurnEvent,
  type TurnResult,
} from '@booth/shared/api';
import { ApiError, SIGNED_OUT_EVENT } from '../api/client';

export type TurnBody = NonNullable<RequestOf<typeof assistantApi.turn>['body']>;

const UNREADABLE = 'the API sent an answer this page does not understand';

/** A non-2xx answer as client.ts reports it: the API's message (a 401 also signs the page out). */
async function refusal(res: Response): Promise<ApiError> {
  if (res.status === 401) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  const data: unknown = await res.json().catch(() => undefined);
  const err = errorResponseSchema.safeParse(data);
  return new ApiError(
    res.status,
    err.success ? err.data.error : `${res.status} ${res.statusText}`,
    err.success ? (err.data.issues ?? []) : [],
  );
}

/** The lines of a streamed body as they complete (the last one even without a trailing newline). */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) yield line;
        nl = buffered.indexOf('\n');
      }
    }
    buffered += decoder.decode();
    if (buffered.trim()) yield buffered.trim();
  } finally {
    await reader.cancel().catch(() => undefined); // a reply read to `done` leaves nothing wanted
  }
}

function parseEvent(line: string, status: number): TurnEvent {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new ApiError(status, UNREADABLE);
  }
  const parsed = turnEventSchema.safeParse(data);
  if (!parsed.success) throw new ApiError(status, UNREADABLE);
  return parsed.data;
}

/**
 * One typed turn, its reply streamed (POST …/turns with `Accept: application/x-ndjson`): every event
 * (thinking, delta…) goes to `onEvent` as its line arrives; resolves with the stored turn of `done`.
 * A refusal, an `error` event or a stream cut off before `done` throw ApiError. An API that answers
 * with plain JSON instead (no streaming) is read as the whole turn.
 */
export async function streamTurn(
  conversationId: string,
  body: TurnBody,
  onEvent: (e: TurnEvent) => void,
  signal?: AbortSignal,
): Promise<TurnResult> {
  const res = await fetch(assistantApi.turn.path.replace(':id', encodeURIComponent(conversationId)), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: TURN_STREAM_TYPE },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok) throw await refusal(res);
  if (!res.headers.get('content-type')?.includes(TURN_STREAM_TYPE) || !res.body) {
    const whole = turnResultSchema.safeParse(await res.json().catch(() => undefined));
    if (!whole.success) throw new ApiError(res.status, UNREADABLE);
    return whole.data;
  }
  for await (const line of lines(res.body)) {
    const event = parseEvent(line, res.status);
    if (event.type === 'done') return event.turn;
    if (event.type === 'error') throw new ApiError(res.status, event.error);
    onEvent(event);
  }
  throw new ApiError(res.status, 'the reply was cut off before it was complete');
}
