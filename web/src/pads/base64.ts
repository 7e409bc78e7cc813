/**
 * Yjs updates travel as base64 (standard alphabet, padded): what the pads API takes and sends. The
 * browser has btoa/atob for binary strings only, so bytes go through one in chunks.
 */

const CHUNK = 0x8000;

/** `bytes` as base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of a base64 string (throws on one that is not base64). */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
