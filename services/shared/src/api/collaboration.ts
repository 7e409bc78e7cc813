import { z } from 'zod';
import {
  assistantActionSchema,
  assistantMessageSchema,
  conversationSchema,
  turnResultSchema,
} from './assistant';
import { endpoint } from './contract';
import { calendarDate, idParams, rowId, text } from './fields';

/**
 * Admins working together (/api/colleagues, /api/sessions/:id/{colleagues,whispers,assistant}): asking
 * colleagues into a room, whispering to the admins of a call while listening in, and a collaboration
 * room's shared assistant session; with the data-topic payloads each publishes.
 */

/** The rooms a colleague can listen in on, hidden (a client is there to be hidden from) and whisper in. */
export const LISTENABLE_KINDS: readonly string[] = ['call', 'consultation'];

/** A colleague someone can ask into a room. */
export const colleagueSchema = z.object({ id: z.string(), name: z.string() });
export type Colleague = z.output<typeof colleagueSchema>;

/** `data` of a `room_invite` notification (addressed to one admin): enough for the toast's Join. */
export const roomInviteDataSchema = z.object({
  sessionId: z.string(),
  roomName: z.string(),
  kind: z.string(),
  /** The dashboard page of the room; a call's offers listening in with `?listen=1`. */
  path: z.string().regex(/^\/calls\/[A-Za-z0-9_-]+(\?[a-z=0-9&]*)?$/, 'a /calls/ link'),
  from: colleagueSchema,
  /** Whether the invitation is to listen in, hidden from the client (a call or consultation). */
  listenOnly: z.boolean(),
});
export type RoomInviteData = z.output<typeof roomInviteDataSchema>;

/** A colleague's whisper to the admins of a call (`booth.whispers`; never sent to a client). */
export const whisperMessageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  from: colleagueSchema,
  text: z.string().max(500),
  /** ms since the epoch, when the API sent it. */
  at: z.number(),
});
export type WhisperMessage = z.output<typeof whisperMessageSchema>;

/**
 * A collaboration room's shared assistant session as it happens (`booth.assistant.shared`, to
 * everyone in the room): a turn someone started (before the reply), the finished turn, and a
 * proposed action decided by the admin who asked for it.
 */
export const sharedAssistantEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('asked'),
    conversationId: z.string(),
    /** Client-made id of the pending turn, so the asker's page does not show it twice. */
    turnId: z.string(),
    author: colleagueSchema,
    text: z.string(),
    at: z.number(),
  }),
  z.object({ type: z.literal('turn'), turnId: z.string(), turn: turnResultSchema }),
  z.object({
    type: z.literal('decided'),
    conversationId: z.string(),
    action: assistantActionSchema,
    reply: assistantMessageSchema,
  }),
  z.object({ type: z.literal('failed'), conversationId: z.string(), turnId: z.string(), error: z.string() }),
]);
export type SharedAssistantEvent = z.output<typeof sharedAssistantEventSchema>;

const colleagues = endpoint({
  method: 'GET',
  path: '/api/colleagues',
  summary: 'The other admins, by name: who can be asked into a room.',
  response: z.object({ colleagues: z.array(colleagueSchema) }),
});

const invite = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/colleagues',
  status: 201,
  summary:
    'Ask colleagues into an open room: each gets a notification with Join (listenOnly: to listen in on a call, hidden from the client).',
  params: idParams,
  body: z
    .object({
      adminIds: z.array(rowId()).min(1).max(20),
      listenOnly: z.boolean().default(false),
    })
    .strict(),
  response: z.object({ invited: z.array(colleagueSchema) }),
});

const whisper = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/whispers',
  status: 201,
  summary:
    "Whisper to the admins in a call (a colleague listening in): sent over the room's data to its admins only, never to a client.",
  params: idParams,
  body: z.object({ text: text(500, { min: 1 }) }).strict(),
  response: z.object({ whisper: whisperMessageSchema, delivered: z.number() }),
});

const sharedAssistant = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/assistant',
  summary:
    "A collaboration room's shared assistant conversation (started if needed), with its history: every admin in the room adds turns to it.",
  params: idParams,
  response: conversationSchema.extend({
    sessionId: z.string(),
    messages: z.array(assistantMessageSchema),
  }),
});

const sharedTurn = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/assistant/turns',
  summary:
    "Say something to a collaboration room's shared assistant: everyone in the room sees the turn and its reply as they happen; a write it proposes is the asker's to confirm.",
  params: idParams,
  body: z
    .object({
      text: text(2000, { min: 1 }),
      source: z.enum(['typed', 'voice']).default('typed'),
      /** The asker's page's id for the pending turn (echoed on the room's events). */
      turnId: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'letters, digits, "_" or "-"'),
      today: calendarDate().optional(),
    })
    .strict(),
  response: turnResultSchema,
});

const decideShared = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/assistant/decisions',
  summary:
    'Confirm or refuse an action the shared assistant proposed (only the admin who asked may); the room sees the outcome.',
  params: idParams,
  body: z
    .object({
      actionId: rowId(),
      verdict: z.enum(['confirm', 'refuse']),
      /** Which contact a name meant, when the proposal offered a choice. */
      contactId: rowId().optional(),
    })
    .strict(),
  response: z.object({ action: assistantActionSchema, reply: assistantMessageSchema }),
});

/** Colleagues, invitations into rooms, whispers and the shared assistant. */
export const collaborationApi = { colleagues, invite, whisper, sharedAssistant, sharedTurn, decideShared };
