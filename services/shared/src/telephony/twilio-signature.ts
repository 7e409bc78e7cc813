import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (X-Twilio-Signature), as documented in "Webhooks security": HMAC-SHA1
 * keyed with the auth token over the full URL Twilio requested, followed by every POST parameter's
 * name and value, sorted by name (a repeated name contributes each value, in order), base64.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string | readonly string[]>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    for (const v of typeof value === 'string' ? [value] : (value ?? [])) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The URL as Twilio may have signed it: as given, and with the scheme's default port added or
 * removed (Twilio signs what it was configured with; a proxy may add or drop `:443`), as Twilio's
 * own helper library checks it.
 */
export function signatureUrlVariants(url: string): string[] {
  if (!URL.canParse(url)) return [url];
  const u = new URL(url);
  const defaultPort = u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '';
  const variants = [url];
  if (!defaultPort) return variants;
  const withoutPort = new URL(url);
  withoutPort.port = '';
  // URL drops a default port itself; build the with-port form by hand.
  const withPort = `${u.protocol}//${u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : ''}${u.hostname}:${u.port || defaultPort}${u.pathname}${u.search}`;
  for (const v of [withoutPort.toString(), withPort]) if (!variants.includes(v)) variants.push(v);
  return variants;
}

/** Whether `signature` is Twilio's for this request (constant-time per candidate URL). */
export function verifyTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string | readonly string[]>,
): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature, 'utf8');
  let ok = false;
  for (const candidate of signatureUrlVariants(url)) {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params), 'utf8');
    // Every candidate is compared (no early exit), each in constant time.
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
