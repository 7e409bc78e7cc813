import { describe, expect, it } from 'vitest';
import {
  INTERRUPTION_MIN_OVERLAP_MS,
  MONOLOGUE_MAX_PAUSE_MS,
  analyseTalk,
  countQuestions,
  type TalkSegment,
} from '../../../services/api/src/talk-analytics';
import { speakerDirectory, type TalkParticipant } from '../../../services/api/src/talk-speakers';
import { callTrend, weekOf, weekSummary } from '../../../services/api/src/talk-trends';
import { median, unionMs } from '../../../services/api/src/talk-stats';

/**
 * Talk analytics over scripted synthetic calls whose durations, overlaps, pauses and questions are
 * known by construction: every figure within 5 % of what the script says (counts exactly).
 */

/** Within 5 % of `expected` (exactly 0 when 0 is expected). */
function near(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.05);
}

/** A final segment of `speaker` from `from` to `to` seconds. */
const say = (speaker: string, from: number, to: number, text = 'words', final = true): TalkSegment => ({
  speakerIdentity: speaker,
  startMs: Math.round(from * 1000),
  endMs: Math.round(to * 1000),
  text,
  final,
});

const ADMIN = 'admin-a1';
const ADMIN_2 = 'admin-b2';
const CLIENT = 'client-0123456789ab';
const AGENT = 'booth-assistant-x1';

const participants: TalkParticipant[] = [
  // Two connections (tabs) of one admin: one speaker.
  { identity: `${ADMIN}-0a1b2c3d`, adminId: 'a1', name: 'Dee', role: 'admin' },
  { identity: `${ADMIN}-4e5f6071`, adminId: 'a1', name: 'Dee', role: 'admin' },
  { identity: `${ADMIN_2}-99aa88bb`, adminId: 'b2', name: 'Bo', role: 'admin' },
  { identity: CLIENT, adminId: null, name: 'Sarah', role: 'client' },
  { identity: AGENT, adminId: null, name: 'Booth assistant', role: 'agent' },
];
const who = speakerDirectory(participants);
const speaker = (talk: ReturnType<typeof analyseTalk>, id: string) =>
  talk.speakers.find((s) => s.speaker === id)!;

describe('the thresholds', () => {
  it('are the documented ones', () => {
    expect(MONOLOGUE_MAX_PAUSE_MS).toBe(2_000);
    expect(INTERRUPTION_MIN_OVERLAP_MS).toBe(300);
  });
});

describe('questions', () => {
  it('counts sentences ending in "?", once each', () => {
    expect(countQuestions('What is the date? Is it June? Great.')).toBe(2);
    expect(countQuestions('Really?!')).toBe(1);
    expect(countQuestions('So...?')).toBe(1);
    expect(countQuestions('Mr. Smith, is 3.5 hours enough?')).toBe(1);
    expect(countQuestions('He asked "why?" and left.')).toBe(1);
    expect(countQuestions('¿Qué hora es?')).toBe(1);
    expect(countQuestions('What??? No.')).toBe(1);
    expect(countQuestions('? ... yes')).toBe(0);
    expect(countQuestions('No question here.')).toBe(0);
    expect(countQuestions('')).toBe(0);
  });
});

describe('speakers', () => {
  it('are known by their participant rows, admins by any of their connections', () => {
    expect(who(ADMIN)).toEqual({ role: 'admin', name: 'Dee' });
    expect(who(CLIENT)).toEqual({ role: 'client', name: 'Sarah' });
    expect(who(AGENT)).toEqual({ role: 'agent', name: 'Booth assistant' });
    // No row: the identity decides, as the participant webhook would have.
    expect(who('admin-zz')).toEqual({ role: 'admin', name: null });
    expect(who('client-ffffffffffff')).toEqual({ role: 'client', name: null });
  });
});

describe('a call of clean turns', () => {
  // Admin asks, client answers and asks, admin answers in two segments 1 s apart (one monologue).
  const talk = analyseTalk(
    [
      say(ADMIN, 0, 10, 'Hi, this is Booth DJs. What is the date of your event?'),
      say(CLIENT, 11, 20, 'It is June 14th. Do you do weddings?'),
      say(ADMIN, 21.5, 40, 'Yes we do, we have three packages for weddings.'),
      say(ADMIN, 41, 50, 'The gold one has lights and a photo booth.'),
      say(CLIENT, 52, 60, 'Great, that sounds good.'),
      say(ADMIN, 60.5, 70, 'Anything else I can help with?'),
    ],
    who,
  );

  it('measures talk time and shares per speaker and side', () => {
    near(talk.talkMs, 64_000);
    near(talk.spanMs, 70_000);
    near(speaker(talk, ADMIN).talkMs, 47_000);
    near(speaker(talk, CLIENT).talkMs, 17_000);
    near(speaker(talk, ADMIN).talkShare, 47 / 64);
    near(talk.sides.admin.talkShare, 47 / 64);
    near(talk.sides.client.talkShare, 17 / 64);
    expect(talk.speakers.map((s) => s.speaker)).toEqual([ADMIN, CLIENT]);
    expect(speaker(talk, ADMIN)).toMatchObject({ name: 'Dee', role: 'admin', segments: 4 });
  });

  it('finds the longest monologue across a pause under 2 s', () => {
    expect(talk.longestMonologue).toMatchObject({ speaker: ADMIN, name: 'Dee', role: 'admin' });
    near(talk.longestMonologue?.ms, 28_500);
    near(talk.longestMonologue?.startMs, 21_500);
    near(speaker(talk, CLIENT).longestMonologueMs, 9_000);
  });

  it('counts questions per side, no interruptions, and the response times', () => {
    expect(talk.sides.admin.questions).toBe(2);
    expect(talk.sides.client.questions).toBe(1);
    expect(talk.sides.admin.interruptions + talk.sides.client.interruptions).toBe(0);
    expect(talk.responseTime.samplesMs).toEqual([1_500, 500]);
    near(talk.responseTime.medianMs, 1_000);
    near(talk.responseTime.meanMs, 1_000);
  });
});

describe('a call of overlaps and interruptions', () => {
  const talk = analyseTalk(
    [
      say(CLIENT, 0, 10),
      // 0.1 s over the client's end: a turn taken early, not an interruption; answered at once.
      say(ADMIN, 9.9, 12),
      // 1 s over the admin's: the client cut in.
      say(CLIENT, 11, 20),
      // 1 s inside the client's: the admin cut in (and answered at once).
      say(ADMIN, 15, 16),
      // 6 s after the admin's last: a new monologue.
      say(ADMIN, 22, 30),
    ],
    who,
  );

  it('counts an interruption for whoever cut in, from 300 ms of overlap', () => {
    expect(speaker(talk, CLIENT).interruptions).toBe(1);
    expect(speaker(talk, ADMIN).interruptions).toBe(1);
    expect(talk.sides.client.interruptions).toBe(1);
    expect(talk.sides.admin.interruptions).toBe(1);
  });

  it('measures talk with overlaps counted once in the call total', () => {
    near(talk.talkMs, 28_000);
    near(speaker(talk, CLIENT).talkMs, 19_000);
    near(speaker(talk, ADMIN).talkMs, 11_100);
    near(talk.sides.admin.talkShare, 11.1 / 30.1);
  });

  it('ends a monologue when someone else starts, and answers over the client as 0 ms', () => {
    expect(talk.longestMonologue).toMatchObject({ speaker: CLIENT, role: 'client' });
    near(talk.longestMonologue?.ms, 10_000);
    near(speaker(talk, ADMIN).longestMonologueMs, 8_000);
    expect(talk.responseTime.samplesMs).toEqual([0, 0]);
    expect(talk.responseTime.medianMs).toBe(0);
  });

  it('does not count an overlap just under the threshold', () => {
    const just = analyseTalk([say(CLIENT, 0, 10), say(ADMIN, 9.75, 12)], who);
    expect(speaker(just, ADMIN).interruptions).toBe(0);
    const over = analyseTalk([say(CLIENT, 0, 10), say(ADMIN, 9.7, 12)], who);
    expect(speaker(over, ADMIN).interruptions).toBe(1);
  });
});

describe('a call of two admins, two tabs, an agent and interim text', () => {
  const talk = analyseTalk(
    [
      say(ADMIN, 0, 5, 'Hello? Can you hear me?!'),
      // The same admin heard on a second track: their own overlap, no interruption, one monologue.
      say(ADMIN, 3, 8, 'Mr. Smith, is 3.5 hours enough?'),
      say(CLIENT, 9, 15, '? ... yes'),
      say(ADMIN_2, 16, 20, "What's the venue?"),
      say(AGENT, 21, 23, 'Noted.'),
      say(CLIENT, 24, 30, 'Cedar Hall.'),
      say(ADMIN, 31, 33, 'Perfect.'),
      // An interim caption: never counted.
      say(CLIENT, 40, 50, 'interim words?', false),
    ],
    who,
  );

  it('counts each admin once across tabs and groups both admins on one side', () => {
    near(speaker(talk, ADMIN).talkMs, 10_000);
    near(speaker(talk, ADMIN_2).talkMs, 4_000);
    near(speaker(talk, AGENT).talkMs, 2_000);
    near(speaker(talk, ADMIN).talkShare, 10 / 28);
    near(talk.sides.admin.talkMs, 14_000);
    near(talk.sides.client.talkMs, 12_000);
    near(talk.sides.admin.talkShare, 14 / 26);
    expect(talk.sides.admin.speakers).toBe(2);
    expect(speaker(talk, ADMIN).interruptions).toBe(0);
    near(speaker(talk, ADMIN).longestMonologueMs, 8_000);
    expect(speaker(talk, ADMIN_2)).toMatchObject({ name: 'Bo', role: 'admin' });
  });

  it('ignores interim segments and counts questions per side', () => {
    near(talk.talkMs, 28_000);
    near(talk.spanMs, 33_000);
    expect(speaker(talk, CLIENT).segments).toBe(2);
    expect(talk.sides.admin.questions).toBe(4);
    expect(talk.sides.client.questions).toBe(0);
  });

  it('takes response times only where an admin turn follows a client turn', () => {
    // 9–15 → 16 and 24–30 → 31 (the agent's "Noted." comes after an admin turn, before a client one).
    expect(talk.responseTime.samplesMs).toEqual([1_000, 1_000]);
    near(talk.responseTime.meanMs, 1_000);
    // An agent answering the client first: that client turn is not answered by an admin.
    const viaAgent = analyseTalk([say(CLIENT, 0, 5), say(AGENT, 6, 7), say(ADMIN, 8, 9)], who);
    expect(viaAgent.responseTime.count).toBe(0);
  });
});

describe('a long scripted call', () => {
  // 20 exchanges: the client talks 6 s, 1.2 s later the admin answers in two segments of 4 s and
  // 5 s with a 1.5 s pause (one 10.5 s monologue), then 0.8 s of silence.
  const segs: TalkSegment[] = [];
  let t = 0;
  for (let i = 0; i < 20; i++) {
    segs.push(say(CLIENT, t, t + 6, i % 2 ? 'And the lights?' : 'We want dancing.'));
    t += 7.2;
    segs.push(say(ADMIN, t, t + 4, 'Sure.'), say(ADMIN, t + 5.5, t + 10.5, 'We can do that. Anything else?'));
    t += 11.3;
  }
  const talk = analyseTalk(segs, who);

  it('adds up to the script', () => {
    near(talk.sides.admin.talkMs, 20 * 9_000);
    near(talk.sides.client.talkMs, 20 * 6_000);
    near(talk.sides.admin.talkShare, 0.6);
    near(talk.talkMs, 300_000);
    near(talk.longestMonologue?.ms, 10_500);
    expect(talk.longestMonologue?.role).toBe('admin');
    expect(talk.responseTime.count).toBe(20);
    near(talk.responseTime.medianMs, 1_200);
    near(talk.responseTime.meanMs, 1_200);
    expect(talk.sides.admin.questions).toBe(20);
    expect(talk.sides.client.questions).toBe(10);
    expect(talk.sides.admin.interruptions + talk.sides.client.interruptions).toBe(0);
  });

  it('makes one row of a contact’s evolution', () => {
    const row = callTrend(talk, 3);
    near(row.adminShare, 0.6);
    near(row.longestMonologueMs, 10_500);
    expect(row).toMatchObject({
      longestMonologueRole: 'admin',
      questions: { admin: 20, client: 10 },
      interruptions: { admin: 0, client: 0 },
      trackerHits: 3,
    });
    near(row.responseMedianMs, 1_200);
  });
});

describe('a call nobody spoke in', () => {
  it('has zeros and no monologue or response time', () => {
    const talk = analyseTalk([say(CLIENT, 1, 2, 'interim', false)], who);
    expect(talk).toMatchObject({ talkMs: 0, spanMs: 0, speakers: [], longestMonologue: null });
    expect(talk.responseTime).toEqual({ count: 0, medianMs: null, meanMs: null, samplesMs: [] });
    expect(talk.sides.admin).toMatchObject({ talkMs: 0, talkShare: 0, longestMonologueMs: 0 });
    expect(callTrend(talk, 0)).toMatchObject({ adminShare: null, longestMonologueRole: null });
  });
});

describe('the week', () => {
  it('runs Monday to Sunday around today', () => {
    expect(weekOf('2026-12-03')).toMatchObject({ weekStart: '2026-11-30', weekEnd: '2026-12-06' });
    expect(weekOf('2026-11-30')).toMatchObject({ weekStart: '2026-11-30', weekEnd: '2026-12-06' });
    expect(weekOf('2026-12-06')).toMatchObject({ weekStart: '2026-11-30', weekEnd: '2026-12-06' });
    expect(weekOf('2027-01-01')).toMatchObject({ weekStart: '2026-12-28', weekEnd: '2027-01-03' });
    const { from, to } = weekOf('2026-12-03');
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(7 * 86_400_000 - 3_600_000);
  });

  it('sums the week’s calls: talk, mean admin share, pooled median response, questions, top trackers', () => {
    const a = analyseTalk(
      [say(CLIENT, 0, 10, 'Hi?'), say(ADMIN, 11, 41, 'Hello. When?'), say(CLIENT, 42, 52)],
      who,
    );
    const b = analyseTalk(
      [say(CLIENT, 0, 10), say(ADMIN, 13, 23), say(CLIENT, 24, 34), say(ADMIN, 39, 49)],
      who,
    );
    const silent = analyseTalk([], who);
    const hit = (trackerId: string, name: string) => ({ trackerId, name });
    const week = weekSummary(
      [
        { talk: a, hits: [hit('t1', 'Budget'), hit('t2', 'Venue'), hit('t1', 'Budget')] },
        { talk: b, hits: [hit('t2', 'Venue'), hit('t3', 'Deposit'), hit('t1', 'Budget')] },
        { talk: silent, hits: [] },
      ],
      2,
    );
    expect(week).toMatchObject({ calls: 3, callsWithSpeech: 2, responses: 3 });
    near(week.talkMs, 50_000 + 40_000);
    // a: admin 30 of 50; b: admin 20 of 40.
    near(week.adminShareMean, (30 / 50 + 20 / 40) / 2);
    // Responses 1 s (a), 3 s and 5 s (b): the median of all three, not of the calls' medians.
    near(week.responseMedianMs, 3_000);
    expect(week.questions).toEqual({ admin: 1, client: 1 });
    expect(week.trackerHits).toEqual([
      { trackerId: 't1', name: 'Budget', count: 3 },
      { trackerId: 't2', name: 'Venue', count: 2 },
    ]);
  });
});

describe('the arithmetic', () => {
  it('unites intervals and takes medians', () => {
    expect(
      unionMs([
        { startMs: 0, endMs: 10 },
        { startMs: 5, endMs: 15 },
        { startMs: 15, endMs: 20 },
        { startMs: 30, endMs: 31 },
        { startMs: 40, endMs: 35 },
      ]),
    ).toBe(21);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
