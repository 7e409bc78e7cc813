import { clampInterval, mean, median, share, unionMs, type Interval } from './talk-stats';

/**
 * Talk analytics of one call, from the per-track transcript segments Booth stores: who talked how
 * much, the longest monologue, questions, interruptions and how fast the admins answered the client.
 * Pure: the caller loads the segments and says who each speaker is (talk-speakers.ts).
 *
 * Only final segments count (interim captions are superseded by them). Times are ms since the
 * session started, as the segments hold them.
 */

/**
 * A speaker's consecutive segments are one monologue while nobody else starts speaking and each
 * silence between them is shorter than this.
 */
export const MONOLOGUE_MAX_PAUSE_MS = 2_000;

/**
 * Starting a segment while another speaker's segment is under way is an interruption (counted for
 * the one who cut in) when the two overlap by at least this much; a shorter overlap is a turn
 * handed over a little early, or a backchannel.
 */
export const INTERRUPTION_MIN_OVERLAP_MS = 300;

/** The thresholds above, as the API reports them beside the figures. */
export const TALK_THRESHOLDS = {
  monologueMaxPauseMs: MONOLOGUE_MAX_PAUSE_MS,
  interruptionMinOverlapMs: INTERRUPTION_MIN_OVERLAP_MS,
} as const;

export type TalkRole = 'admin' | 'client' | 'agent';
/** The two sides of a call: our staff and the client (agents belong to neither). */
export type TalkSide = 'admin' | 'client';
export const TALK_SIDES: readonly TalkSide[] = ['admin', 'client'];

/** A transcript segment as analysed (the columns of TranscriptSegment it needs). */
export interface TalkSegment {
  /** `admin-<adminId>` for an admin, whichever tab spoke; else the participant's identity. */
  speakerIdentity: string;
  startMs: number;
  endMs: number;
  text: string;
  final: boolean;
}

/** Who a speaker is. */
export interface TalkSpeakerInfo {
  role: TalkRole;
  name: string | null;
}

export interface SpeakerTalk extends TalkSpeakerInfo {
  speaker: string;
  /** Time this speaker talked: the union of their segments' intervals. */
  talkMs: number;
  /** `talkMs` over the sum of every speaker's `talkMs` (0–1; the speakers' shares add up to 1). */
  talkShare: number;
  segments: number;
  /** Sentences ending in '?' (see {@link countQuestions}). */
  questions: number;
  /** Segments this speaker started over someone else's (see {@link INTERRUPTION_MIN_OVERLAP_MS}). */
  interruptions: number;
  longestMonologueMs: number;
}

export interface SideTalk {
  /** Time anyone of the side talked (the union of its speakers' segments). */
  talkMs: number;
  /** `talkMs` over the admin side's plus the client side's (0–1; the two add up to 1). */
  talkShare: number;
  questions: number;
  interruptions: number;
  longestMonologueMs: number;
  /** How many speakers of the side spoke. */
  speakers: number;
}

/** A stretch one speaker held the floor (see {@link MONOLOGUE_MAX_PAUSE_MS}). */
export interface Monologue extends TalkSpeakerInfo, Interval {
  speaker: string;
  ms: number;
}

/** How long the admins took to answer after the client stopped. */
export interface ResponseTimes {
  /** Client turns followed by an admin turn. */
  count: number;
  medianMs: number | null;
  meanMs: number | null;
  /** Each one, in call order: max(0, admin turn start − client turn end). */
  samplesMs: number[];
}

export interface CallTalk {
  /** Time anyone talked: the union of every final segment. */
  talkMs: number;
  /** First final segment's start to the last one's end (0 without any). */
  spanMs: number;
  /** Every speaker, most talk first. */
  speakers: SpeakerTalk[];
  sides: Record<TalkSide, SideTalk>;
  longestMonologue: Monologue | null;
  responseTime: ResponseTimes;
}

/** A segment as analysed: its speaker's role attached, its interval clamped. */
export interface Spoken extends Interval {
  speaker: string;
  role: TalkRole;
  text: string;
}

/** A sentence: text up to and including its run of end punctuation. */
const SENTENCE = /[^.!?…]+[.!?…]*/g;
const END_PUNCTUATION = /[.!?…]+$/;
const WORDY = /[\p{L}\p{N}]/u;

/**
 * Questions in a text: its sentences whose end punctuation has a '?' ("Really?!" is one) and that
 * have a letter or a digit (a lone "?" is not a question). A decimal point or "Mr." splits a sentence
 * in two, but only the part ending in '?' counts, so a question is still counted once.
 */
export function countQuestions(text: string): number {
  let n = 0;
  for (const [sentence] of text.matchAll(SENTENCE)) {
    const end = END_PUNCTUATION.exec(sentence.trimEnd())?.[0] ?? '';
    if (end.includes('?') && WORDY.test(sentence)) n++;
  }
  return n;
}

/** The final segments in call order (start, then end), with their speakers' roles. */
export function spoken(
  segments: readonly TalkSegment[],
  info: (speaker: string) => TalkSpeakerInfo,
): Spoken[] {
  return segments
    .filter((s) => s.final)
    .map((s) => ({
      ...clampInterval(s),
      speaker: s.speakerIdentity,
      role: info(s.speakerIdentity).role,
      text: s.text,
    }))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.speaker.localeCompare(b.speaker));
}

/**
 * Monologues in call order: a speaker's consecutive segments merged while nobody else starts and
 * each pause is under {@link MONOLOGUE_MAX_PAUSE_MS}. Another speaker starting (even over them)
 * ends the current one.
 */
export function monologues(segs: readonly Spoken[]): (Interval & { speaker: string })[] {
  const out: (Interval & { speaker: string })[] = [];
  let cur: (Interval & { speaker: string }) | undefined;
  for (const s of segs) {
    if (cur && s.speaker === cur.speaker && s.startMs - cur.endMs < MONOLOGUE_MAX_PAUSE_MS) {
      cur.endMs = Math.max(cur.endMs, s.endMs);
      continue;
    }
    if (cur) out.push(cur);
    cur = { speaker: s.speaker, startMs: s.startMs, endMs: s.endMs };
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Interruptions by speaker: a segment counts once for its speaker when it starts while another
 * speaker's segment is under way (that one started strictly earlier) and the two overlap by at least
 * {@link INTERRUPTION_MIN_OVERLAP_MS}.
 */
export function interruptions(segs: readonly Spoken[]): Map<string, number> {
  const out = new Map<string, number>();
  let open: Spoken[] = [];
  for (const s of segs) {
    // Starts only grow: a segment over before this one starts can overlap nothing later.
    open = open.filter((o) => o.endMs > s.startMs);
    const cutIn = open.some(
      (o) =>
        o.speaker !== s.speaker &&
        o.startMs < s.startMs &&
        Math.min(o.endMs, s.endMs) - s.startMs >= INTERRUPTION_MIN_OVERLAP_MS,
    );
    if (cutIn) out.set(s.speaker, (out.get(s.speaker) ?? 0) + 1);
    open.push(s);
  }
  return out;
}

/**
 * Response times: the call as turns (consecutive segments of one role merged; an agent's turn sits
 * between the sides), and for each client turn followed directly by an admin turn,
 * max(0, admin start − client end): an admin who cut in answered at once.
 */
export function responseTimes(segs: readonly Spoken[]): ResponseTimes {
  const turns: (Interval & { role: TalkRole })[] = [];
  for (const s of segs) {
    const last = turns.at(-1);
    if (last && last.role === s.role) last.endMs = Math.max(last.endMs, s.endMs);
    else turns.push({ role: s.role, startMs: s.startMs, endMs: s.endMs });
  }
  const samplesMs: number[] = [];
  for (let i = 1; i < turns.length; i++) {
    const [before, after] = [turns[i - 1]!, turns[i]!];
    if (before.role === 'client' && after.role === 'admin') {
      samplesMs.push(Math.max(0, after.startMs - before.endMs));
    }
  }
  return { count: samplesMs.length, medianMs: median(samplesMs), meanMs: mean(samplesMs), samplesMs };
}

/** The talk analytics of one call from its segments; `info` says who each speaker is. */
export function analyseTalk(
  segments: readonly TalkSegment[],
  info: (speaker: string) => TalkSpeakerInfo,
): CallTalk {
  const segs = spoken(segments, info);
  const bySpeaker = new Map<string, Spoken[]>();
  for (const s of segs) {
    const own = bySpeaker.get(s.speaker);
    if (own) own.push(s);
    else bySpeaker.set(s.speaker, [s]);
  }

  const mono = monologues(segs);
  const longestOf = new Map<string, number>();
  let longest: (Interval & { speaker: string }) | undefined;
  for (const m of mono) {
    const ms = m.endMs - m.startMs;
    longestOf.set(m.speaker, Math.max(longestOf.get(m.speaker) ?? 0, ms));
    if (!longest || ms > longest.endMs - longest.startMs) longest = m;
  }
  const cutIns = interruptions(segs);

  const talk = [...bySpeaker].map(([speaker, own]) => ({ speaker, own, talkMs: unionMs(own) }));
  const allTalk = talk.reduce((sum, t) => sum + t.talkMs, 0);
  const speakers: SpeakerTalk[] = talk
    .map(({ speaker, own, talkMs }) => ({
      speaker,
      ...info(speaker),
      talkMs,
      talkShare: share(talkMs, allTalk),
      segments: own.length,
      questions: own.reduce((n, s) => n + countQuestions(s.text), 0),
      interruptions: cutIns.get(speaker) ?? 0,
      longestMonologueMs: longestOf.get(speaker) ?? 0,
    }))
    .sort((a, b) => b.talkMs - a.talkMs || a.speaker.localeCompare(b.speaker));

  const sideTalk = (side: TalkSide) => unionMs(segs.filter((s) => s.role === side));
  const [adminMs, clientMs] = [sideTalk('admin'), sideTalk('client')];
  const side = (role: TalkSide, talkMs: number): SideTalk => {
    const of = speakers.filter((s) => s.role === role);
    return {
      talkMs,
      talkShare: share(talkMs, adminMs + clientMs),
      questions: of.reduce((n, s) => n + s.questions, 0),
      interruptions: of.reduce((n, s) => n + s.interruptions, 0),
      longestMonologueMs: Math.max(0, ...of.map((s) => s.longestMonologueMs)),
      speakers: of.length,
    };
  };

  const first = segs[0];
  return {
    talkMs: unionMs(segs),
    spanMs: first ? segs.reduce((end, s) => Math.max(end, s.endMs), first.endMs) - first.startMs : 0,
    speakers,
    sides: { admin: side('admin', adminMs), client: side('client', clientMs) },
    longestMonologue: longest
      ? { ...longest, ...info(longest.speaker), ms: longest.endMs - longest.startMs }
      : null,
    responseTime: responseTimes(segs),
  };
}
