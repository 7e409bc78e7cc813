import { z } from 'zod';
import { endpoint } from './contract';
import { safe } from './fields';

/** A LiveKit room name Booth gives out (also what the API takes). */
export const roomName = () =>
  z
    .string()
    .min(3)
    .max(128)
    .regex(/^[a-zA-Z0-9_-]+$/, 'room names use letters, digits, "_" and "-"');

export const roomTokenSchema = z.object({
  token: z.string(),
  /** LiveKit as the browser reaches it (PUBLIC_LIVEKIT_URL). */
  url: z.string(),
  identity: z.string(),
  roomName: z.string(),
  kind: z.string(),
  /**
   * Verifies what Booth publishes in the room (data-signing.ts): for an admin the room's data key,
   * for a client the room's client key (clientDataKey), which admin pages do not trust.
   */
  dataKey: z.string().optional(),
});
export type RoomToken = z.output<typeof roomTokenSchema>;

const token = endpoint({
  method: 'POST',
  path: '/api/livekit/token',
  summary:
    'A join token for one room: admins (signed in) for any open room or the notifications room, clients with the invite code for their consultation.',
  body: z.object({
    roomName: roomName(),
    /** Any text Postgres can store; what others see is its sanitised form. */
    name: safe(z.string().max(512)).optional(),
    inviteCode: safe(z.string().min(8).max(128)).optional(),
    /**
     * An admin listening in on a call or consultation: hidden from everyone in the room (the client
     * never sees them), publishing no audio; they whisper through POST /api/sessions/:id/whispers.
     */
    listenOnly: z.boolean().optional(),
  }),
  response: roomTokenSchema,
});

/** LiveKit join tokens (/api/livekit). */
export const livekitApi = { token };
