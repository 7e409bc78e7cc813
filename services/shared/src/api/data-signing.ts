/**
 * Proof that a LiveKit data message came from Booth (its API, worker or transcriber), not from a
 * participant. Clients in consultation rooms may publish data, and a packet sent in a client's first
 * seconds can arrive with no sender, just like a server packet (RoomServiceClient.sendData): "no
 * participant" proves nothing. So everything Booth publishes on `booth.*` topics, and every caption on
 * `lk.transcription`, carries an HMAC-SHA256 signature under the room's data key. The key is derived
 * from LIVEKIT_API_SECRET and the room name; the API hands it only to admins, with their room token.
 * Clients never hold it, so they cannot forge a suggestion, a notification or a caption.
 *
 * WebCrypto only: the same code signs on the server (Node) and verifies in the dashboard.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Envelope version; bumped if the signed string changes. */
export const SIGNED_DATA_VERSION = 1;

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

async function hmacKey(raw: Uint8Array, usage: 'sign' | 'verify'): Promise<HmacKey> {
  return crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

/** The data key of `room` (base64url), derived from the LiveKit API secret. */
export async function roomDataKey(apiSecret: string, room: string): Promise<string> {
  const key = await hmacKey(encoder.encode(apiSecret), 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`booth/data-key/v1/${room}`));
  return base64url(new Uint8Array(mac));
}

/**
 * The key of what Booth publishes to a room's clients (a contract to sign), derived like
 * {@link roomDataKey} but apart from it: clients get this one, never the room's, so a client can
 * forge nothing an admin's page trusts (at most a message to the clients, which is itself).
 */
export async function clientDataKey(apiSecret: string, room: string): Promise<string> {
  return roomDataKey(apiSecret, `clients/${room}`);
}

/** Signs `text` with a room data key; the signature is base64url. */
export async function signText(dataKey: string, text: string): Promise<string> {
  const raw = fromBase64url(dataKey);
  if (!raw) throw new Error('invalid data key');
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(raw, 'sign'), encoder.encode(text));
  return base64url(new Uint8Array(mac));
}

/** A verifier bound to one room's data key (imported once). */
export interface DataVerifier {
  /** Whether `signature` is the room key's signature of `text`. */
  verifyText(text: string, signature: string): Promise<boolean>;
  /** The payload of a signed message on `topic`, or undefined when it is not one Booth signed. */
  open(bytes: Uint8Array, topic: string): Promise<unknown>;
}

export async function dataVerifier(dataKey: string): Promise<DataVerifier> {
  const raw = fromBase64url(dataKey);
  if (!raw || raw.length < 16) throw new Error('invalid data key');
  const key = await hmacKey(raw, 'verify');
  const verifyText = async (text: string, signature: string) => {
    const sig = fromBase64url(signature);
    if (!sig || sig.length !== 32) return false;
    return crypto.subtle.verify('HMAC', key, sig as Uint8Array<ArrayBuffer>, encoder.encode(text));
  };
  return {
    verifyText,
    async open(bytes, topic) {
      let envelope: unknown;
      try {
        envelope = JSON.parse(decoder.decode(bytes));
      } catch {
        return undefined;
      }
      if (!isEnvelope(envelope) || envelope.topic !== topic) return undefined;
      if (!(await verifyText(signedString(envelope.topic, envelope.data), envelope.sig))) return undefined;
      try {
        return JSON.parse(envelope.data) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

/** What is on the wire for a signed data message. `data` is the payload's JSON, exactly as signed. */
export interface SignedEnvelope {
  v: typeof SIGNED_DATA_VERSION;
  topic: string;
  data: string;
  sig: string;
}

function isEnvelope(v: unknown): v is SignedEnvelope {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    e.v === SIGNED_DATA_VERSION &&
    typeof e.topic === 'string' &&
    typeof e.data === 'string' &&
    typeof e.sig === 'string'
  );
}

const signedString = (topic: string, data: string) => `${SIGNED_DATA_VERSION}\n${topic}\n${data}`;

/** The bytes to publish for `payload` on `topic`, signed with the room's data key. */
export async function sealData(dataKey: string, topic: string, payload: unknown): Promise<Uint8Array> {
  const data = JSON.stringify(payload);
  const envelope: SignedEnvelope = {
    v: SIGNED_DATA_VERSION,
    topic,
    data,
    sig: await signText(dataKey, signedString(topic, data)),
  };
  return encoder.encode(JSON.stringify(envelope));
}

/** The caption attributes a transcription signature covers, in order. */
export interface CaptionFields {
  segmentId: string;
  final: boolean;
  startMs: string;
  endMs: string;
  /** Whom the caption is attributed to (the stream's sender identity). */
  speaker: string;
  text: string;
}

/** The string a caption's `booth.sig` attribute signs. */
export const captionSignedString = (c: CaptionFields) =>
  [
    `${SIGNED_DATA_VERSION}`,
    'lk.transcription',
    c.segmentId,
    String(c.final),
    c.startMs,
    c.endMs,
    c.speaker,
    c.text,
  ].join('\n');
