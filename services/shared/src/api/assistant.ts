import { z } from 'zod';
import { endpoint, json, pageQuery, timestamp } from './contract';
import { calendarDate, idParams, rowId, text } from './fields';

/**
 * The admin assistant's API (/api/assistant): conversations per admin, turns whose replies stream as
 * they form, proposed actions confirmed or refused by the admin, and the admin's assistant room.
 */

export const ACTION_STATUSES = ['proposed', 'done', 'refused', 'failed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Where a turn's text came from. */
export const TURN_SOURCES = ['typed', 'voice', 'cli'] as const;
export type TurnSource = (typeof TURN_SOURCES)[number];

/** One row of an answer: a contact, task, invoice, quote or a moment of a call, with its dashboard link. */
export const answerItemSchema = z.object({
  kind: z.enum(['contact', 'task', 'invoice', 'quote', 'moment', 'session']),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** The dashboard path that opens it (a moment's plays the call from there). */
  path: z.string(),
  /** For moments: the sentence said, who said it, when in the call. */
  quote: z.string().nullable().optional(),
  speaker: z.string().nullable().optional(),
  atMs: z.number().nullable().optional(),
});
export type AnswerItem = z.output<typeof answerItemSchema>;

/** Where the assistant sends the admin's page, and what to highlight there. */
export const navigationSchema = z.object({
  path: z.string(),
  /** The id of the row opened (the page marks it briefly). */
  highlight: z.string().nullable(),
});
export type Navigation = z.output<typeof navigationSchema>;

/** A write the assistant proposed: waits for the admin's confirmation, runs once. */
export const assistantActionSchema = z.object({
  id: z.string(),
  /** The admin it was proposed to: the only one who may confirm it. */
  adminId: z.string(),
  tool: z.string(),
  args: json(),
  /** What it will do, in words ("Mark Sarah Lee as booked"). */
  summary: z.string(),
  status: z.enum(ACTION_STATUSES),
  /** What running it gave (ids of rows made, a join link), once done. */
  result: json(),
  error: z.string().nullable(),
  createdAt: timestamp(),
  decidedAt: timestamp().nullable(),
});
export type AssistantAction = z.output<typeof assistantActionSchema>;

/** Contacts a name could be: the admin picks one (or says which). */
export const choiceSchema = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });

export const assistantMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  /** Who said it (a user message; in a collaboration room's shared session, any admin there). */
  author: z.object({ id: z.string(), name: z.string() }).nullable().default(null),
  text: z.string(),
  source: z.enum(TURN_SOURCES),
  /** The shorter text read aloud (a long list is summarised for speech, shown in full). */
  speech: z.string().nullable(),
  items: z.array(answerItemSchema),
  choices: z.array(choiceSchema),
  navigate: navigationSchema.nullable(),
  actions: z.array(assistantActionSchema),
  createdAt: timestamp(),
});
export type AssistantMessage = z.output<typeof assistantMessageSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type Conversation = z.output<typeof conversationSchema>;

/** One turn: what the admin said and the assistant's reply. */
export const turnResultSchema = z.object({
  conversationId: z.string(),
  user: assistantMessageSchema,
  reply: assistantMessageSchema,
});
export type TurnResult = z.output<typeof turnResultSchema>;

/**
 * A streamed turn (`Accept: application/x-ndjson`): one JSON object per line. `delta` pieces of the
 * reply text as they form, then `done` with the stored turn, or `error`.
 */
export const turnEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thinking') }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('done'), turn: turnResultSchema }),
  z.object({ type: z.literal('error'), error: z.string() }),
]);
export type TurnEvent = z.output<typeof turnEventSchema>;

export const TURN_STREAM_TYPE = 'application/x-ndjson';

const createConversation = endpoint({
  method: 'POST',
  path: '/api/assistant/conversations',
  status: 201,
  summary: 'Start a conversation with the assistant.',
  body: z.object({ title: text(120).optional() }).strict(),
  response: conversationSchema,
});

const listConversations = endpoint({
  method: 'GET',
  path: '/api/assistant/conversations',
  summary: "The signed-in admin's conversations, latest first.",
  query: pageQuery,
  response: z.object({ conversations: z.array(conversationSchema), total: z.number() }),
});

const getConversation = endpoint({
  method: 'GET',
  path: '/api/assistant/conversations/:id',
  summary: 'A conversation with its messages and their proposed actions, oldest first.',
  params: idParams,
  response: conversationSchema.extend({ messages: z.array(assistantMessageSchema) }),
});

const turn = endpoint({
  method: 'POST',
  path: '/api/assistant/conversations/:id/turns',
  summary:
    'Say something to the assistant. Reads answer at once; writes come back proposed. With Accept: application/x-ndjson the reply streams (thinking, delta…, done).',
  params: idParams,
  body: z
    .object({
      text: text(2000, { min: 1 }),
      source: z.enum(TURN_SOURCES).default('typed'),
      /** The admin's today (YYYY-MM-DD) that relative dates resolve against; default the server's. */
      today: calendarDate().optional(),
    })
    .strict(),
  response: turnResultSchema,
});

const confirm = endpoint({
  method: 'POST',
  path: '/api/assistant/actions/:id/confirm',
  summary:
    'Run a proposed action (once: confirming it again answers its recorded outcome). Optionally pick which contact a name meant.',
  params: idParams,
  body: z.object({ contactId: rowId().optional() }).strict(),
  response: z.object({ action: assistantActionSchema, reply: assistantMessageSchema }),
});

const refuse = endpoint({
  method: 'POST',
  path: '/api/assistant/actions/:id/refuse',
  summary: 'Decline a proposed action; nothing runs.',
  params: idParams,
  response: z.object({ action: assistantActionSchema, reply: assistantMessageSchema }),
});

const room = endpoint({
  method: 'POST',
  path: '/api/assistant/room',
  summary:
    "The signed-in admin's assistant room (opened if needed): the voice agent joins it; connect with a token from POST /api/livekit/token.",
  response: z.object({ roomName: z.string(), sessionId: z.string() }),
});

/** The assistant (/api/assistant). */
export const assistantApi = {
  createConversation,
  listConversations,
  getConversation,
  turn,
  confirm,
  refuse,
  room,
};

/**
 * Voice through the admin's assistant room. RPC methods the page calls on the agent (LiveKit's
 * manual-turn pattern), the one the agent calls on the page, the agent's state attribute (LiveKit
 * agents' `lk.agent.state`) and the data topic replies are published on (DATA_TOPICS.assistant, signed).
 */
export const ASSISTANT_RPC = {
  /** Page → agent: the push-to-talk key went down; audio from now on is the utterance. */
  startTurn: 'start_turn',
  /** Page → agent: released; the utterance is final now. */
  endTurn: 'end_turn',
  /** Page → agent: dropped (Escape, or released too soon). */
  cancelTurn: 'cancel_turn',
  /** Page → agent: hands-free on/off (`{ on, conversationId }`). */
  handsFree: 'booth.hands_free',
  /** Agent → page: go to a dashboard path (`navigationSchema`). */
  navigate: 'booth.navigate',
} as const;

/** `today`: the admin's day (YYYY-MM-DD) that "this week" and "tomorrow" resolve against. */
export const turnRpcPayloadSchema = z
  .object({ conversationId: rowId().optional(), today: calendarDate().optional() })
  .strict();
export const handsFreePayloadSchema = z
  .object({ on: z.boolean(), conversationId: rowId().optional(), today: calendarDate().optional() })
  .strict();

export const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';
export const AGENT_STATES = ['initializing', 'listening', 'thinking', 'speaking'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Published on `booth.assistant` after a voice turn: the turn as stored (or that nothing was heard). */
export const assistantDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn'), turn: turnResultSchema }),
  z.object({ type: z.literal('wake') }),
  z.object({ type: z.literal('unheard') }),
]);
export type AssistantData = z.output<typeof assistantDataSchema>;
