import { twilioSignature } from '@booth/shared';

/** What Twilio sends Booth's voice webhook for an incoming call (the documented request parameters). */
export interface IncomingCall {
  callSid: string;
  from: string;
  /** The Booth number called. */
  to: string;
}

/**
 * Twilio asking Booth what to do with an incoming call: `POST <api>/webhooks/twilio/voice`, form-encoded,
 * signed (X-Twilio-Signature) with TWILIO_AUTH_TOKEN over the URL as Twilio was configured with it.
 * Resolves with the status and the TwiML answered.
 */
export async function callVoiceWebhook(
  api: string,
  call: IncomingCall,
  authToken = process.env.TWILIO_AUTH_TOKEN!,
): Promise<{ status: number; twiml: string }> {
  const url = `${api}/webhooks/twilio/voice`;
  const params = {
    CallSid: call.callSid,
    AccountSid: process.env.TWILIO_ACCOUNT_SID!,
    From: call.from,
    To: call.to,
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, twiml: await res.text() };
}
