import { z } from 'zod';
import { endpoint, timestamp } from './contract';
import { idParams } from './fields';
import { PARTICIPANT_ROLES, sessionKindSchema, sessionStatusSchema } from './sessions';
import { todayQuery } from './tasks';
import { trackerCountSchema } from './trackers';

/**
 * Talk analytics (/api/sessions/:id/analytics, /api/contacts/:id/talk-analytics,
 * /api/analytics/week): figures computed from a call's final transcript segments by the API
 * (services/api/src/talk-analytics.ts), per call, across a contact's calls and over this week.
 * Durations are ms; shares are fractions (0–1).
 */

/** The most calls of a contact the evolution covers (the latest ones, listed oldest first). */
export const CONTACT_TALK_CALLS = 100;
/** How many trackers the week's summary lists (the most hit). */
export const WEEK_TOP_TRACKERS = 5;

/** The thresholds the figures were computed with. */
export const talkThresholdsSchema = z.object({
  /** A speaker's segments are one monologue while each pause is shorter than this. */
  monologueMaxPauseMs: z.number(),
  /** Cutting in is an interruption from this much overlap on. */
  interruptionMinOverlapMs: z.number(),
});
export type TalkThresholds = z.output<typeof talkThresholdsSchema>;

const talkRole = z.enum(PARTICIPANT_ROLES);

/** One speaker of a call (all tabs of an admin are one). */
export const speakerTalkSchema = z.object({
  /** The transcript's speaker identity (`admin-<adminId>`, `client-…`). */
  speaker: z.string(),
  name: z.string().nullable(),
  role: talkRole,
  /** The union of the speaker's final segments. */
  talkMs: z.number(),
  /** Of every speaker's talk time together. */
  talkShare: z.number(),
  segments: z.number(),
  /** Sentences ending in '?'. */
  questions: z.number(),
  /** Times they started over someone else's segment. */
  interruptions: z.number(),
  longestMonologueMs: z.number(),
});
export type SpeakerTalkView = z.output<typeof speakerTalkSchema>;

/** The admin side or the client side of a call, its speakers together. */
export const sideTalkSchema = z.object({
  talkMs: z.number(),
  /** Of the two sides' talk time together. */
  talkShare: z.number(),
  questions: z.number(),
  interruptions: z.number(),
  longestMonologueMs: z.number(),
  speakers: z.number(),
});
export type SideTalkView = z.output<typeof sideTalkSchema>;

/** The longest stretch one speaker held the floor. */
export const monologueSchema = z.object({
  speaker: z.string(),
  name: z.string().nullable(),
  role: talkRole,
  startMs: z.number(),
  endMs: z.number(),
  ms: z.number(),
});

/** How long the admins took to answer after the client stopped (client turns followed by an admin turn). */
export const responseTimeSchema = z.object({
  count: z.number(),
  medianMs: z.number().nullable(),
  meanMs: z.number().nullable(),
});

export const callTalkAnalyticsSchema = z.object({
  sessionId: z.string(),
  status: sessionStatusSchema,
  /** Time anyone talked (each moment once). */
  talkMs: z.number(),
  /** First words to last words. */
  spanMs: z.number(),
  /** Most talk first. */
  speakers: z.array(speakerTalkSchema),
  sides: z.object({ admin: sideTalkSchema, client: sideTalkSchema }),
  longestMonologue: monologueSchema.nullable(),
  responseTime: responseTimeSchema,
  /** The call's keyword-tracker hits per tracker, most first. */
  trackerHits: z.array(trackerCountSchema),
  thresholds: talkThresholdsSchema,
});
export type CallTalkAnalytics = z.output<typeof callTalkAnalyticsSchema>;

/** A figure per side. */
const perSide = z.object({ admin: z.number(), client: z.number() });

/** One call of a contact's evolution. */
export const callTalkTrendSchema = z.object({
  sessionId: z.string(),
  roomName: z.string(),
  kind: sessionKindSchema,
  createdAt: timestamp(),
  startedAt: timestamp().nullable(),
  talkMs: z.number(),
  /** The admin side's share of the two sides' talk; null when neither side spoke. */
  adminShare: z.number().nullable(),
  longestMonologueMs: z.number(),
  /** Whose the longest monologue was; null when nobody spoke. */
  longestMonologueRole: talkRole.nullable(),
  questions: perSide,
  interruptions: perSide,
  responseMedianMs: z.number().nullable(),
  /** Keyword-tracker hits in the call, all trackers together. */
  trackerHits: z.number(),
});
export type CallTalkTrend = z.output<typeof callTalkTrendSchema>;

export const contactTalkAnalyticsSchema = z.object({
  contactId: z.string(),
  /** The contact's ended calls and consultations, oldest first. */
  calls: z.array(callTalkTrendSchema),
  thresholds: talkThresholdsSchema,
});
export type ContactTalkAnalytics = z.output<typeof contactTalkAnalyticsSchema>;

export const weekTalkAnalyticsSchema = z.object({
  /** The Monday the week starts (YYYY-MM-DD) and its Sunday. */
  weekStart: z.string(),
  weekEnd: z.string(),
  /** Calls and consultations started this week and ended. */
  calls: z.number(),
  /** Of those, the ones anybody spoke in (a missed call has no transcript). */
  callsWithSpeech: z.number(),
  /** Talk time of all of them together. */
  talkMs: z.number(),
  /** The mean over the calls with speech of the admin side's share. */
  adminShareMean: z.number().nullable(),
  /** Over every response of the week's calls. */
  responseMedianMs: z.number().nullable(),
  responses: z.number(),
  questions: perSide,
  /** The most hit trackers of the week, most first. */
  trackerHits: z.array(trackerCountSchema),
  thresholds: talkThresholdsSchema,
});
export type WeekTalkAnalytics = z.output<typeof weekTalkAnalyticsSchema>;

const session = endpoint({
  method: 'GET',
  path: '/api/sessions/:id/analytics',
  summary:
    "A call's talk analytics: talk time and share per speaker and side, longest monologue, questions, interruptions, response times, tracker hits.",
  params: idParams,
  response: callTalkAnalyticsSchema,
});

const contact = endpoint({
  method: 'GET',
  path: '/api/contacts/:id/talk-analytics',
  summary: "How a contact's calls went, one row of talk analytics per ended call, oldest first.",
  params: idParams,
  response: contactTalkAnalyticsSchema,
});

const week = endpoint({
  method: 'GET',
  path: '/api/analytics/week',
  summary:
    "This week's calls (Monday to Sunday around `today`): count, talk time, admin talk share, median response time, questions, top tracker hits.",
  query: todayQuery,
  response: weekTalkAnalyticsSchema,
});

/** Talk analytics per call, per contact and for the week. */
export const talkAnalyticsApi = { session, contact, week };
