import { z } from 'zod';

/**
 * Twilio Media Streams, bidirectional (`<Connect><Stream>`), as documented in "Media Streams -
 * WebSocket Messages". Numbers arrive as strings; unknown events and fields are ignored, not errors.
 */
const numeric = z.union([z.string(), z.number()]).pipe(z.coerce.number().int().nonnegative());

const connected = z.object({ event: z.literal('connected'), protocol: z.string().optional() });

const start = z.object({
  event: z.literal('start'),
  sequenceNumber: numeric.optional(),
  streamSid: z.string().min(1).max(64),
  start: z.object({
    streamSid: z.string().min(1).max(64).optional(),
    accountSid: z.string().max(64).optional(),
    callSid: z.string().min(1).max(64),
    tracks: z.array(z.string()).optional(),
    customParameters: z.record(z.string(), z.string()).default({}),
    mediaFormat: z
      .object({
        encoding: z.string(),
        sampleRate: numeric,
        channels: numeric,
      })
      .optional(),
  }),
});

const media = z.object({
  event: z.literal('media'),
  sequenceNumber: numeric.optional(),
  streamSid: z.string().max(64).optional(),
  media: z.object({
    track: z.string().optional(),
    chunk: numeric.optional(),
    timestamp: numeric.optional(),
    /** base64 µ-law, 8 kHz mono (160 bytes = 20 ms). */
    payload: z.string().max(64_000),
  }),
});

const dtmf = z.object({
  event: z.literal('dtmf'),
  sequenceNumber: numeric.optional(),
  streamSid: z.string().max(64).optional(),
  dtmf: z.object({ track: z.string().optional(), digit: z.string().regex(/^[0-9*#A-Da-d]$/) }),
});

const mark = z.object({
  event: z.literal('mark'),
  sequenceNumber: numeric.optional(),
  streamSid: z.string().max(64).optional(),
  mark: z.object({ name: z.string().max(256) }),
});

const stop = z.object({
  event: z.literal('stop'),
  sequenceNumber: numeric.optional(),
  streamSid: z.string().max(64).optional(),
  stop: z.object({ accountSid: z.string().optional(), callSid: z.string().optional() }).optional(),
});

export const twilioStreamMessageSchema = z.discriminatedUnion('event', [
  connected,
  start,
  media,
  dtmf,
  mark,
  stop,
]);
export type TwilioStreamMessage = z.output<typeof twilioStreamMessageSchema>;
export type TwilioStartMessage = z.output<typeof start>;

const KNOWN_EVENTS = new Set(['connected', 'start', 'media', 'dtmf', 'mark', 'stop']);

export type ParsedStreamMessage =
  | { ok: true; message: TwilioStreamMessage }
  /** An event this protocol version does not define (ignored). */
  | { ok: false; ignored: true; event: string }
  /** Not JSON, or a known event with the wrong shape. */
  | { ok: false; ignored: false; error: string };

/** One WebSocket text frame from Twilio. */
export function parseStreamMessage(text: string): ParsedStreamMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, ignored: false, error: 'not JSON' };
  }
  const event =
    raw && typeof raw === 'object' && 'event' in raw && typeof raw.event === 'string' ? raw.event : undefined;
  if (event === undefined) return { ok: false, ignored: false, error: 'no event' };
  if (!KNOWN_EVENTS.has(event)) return { ok: false, ignored: true, event: event.slice(0, 40) };
  const parsed = twilioStreamMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      ignored: false,
      error: `${event}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  return { ok: true, message: parsed.data };
}

/** Messages Booth sends to Twilio on a bidirectional stream. */
export const streamMedia = (streamSid: string, mulaw: Uint8Array): string =>
  JSON.stringify({ event: 'media', streamSid, media: { payload: Buffer.from(mulaw).toString('base64') } });
export const streamMark = (streamSid: string, name: string): string =>
  JSON.stringify({ event: 'mark', streamSid, mark: { name } });
export const streamClear = (streamSid: string): string => JSON.stringify({ event: 'clear', streamSid });

/** 8 kHz µ-law, 20 ms frames: what Twilio sends and expects. */
export const PHONE_SAMPLE_RATE = 8000;
export const PHONE_FRAME_BYTES = 160;
