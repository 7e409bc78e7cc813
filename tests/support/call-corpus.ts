import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AnalysisDraft, CallAnalysis } from '@booth/worker';
import {
  CALLS,
  CALL_DATE,
  VENUE_VOCABULARY,
  voicesFor,
  type CallTruth,
  type SyntheticCall,
} from '../fixtures/calls';
import { speechWav } from './fixtures';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** The call as one recording: each line in its speaker's voice, 600 ms between lines. */
export function callWav(call: SyntheticCall, index: number): string {
  const voices = voicesFor(index);
  const parts = call.lines.flatMap(([role, say]) => [{ say, voice: voices[role] }, 600]);
  return speechWav(`call-${call.id}`, [300, ...parts]);
}

/** What `booth analyze --json` prints. */
export interface AnalyzeOutput {
  text: string;
  durationMs: number;
  transcriptionMs: number;
  analysisMs: number;
  provider: string;
  analysis: CallAnalysis;
  modelDraft: AnalysisDraft | null;
}

/** A model's draft in the analysis' shape (values only), to score the model before grounding. */
export function draftValues(d: AnalysisDraft): Pick<CallAnalysis, ScoredField> {
  return {
    eventType: d.fields.eventType.value,
    eventDate: d.fields.eventDate.value,
    guestCount: d.fields.guestCount.value,
    venue: d.fields.venue.value,
    sentiment: d.sentiment,
    leadStatus: d.leadStatus,
  };
}

/** Runs the CLI on one recorded call, as a user would; `env` picks the LLM provider. */
export async function analyzeWithCli(
  wav: string,
  env: Record<string, string | undefined> = {},
): Promise<AnalyzeOutput> {
  const { stdout } = await run(
    'npx',
    [
      '--no-install',
      'tsx',
      join(root, 'services/cli/src/main.ts'),
      'analyze',
      wav,
      '--json',
      '--call-date',
      CALL_DATE.toISOString().slice(0, 10),
      '--vocabulary',
      VENUE_VOCABULARY.join(','),
    ],
    { cwd: root, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as AnalyzeOutput;
}

export const SCORED_FIELDS = [
  'eventDate',
  'guestCount',
  'venue',
  'eventType',
  'sentiment',
  'leadStatus',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

const norm = (v: unknown) =>
  typeof v === 'string'
    ? v
        .toLowerCase()
        .replace(/^the\s+/, '')
        .trim()
    : v;

/** Whether one field is right: exact for dates, numbers, venue, sentiment and status; event type by its key word. */
export function fieldCorrect(
  field: ScoredField,
  truth: CallTruth,
  got: Pick<CallAnalysis, ScoredField>,
): boolean {
  const want = truth[field];
  const have = got[field];
  if (field === 'eventType' && typeof want === 'string' && typeof have === 'string') {
    return norm(have)!.toString().includes(want.toLowerCase());
  }
  return norm(have) === norm(want);
}

export interface CorpusResult {
  id: string;
  truth: CallTruth;
  out: AnalyzeOutput;
  wrong: string[];
}

/** Analyses every synthetic call with the CLI and scores it against its ground truth. */
export async function runCorpus(env: Record<string, string | undefined> = {}): Promise<CorpusResult[]> {
  const results: CorpusResult[] = [];
  for (const [i, call] of CALLS.entries()) {
    const out = await analyzeWithCli(callWav(call, i), env);
    const wrong = SCORED_FIELDS.filter((f) => !fieldCorrect(f, call.truth, out.analysis)).map(
      (f) => `${f}: got ${JSON.stringify(out.analysis[f])}, want ${JSON.stringify(call.truth[f])}`,
    );
    results.push({ id: call.id, truth: call.truth, out, wrong });
  }
  return results;
}

/** Share of calls with each field right. */
export function accuracy(results: CorpusResult[]): Record<ScoredField, number> {
  return Object.fromEntries(
    SCORED_FIELDS.map((f) => [
      f,
      results.filter((r) => fieldCorrect(f, r.truth, r.out.analysis)).length / results.length,
    ]),
  ) as Record<ScoredField, number>;
}
