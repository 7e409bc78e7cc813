/** Where the telephony bridge takes Twilio's media streams. */
export const TWILIO_MEDIA_PATH = '/twilio/media';

/**
 * The WebSocket URL Twilio opens the media stream to (`<Connect><Stream url>`): TELEPHONY_STREAM_URL
 * when set, else `wss://<PUBLIC_URL's host>/twilio/media` (the reverse proxy passes it to the bridge).
 * Twilio only opens `wss://` streams and drops query strings, so per-call values go in `<Parameter>`s.
 */
export function telephonyStreamUrl(config: { TELEPHONY_STREAM_URL?: string; PUBLIC_URL: string }): string {
  if (config.TELEPHONY_STREAM_URL) return config.TELEPHONY_STREAM_URL;
  return `wss://${new URL(config.PUBLIC_URL).host}${TWILIO_MEDIA_PATH}`;
}
