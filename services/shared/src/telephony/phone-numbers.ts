import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as E.164 (`+15551234567`), read the way people write them ("(555) 123-4567",
 * "+44 20 7946 0958", "001 555…"); numbers without a country code are taken as `defaultCountry`'s.
 * Undefined when it is not a possible number (Twilio sends "Anonymous" or "+266696687" for withheld).
 */
export function toE164(raw: string | null | undefined, defaultCountry = 'US'): string | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed) || trimmed.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** Digits only, for matching stored numbers in SQL (`regexp_replace(phone, '\D', '', 'g')`). */
export const phoneDigits = (e164: string): string => e164.replace(/\D/g, '');

/** How a number is shown: the international format (+1 555 123 4567), or as given. */
export function displayPhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw);
  return parsed?.formatInternational() ?? raw;
}

/**
 * The digit strings a stored contact number may reduce to for this E.164 number: all digits with the
 * country code (15551234567) and the national number alone (5551234567), as people type either.
 */
export function phoneMatchKeys(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  const keys = [phoneDigits(e164)];
  if (parsed) {
    const national = `${parsed.nationalNumber}`;
    if (!keys.includes(national)) keys.push(national);
    // Trunk prefix forms (UK 020 7946 0958 → 02079460958).
    const trunk = parsed.formatNational().replace(/\D/g, '');
    if (!keys.includes(trunk)) keys.push(trunk);
  }
  return keys;
}
