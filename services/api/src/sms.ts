import twilio from 'twilio';
import type { Config } from '@booth/shared';

/** Sends a text message; resolves with the provider's id (Twilio's Message SID). */
export interface SmsSender {
  send(sms: { to: string; body: string }): Promise<{ sid: string }>;
}

/**
 * Invite SMS through Twilio's Messages API (npm `twilio`), pointed at TWILIO_API_URL as the telephony
 * bridge is (a fake in tests), from TWILIO_MESSAGING_FROM (a number, or a Messaging Service SID);
 * undefined when SMS is not set up.
 */
export function createSmsSender(
  config: Pick<
    Config,
    'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_URL' | 'TWILIO_MESSAGING_FROM'
  >,
): SmsSender | undefined {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_MESSAGING_FROM: from } = config;
  if (!sid || !token || !from) return undefined;
  const client = twilio(sid, token, { timeout: 10_000 });
  client.api.baseUrl = config.TWILIO_API_URL.replace(/\/+$/, '');
  const messages = client.api.v2010.accounts(sid).messages;
  return {
    async send({ to, body }) {
      const sender = from.startsWith('MG') ? { messagingServiceSid: from } : { from };
      const message = await messages.create({ to, body, ...sender });
      return { sid: message.sid };
    },
  };
}
