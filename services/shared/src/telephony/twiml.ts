/** TwiML Booth answers with (Twilio's XML voice instructions), built with every value escaped. */
const escapeXml = (s: string): string =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;

/** `<Connect><Stream>`: a bidirectional media stream to `url`, with per-call `<Parameter>`s. */
export function connectStreamTwiml(url: string, parameters: Record<string, string>): string {
  const params = Object.entries(parameters)
    .map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
    .join('');
  return doc(`<Connect><Stream url="${escapeXml(url)}">${params}</Stream></Connect>`);
}

/** A plain `<Dial>` to `number` (Booth cannot take the call), or a short apology when there is none. */
export function fallbackTwiml(number: string | undefined, callerId?: string): string {
  if (!number) {
    return doc('<Say>Sorry, we cannot take your call right now. Please call back later.</Say><Hangup/>');
  }
  const attr = callerId ? ` callerId="${escapeXml(callerId)}"` : '';
  return doc(`<Dial${attr}>${escapeXml(number)}</Dial>`);
}

/** Hang up at once (a refused call). */
export const rejectTwiml = (): string => doc('<Reject/>');
