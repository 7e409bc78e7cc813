import { z } from 'zod';
import { suggestionDetailSchema, suggestionMessageSchema } from './data-topics';
import { ROOM_KINDS } from '../rooms';
import { contactRefSchema } from './contact-ref';
import { bigintNumber, day, endpoint, json, pageQuery, timestamp } from './contract';
import { idParams, rowId, safe } from './fields';
import { roomName } from './livekit';

/**
 * Calls and rooms (/api/sessions), and the client join page's check of its link (/api/join). What the
 * API sends of a session never includes its invite hash: these schemas list the columns that go out.
 */
export const SESSION_STATUSES = ['scheduled', 'active', 'ended'] as const;
export const PARTICIPANT_ROLES = ['admin', 'client', 'agent'] as const;
export const ANALYSIS_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export const CALL_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'booked', 'lost'] as const;
export const CALL_SENTIMENTS = ['hot', 'warm', 'cold'] as const;

export const sessionKindSchema = z.enum(ROOM_KINDS);
export const sessionStatusSchema = z.enum(SESSION_STATUSES);

/** A session as listed: every column but the invite hash (the invite's bounds and use count are shown). */
export const sessionSchema = z.object({
  id: z.string(),
  roomName: z.string(),
  kind: sessionKindSchema,
  status: sessionStatusSchema,
  contactId: z.string().nullable(),
  livekitSid: z.string().nullable(),
  createdAt: timestamp(),
  startedAt: timestamp().nullable(),
  endedAt: timestamp().nullable(),
  inviteUses: z.number(),
  inviteMaxUses: z.number().nullable(),
  inviteExpiresAt: timestamp().nullable(),
  inviteRevokedAt: timestamp().nullable(),
});
export type SessionView = z.output<typeof sessionSchema>;

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const PHONE_VIAS = ['twilio', 'sip'] as const;

/**
 * What a phone call adds to a session (a browser call has every one null, `missed` false): the other
 * party's number, direction and route, who answered, and how it went.
 */
export const phoneCallFieldsSchema = z.object({
  /** E.164, or what the carrier sent ("Anonymous"). */
  phoneNumber: z.string().nullable(),
  /** The number as people write it ("+1 555 123 4567"): formatted by the API, the browser has no phone library. */
  phoneDisplay: z.string().nullable(),
  callDirection: z.enum(CALL_DIRECTIONS).nullable(),
  phoneVia: z.enum(PHONE_VIAS).nullable(),
  /** The first admin who joined the call. */
  answeredBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  answeredAt: timestamp().nullable(),
  /** Ended before anyone answered: it left a callback task. */
  missed: z.boolean(),
  /** The call connected without Booth (a plain <Dial>), so there is no transcript of it; why. */
  untranscribedReason: z.string().nullable(),
  /** startedAt → endedAt; null until the call has both. */
  durationMs: z.number().nullable(),
  /** A missed call's callback task (the task linked to the session), else null. */
  callbackTaskId: z.string().nullable(),
});
export type PhoneCallFields = z.output<typeof phoneCallFieldsSchema>;
/** The same as the API builds it (Dates). */
export type PhoneCallFieldsInput = z.input<typeof phoneCallFieldsSchema>;

/** A session in the list: its columns, who it is with and, for a phone call, how it went. */
export const sessionListItemSchema = sessionSchema.extend({
  contact: contactRefSchema.nullable(),
  ...phoneCallFieldsSchema.shape,
});
export type SessionListItem = z.output<typeof sessionListItemSchema>;

/** The contact a session is with, as its columns hold it (budget in cents). */
export const sessionContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  leadStatus: z.enum(CALL_LEAD_STATUSES),
  eventType: z.string().nullable(),
  eventDate: day().nullable(),
  guestCount: z.number().nullable(),
  venue: z.string().nullable(),
  sentiment: z.enum(CALL_SENTIMENTS).nullable(),
  budgetCents: bigintNumber().nullable(),
  manualFields: z.array(z.string()),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});

/** One LiveKit connection to the session (an admin in two tabs is two). */
export const participantSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  identity: z.string(),
  adminId: z.string().nullable(),
  name: z.string().nullable(),
  role: z.enum(PARTICIPANT_ROLES),
  /** An admin who listened in, hidden from the client. */
  listenOnly: z.boolean().default(false),
  joinedAt: timestamp(),
  leftAt: timestamp().nullable(),
});
export type ParticipantView = z.output<typeof participantSchema>;

/** A stretch of the call no transcriber heard (ms since the session started). */
export const transcriptionGapSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  reason: z.string(),
  createdAt: timestamp(),
});
export type TranscriptionGapView = z.output<typeof transcriptionGapSchema>;

/** A suggestion proposed to the admins during the call (stored as published on booth.suggestions). */
export const sessionSuggestionSchema = suggestionMessageSchema.extend({
  createdAt: timestamp(),
  /** A JSON column: its detail when it is one, else none (rows from before details were stored). */
  detail: z.unknown().transform((v) => {
    const parsed = suggestionDetailSchema.nullable().safeParse(v ?? null);
    return parsed.success ? parsed.data : null;
  }),
});
export type SessionSuggestionView = z.output<typeof sessionSuggestionSchema>;

export const callNoteSchema = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  sessionId: z.string().nullable(),
  authorId: z.string().nullable(),
  /** The admin who wrote it; null for the note a call's analysis writes. */
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  createdAt: timestamp(),
});
export type CallNote = z.output<typeof callNoteSchema>;

export const callTaskSchema = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  sessionId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  title: z.string(),
  /** Who has to act: "admin" (our staff) or "client". */
  owner: z.string(),
  dueDate: day().nullable(),
  done: z.boolean(),
  createdAt: timestamp(),
});
export type CallTask = z.output<typeof callTaskSchema>;

/*
 * The analysis row. Its JSON columns are what the worker wrote (services/worker/src/analysis:
 * callAnalysisSchema, written by write-back.ts), read tolerantly: a part that does not have the
 * expected shape (a failed analysis has none, an older row may lack a key) is served empty, never a 500.
 */
const orNull = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().catch(null);

export const callActionItemSchema = z.object({
  text: z.string(),
  owner: z.string(),
  dueDate: z.string().nullable().catch(null),
});

/** A proposed field the grounding did not keep, and why ("not backed by the transcript"). */
export const droppedFieldSchema = z.object({
  field: z.string(),
  value: json(),
  reason: z.string(),
});

export const extractedFieldsSchema = z.object({
  eventType: orNull(z.string()),
  eventDate: orNull(z.string()),
  guestCount: orNull(z.number()),
  venue: orNull(z.string()),
  /** In whole currency units, as said on the call. */
  budget: orNull(z.number()),
  needs: z
    .object({
      quote: z.boolean().catch(false),
      invoice: z.boolean().catch(false),
      contract: z.boolean().catch(false),
    })
    .catch({ quote: false, invoice: false, contract: false }),
  /** The transcript quote each kept field came from, by field name. */
  evidence: z.record(z.string(), z.string()).catch({}),
  dropped: z.array(droppedFieldSchema).catch([]),
  /** Notable things about the input, e.g. instruction-like text that was ignored. */
  flags: z.array(z.string()).catch([]),
});
export type ExtractedFields = z.output<typeof extractedFieldsSchema>;

/** A call's analysis: its state (pending → running → completed | failed), what it found, what produced it. */
export const analysisSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.enum(ANALYSIS_STATUSES),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  summary: z.string().nullable(),
  actionItems: z.array(callActionItemSchema).catch([]),
  /** Null until the analysis completed. */
  extractedFields: orNull(extractedFieldsSchema),
  sentiment: z.enum(CALL_SENTIMENTS).nullable(),
  sentimentReason: z.string().nullable(),
  leadStatus: z.enum(CALL_LEAD_STATUSES).nullable(),
  /** Why it failed, in a sentence fit to show. */
  error: z.string().nullable(),
  attempts: z.number(),
  latencyMs: z.number().nullable(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});
export type AnalysisView = z.output<typeof analysisSchema>;

/** A session with everything recorded about it. */
export const sessionDetailSchema = sessionSchema.extend({
  contact: sessionContactSchema.nullable(),
  participants: z.array(participantSchema),
  analysis: analysisSchema.nullable(),
  gaps: z.array(transcriptionGapSchema),
  suggestions: z.array(sessionSuggestionSchema),
  notes: z.array(callNoteSchema),
  tasks: z.array(callTaskSchema),
  ...phoneCallFieldsSchema.shape,
});
export type SessionDetail = z.output<typeof sessionDetailSchema>;

/** One word with its times (ms since the session started) and Whisper's probability. */
export const transcriptWordSchema = z.object({
  text: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  p: z.number().optional(),
});
export type TranscriptWord = z.output<typeof transcriptWordSchema>;

export const transcriptSegmentSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  /** `admin-<adminId>` for an admin (whichever tab spoke), else the participant's identity. */
  speakerIdentity: z.string(),
  trackSid: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  text: z.string(),
  final: z.boolean(),
  /** Null when the transcriber stored none (or none readable). */
  words: orNull(z.array(transcriptWordSchema)),
  createdAt: timestamp(),
});
export type TranscriptSegmentView = z.output<typeof transcriptSegmentSchema>;

/** Bounds an admin may put on an invite: how many tokens it mints, and until when. */
export const inviteBoundsSchema = z.object({
  maxUses: z.number().int().min(1).max(1000).optional(),
  expiresAt: z
    .string()
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .optional(),
});
export type InviteBounds = z.output<typeof inviteBoundsSchema>;

/** The code and link of a new invite: shown this once (only its hash is stored). */
const freshInvite = {
  inviteCode: z.string(),
  /** `PUBLIC_URL/join/<room>?code=…`, the link to send the client. */
  joinUrl: z.string(),
};

const inviteStateSchema = sessionSchema.pick({
  id: true,
  roomName: true,
  inviteUses: true,
  inviteMaxUses: true,
  inviteExpiresAt: true,
  inviteRevokedAt: true,
});

/** `?status=`: `active` is every session not ended yet (scheduled or in progress), `ended` the rest. */
export const SESSION_STATUS_FILTERS = ['active', 'ended'] as const;
/** `?missed=` and `?phone=`: `true` or `false`. */
export const BOOLEAN_FILTERS = ['true', 'false'] as const;

const create = endpoint({
  method: 'POST',
  path: '/api/sessions',
  status: 201,
  summary: 'Open a room of a kind; a consultation comes with a client invite whose code is shown once.',
  body: z.object({
    kind: sessionKindSchema,
    contactId: rowId().optional(),
    /** Bounds on a consultation's invite (default: unbounded until the consultation ends). */
    invite: inviteBoundsSchema.optional(),
  }),
  response: sessionSchema.extend({
    inviteCode: freshInvite.inviteCode.optional(),
    joinUrl: freshInvite.joinUrl.optional(),
  }),
});

const list = endpoint({
  method: 'GET',
  path: '/api/sessions',
  summary:
    'Sessions, newest first, by kind, status (active: not ended yet; ended), contact, phone calls (`phone`) and missed calls (`missed`).',
  query: pageQuery.extend({
    kind: sessionKindSchema.optional(),
    status: z.enum(SESSION_STATUS_FILTERS).optional(),
    contactId: rowId().optional(),
    /** `true`: phone calls only; `false`: none. */
    phone: z.enum(BOOLEAN_FILTERS).optional(),
    /** `true`: missed phone calls only; `false`: every session but those. */
    missed: z.enum(BOOLEAN_FILTERS).optional(),
  }),
  response: z.object({
    sessions: z.array(sessionListItemSchema),
    total: z.number(),
    limit: z.number(),
    offset: z.number(),
  }),
});

const get = endpoint({
  method: 'GET',
  path: '/api/sessions/:id',
  summary:
    'A session with its contact, participants, analysis, gaps, suggestions, notes and tasks; a phone call with how it went.',
  params: idParams,
  response: sessionDetailSchema,
});

const end = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/end',
  summary: 'End a session now: everyone is disconnected and the call is queued for analysis. Idempotent.',
  params: idParams,
  response: z.object({
    id: z.string(),
    roomName: z.string(),
    status: sessionStatusSchema,
    endedAt: timestamp().nullable(),
  }),
});

const createInvite = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/invite',
  status: 201,
  summary: 'A new client invite for a consultation, replacing the old one; the code is shown once.',
  params: idParams,
  body: inviteBoundsSchema,
  response: inviteStateSchema.extend(freshInvite),
});

const revokeInvite = endpoint({
  method: 'DELETE',
  path: '/api/sessions/:id/invite',
  summary: "Revoke a consultation's invite: it mints no more client tokens.",
  params: idParams,
  response: inviteStateSchema,
});

const retryAnalysis = endpoint({
  method: 'POST',
  path: '/api/sessions/:id/analysis',
  status: 202,
  summary: 'Analyse an ended call again after its analysis failed (or never ran).',
  params: idParams,
  response: z.object({
    sessionId: z.string(),
    queued: z.literal(true),
    /** The state of the analysis job before (BullMQ's), null when there was none. */
    previous: z.string().nullable(),
  }),
});

const transcript = endpoint({
  method: 'GET',
  path: '/api/sessions/:id/transcript',
  summary: "A session's final transcript segments in order, with word timestamps.",
  params: idParams,
  response: z.object({ sessionId: z.string(), segments: z.array(transcriptSegmentSchema) }),
});

/** What the join page may know of a link: nothing about a room unless the code is its invite's. */
export const JOIN_STATUSES = ['open', 'ended', 'invalid'] as const;
export type JoinStatus = (typeof JOIN_STATUSES)[number];

const joinStatus = endpoint({
  method: 'GET',
  path: '/api/join/:roomName',
  summary:
    'Whether a consultation invite link works (no sign-in): open, ended, or invalid — an unknown room and a wrong code are both invalid. Checking does not use the invite.',
  params: z.object({ roomName: roomName() }),
  query: z.object({ code: safe(z.string().min(8).max(128)) }),
  response: z.object({
    status: z.enum(JOIN_STATUSES),
    /** The consultation is recorded (the join page says so); always false for an invalid link. */
    recorded: z.boolean(),
  }),
});

/** Calls and rooms (/api/sessions) and the public invite check (/api/join). */
export const sessionsApi = {
  create,
  list,
  get,
  end,
  createInvite,
  revokeInvite,
  retryAnalysis,
  transcript,
  joinStatus,
};
