import express, { Router, type Request, type Response } from 'express';
import {
  NOTIFICATIONS_ROOM,
  STREAM_TOKEN_PARAMETER,
  badRequest,
  connectStreamTwiml,
  errorMessage,
  fallbackTwiml,
  forbidden,
  notFound,
  phoneRoomName,
  signStreamToken,
  telephonyStreamUrl,
  verifyTwilioSignature,
  type Logger,
} from '@booth/shared';
import type { ApiContext } from '../context';
import { publisherOf } from '../notify';
import { openPhoneCall, phoneAnsweringAdmin } from '../phone-calls';

/** Twilio's CallSid: CA and 32 hex digits. */
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
/** How long the bridge and LiveKit get to answer before the call is put straight through. */
const HEALTH_TIMEOUT_MS = 1500;

/** The form parameters of Twilio's request, as strings (a repeated name keeps each value). */
function formParams(body: unknown): Record<string, string | string[]> {
  // No prototype: a form may name a field __proto__.
  const out = Object.create(null) as Record<string, string | string[]>;
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v;
  }
  return out;
}

const one = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : (v?.[0] ?? ''));

/** Why Booth cannot take a call now (undefined: it can): the bridge or LiveKit does not answer. */
async function unavailableBecause(ctx: ApiContext): Promise<string | undefined> {
  const bridge = fetch(new URL('/healthz', ctx.config.TELEPHONY_URL), {
    signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
  }).then(
    (r) => (r.ok ? undefined : `telephony bridge answered ${r.status}`),
    () => 'telephony bridge unreachable',
  );
  const livekit = Promise.race([
    publisherOf(ctx)
      .rooms.listRooms([NOTIFICATIONS_ROOM])
      .then(
        () => undefined,
        () => 'LiveKit unreachable',
      ),
    new Promise<string>((res) => setTimeout(() => res('LiveKit did not answer'), HEALTH_TIMEOUT_MS).unref()),
  ]);
  const reasons = (await Promise.all([bridge, livekit])).filter((r): r is string => r !== undefined);
  return reasons.length ? reasons.join('; ') : undefined;
}

function sendTwiml(res: Response, twiml: string) {
  res.status(200).type('text/xml').send(twiml);
}

/**
 * POST /webhooks/twilio/voice — Twilio's voice webhook for the Booth number (form-encoded, signed with
 * X-Twilio-Signature over PUBLIC_URL + the path, so it verifies behind the reverse proxy). The caller
 * is matched to a contact (or becomes a new lead), the call's session is opened, every admin is told it
 * is ringing, and Twilio is told to stream the call to the bridge (`<Connect><Stream>`) with a signed
 * per-call token. When the bridge or LiveKit is down the call is put straight through to the admin's
 * phone (`<Dial>`) and the session records why it has no transcript. Twilio is always answered TwiML
 * once the request is verified: an error page would make it play "an application error" to the caller.
 */
export function twilioVoiceRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post(
    '/voice',
    express.urlencoded({ extended: false, limit: ctx.config.API_BODY_LIMIT }),
    async (req: Request, res: Response) => {
      const token = ctx.config.TWILIO_AUTH_TOKEN;
      if (!token) throw notFound('phone calls are not configured (TWILIO_AUTH_TOKEN)');
      const params = formParams(req.body);
      const url = `${ctx.config.PUBLIC_URL}${req.originalUrl}`;
      if (!verifyTwilioSignature(token, req.header('x-twilio-signature'), url, params)) {
        throw forbidden(
          req.header('x-twilio-signature')
            ? 'X-Twilio-Signature does not match this request'
            : 'missing X-Twilio-Signature',
        );
      }
      const callSid = one(params.CallSid);
      if (!CALL_SID.test(callSid)) throw badRequest('CallSid: must be CA followed by 32 hex digits');
      const log = ctx.logger.child({ callSid });
      await answerCall(ctx, log, res, {
        callSid,
        from: one(params.From) || one(params.Caller),
        to: one(params.To) || one(params.Called),
      });
    },
  );
  return r;
}

async function answerCall(
  ctx: ApiContext,
  log: Logger,
  res: Response,
  call: { callSid: string; from: string; to: string },
): Promise<void> {
  const roomName = phoneRoomName(call.callSid);
  const arrival = { ...call, roomName, via: 'twilio' as const };
  const down = await unavailableBecause(ctx);
  if (down) {
    log.warn({ reason: down }, 'Booth cannot take the call; putting it straight through');
    try {
      await openPhoneCall(ctx, log, arrival, { untranscribedReason: down });
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'could not record an untranscribed call');
    }
    sendTwiml(res, fallbackTwiml(ctx.config.TELEPHONY_ADMIN_PHONE));
    return;
  }
  try {
    const opened = await openPhoneCall(ctx, log, arrival);
    const answeringAdmin = ctx.config.TELEPHONY_ADMIN_PHONE ? await phoneAnsweringAdmin(ctx) : undefined;
    const streamToken = signStreamToken(ctx.config.LIVEKIT_API_SECRET, {
      leg: 'caller',
      sessionId: opened.session.id,
      roomName,
      callSid: call.callSid,
      from: opened.from,
      to: call.to.slice(0, 64),
      contactId: opened.contact.id,
      callerName: opened.contact.name.slice(0, 200),
      adminId: answeringAdmin ?? null,
    });
    sendTwiml(
      res,
      connectStreamTwiml(telephonyStreamUrl(ctx.config), { [STREAM_TOKEN_PARAMETER]: streamToken }),
    );
  } catch (err) {
    // Postgres trouble: the caller still reaches a person.
    log.error({ err: errorMessage(err) }, 'could not open the phone call; putting it straight through');
    sendTwiml(res, fallbackTwiml(ctx.config.TELEPHONY_ADMIN_PHONE));
  }
}
