import { RoomServiceClient } from 'livekit-server-sdk';
import { telephonyStreamUrl, type Config, type Logger } from '@booth/shared';
import { GreetingCache } from './audio/greeting';
import type { StreamDeps } from './stream-session';
import { twilioPhoneCalls } from './twilio/rest-calls';

type BridgeConfig = Pick<
  Config,
  | 'LIVEKIT_URL'
  | 'LIVEKIT_API_KEY'
  | 'LIVEKIT_API_SECRET'
  | 'TRANSCRIBER_IDENTITY'
  | 'TELEPHONY_GREETING'
  | 'TELEPHONY_ADMIN_PHONE'
  | 'TELEPHONY_RING_PHONE_AFTER_S'
  | 'TELEPHONY_STREAM_URL'
  | 'PUBLIC_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_API_URL'
  | 'ASSISTANT_ESPEAK_VOICE'
  | 'ASSISTANT_SPEECH_WPM'
>;

/**
 * What the bridge's streams need, from the configuration. The admin's phone is rung only with a
 * Twilio account, TELEPHONY_ADMIN_PHONE and TELEPHONY_RING_PHONE_AFTER_S >= 0.
 */
export function bridgeDeps(config: BridgeConfig, logger: Logger): StreamDeps & { greetings: GreetingCache } {
  const greetings = new GreetingCache(
    { voice: config.ASSISTANT_ESPEAK_VOICE, wpm: config.ASSISTANT_SPEECH_WPM },
    logger,
  );
  const canRing =
    config.TWILIO_ACCOUNT_SID &&
    config.TWILIO_AUTH_TOKEN &&
    config.TELEPHONY_ADMIN_PHONE &&
    config.TELEPHONY_RING_PHONE_AFTER_S >= 0;
  return {
    livekit: {
      url: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
    },
    rooms: new RoomServiceClient(
      config.LIVEKIT_URL.replace(/^ws/, 'http'),
      config.LIVEKIT_API_KEY,
      config.LIVEKIT_API_SECRET,
    ),
    agentIdentityPrefix: config.TRANSCRIBER_IDENTITY,
    greetings,
    greeting: () => greetings.get(config.TELEPHONY_GREETING),
    adminPhone: canRing
      ? {
          calls: twilioPhoneCalls({
            accountSid: config.TWILIO_ACCOUNT_SID!,
            authToken: config.TWILIO_AUTH_TOKEN!,
            apiUrl: config.TWILIO_API_URL,
          }),
          number: config.TELEPHONY_ADMIN_PHONE!,
          afterMs: config.TELEPHONY_RING_PHONE_AFTER_S * 1000,
          streamUrl: telephonyStreamUrl(config),
        }
      : undefined,
    logger,
  };
}
