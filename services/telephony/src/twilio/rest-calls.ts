import twilio from 'twilio';

/** The part of Twilio's REST API the bridge uses: placing a call and hanging it up. */
export interface PhoneCalls {
  /** Places a call; resolves with its CallSid. */
  dial(call: { to: string; from: string; twiml: string }): Promise<string>;
  /** Hangs a placed call up; resolves with the call's status afterwards. */
  hangUp(callSid: string): Promise<string>;
}

/** Statuses after which a call is over (Twilio's Call resource). */
const FINISHED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * Twilio's REST client (npm `twilio`) for the account, pointed at TWILIO_API_URL (a fake in tests:
 * `client.api` is the api.twilio.com domain, whose `baseUrl` every request URL is built from).
 */
export function twilioPhoneCalls(config: {
  accountSid: string;
  authToken: string;
  apiUrl: string;
  timeoutMs?: number;
}): PhoneCalls {
  const client = twilio(config.accountSid, config.authToken, { timeout: config.timeoutMs ?? 10_000 });
  client.api.baseUrl = config.apiUrl.replace(/\/+$/, '');
  const calls = client.api.v2010.accounts(config.accountSid).calls;
  return {
    async dial({ to, from, twiml }) {
      const call = await calls.create({ to, from, twiml });
      return call.sid;
    },
    /**
     * `canceled` ends a call that is queued or ringing and leaves an answered one alone (Twilio answers
     * with the call still in progress); `completed` then hangs that one up. A failed cancel tries
     * `completed` too.
     */
    async hangUp(callSid) {
      try {
        const call = await calls(callSid).update({ status: 'canceled' });
        if (FINISHED.has(call.status)) return call.status;
      } catch {
        // Fall through to completed.
      }
      const call = await calls(callSid).update({ status: 'completed' });
      return call.status;
    },
  };
}
