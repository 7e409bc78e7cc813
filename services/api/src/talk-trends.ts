import type { CallTalk, TalkRole } from './talk-analytics';
import { mean, median } from './talk-stats';

/**
 * Talk analytics across calls: one row per call of a contact, and the summary of a week's calls.
 * Pure: built from each call's {@link CallTalk} (talk-analytics.ts) and its tracker hits.
 */

/** A tracker hit as counted: which tracker. */
export interface TrackerHitRef {
  trackerId: string;
  name: string;
}

export interface TrackerCount extends TrackerHitRef {
  count: number;
}

/** Hits per tracker, most first (then by name). */
export function trackerCounts(hits: readonly TrackerHitRef[]): TrackerCount[] {
  const counts = new Map<string, TrackerCount>();
  for (const h of hits) {
    const c = counts.get(h.trackerId) ?? { trackerId: h.trackerId, name: h.name, count: 0 };
    c.count++;
    counts.set(h.trackerId, c);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** The admin side's share of a call's two sides; null when neither spoke. */
export function adminShare(talk: CallTalk): number | null {
  const { admin, client } = talk.sides;
  return admin.talkMs + client.talkMs > 0 ? admin.talkShare : null;
}

export interface CallTrend {
  talkMs: number;
  adminShare: number | null;
  longestMonologueMs: number;
  longestMonologueRole: TalkRole | null;
  questions: { admin: number; client: number };
  interruptions: { admin: number; client: number };
  responseMedianMs: number | null;
  trackerHits: number;
}

/** A call's row in its contact's evolution. */
export function callTrend(talk: CallTalk, trackerHits: number): CallTrend {
  const { admin, client } = talk.sides;
  return {
    talkMs: talk.talkMs,
    adminShare: adminShare(talk),
    longestMonologueMs: talk.longestMonologue?.ms ?? 0,
    longestMonologueRole: talk.longestMonologue?.role ?? null,
    questions: { admin: admin.questions, client: client.questions },
    interruptions: { admin: admin.interruptions, client: client.interruptions },
    responseMedianMs: talk.responseTime.medianMs,
    trackerHits,
  };
}

/** One of a week's calls: its analytics and its tracker hits. */
export interface WeekCall {
  talk: CallTalk;
  hits: readonly TrackerHitRef[];
}

export interface WeekSummary {
  calls: number;
  callsWithSpeech: number;
  talkMs: number;
  adminShareMean: number | null;
  responseMedianMs: number | null;
  responses: number;
  questions: { admin: number; client: number };
  trackerHits: TrackerCount[];
}

/**
 * A week's calls summed up: how many (and how many anybody spoke in), their talk time together,
 * the mean of the calls' admin shares (calls without speech left out), the median over every
 * response of every call (not a median of medians), questions per side, the `topTrackers` most hit
 * trackers.
 */
export function weekSummary(calls: readonly WeekCall[], topTrackers: number): WeekSummary {
  const shares = calls.map((c) => adminShare(c.talk)).filter((s): s is number => s !== null);
  const responses = calls.flatMap((c) => c.talk.responseTime.samplesMs);
  return {
    calls: calls.length,
    callsWithSpeech: calls.filter((c) => c.talk.talkMs > 0).length,
    talkMs: calls.reduce((sum, c) => sum + c.talk.talkMs, 0),
    adminShareMean: mean(shares),
    responseMedianMs: median(responses),
    responses: responses.length,
    questions: {
      admin: calls.reduce((n, c) => n + c.talk.sides.admin.questions, 0),
      client: calls.reduce((n, c) => n + c.talk.sides.client.questions, 0),
    },
    trackerHits: trackerCounts(calls.flatMap((c) => c.hits)).slice(0, topTrackers),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date's day in the server's time zone, YYYY-MM-DD. */
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export interface Week {
  /** Monday 00:00 and the next Monday 00:00, in the server's time zone. */
  from: Date;
  to: Date;
  /** The Monday and the Sunday, YYYY-MM-DD. */
  weekStart: string;
  weekEnd: string;
}

/** The week (Monday to Sunday, in the server's time zone) that `today` (YYYY-MM-DD) is in. */
export function weekOf(today: string): Week {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = new Date(y, m - 1, d);
  const monday = d - ((day.getDay() + 6) % 7);
  const from = new Date(y, m - 1, monday);
  const to = new Date(y, m - 1, monday + 7);
  return { from, to, weekStart: localDay(from), weekEnd: localDay(new Date(y, m - 1, monday + 6)) };
}
