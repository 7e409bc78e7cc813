import { recordNotification, type Db } from '@booth/db';
import { PermanentError, storableText, type Logger } from '@booth/shared';
import type { LlmProvider } from '../llm';
import { InvalidOutputError, publicError } from './errors';
import { extractDraft } from './extract';
import { groundDraft } from './ground';
import { draftSchema, type AnalysisDraft, type CallAnalysis } from './schema';
import { formatTranscript, sanitizeTranscript, type TranscriptLine } from './transcript';
import { knownVenues, loadTranscript } from './load';
import { storable } from './storable';
import { writeBack, type AnalysisMeta } from './write-back';

export { InvalidOutputError } from './errors';

export type AnalysisOutcome =
  | { status: 'completed'; analysis?: CallAnalysis; notificationIds: string[] }
  | { status: 'skipped'; reason: string; notificationIds: string[] }
  | { status: 'failed'; error: string; permanent: boolean; notificationIds: string[] };

export interface RunAnalysisOptions {
  db: Db;
  /** The LLM; undefined → the deterministic extractor writes the analysis. */
  provider: LlmProvider | undefined;
  sessionId: string;
  /** Whether this is the job's last attempt: a failure then becomes the row's final state. */
  lastAttempt: boolean;
  logger: Logger;
}

/** Validates a model's raw answer against the draft schema. */
export function parseDraft(raw: string): AnalysisDraft {
  if (!raw.trim()) throw new InvalidOutputError('the model returned an empty answer', raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidOutputError('the model returned invalid JSON', raw);
  }
  const r = draftSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidOutputError(`the model's JSON does not match the analysis schema (${issues})`, raw);
  }
  return r.data;
}

export interface AnalyzeTranscriptOptions {
  provider: LlmProvider | undefined;
  callDate: Date;
  knownVenues?: readonly string[];
}

export interface AnalyzeTranscriptResult {
  analysis: CallAnalysis;
  meta: AnalysisMeta;
  /** The model's own draft before grounding (undefined without a model): to judge the model alone. */
  modelDraft?: AnalysisDraft;
}

/**
 * Transcript → grounded analysis, with no database: used by the worker and by `booth analyze`.
 * Instruction-like sentences are removed first; the extractor always runs (it is the analysis
 * without an LLM, and the cross-check with one). Throws InvalidOutputError / provider errors.
 */
export async function analyzeTranscript(
  lines: readonly TranscriptLine[],
  opts: AnalyzeTranscriptOptions,
): Promise<AnalyzeTranscriptResult> {
  const started = performance.now();
  const { lines: clean, removed } = sanitizeTranscript(lines);
  const reference = extractDraft(clean, { callDate: opts.callDate, knownVenues: opts.knownVenues });
  let draft = reference;
  let modelDraft: AnalysisDraft | undefined;
  let rawOutput: string | null = null;
  let usage: { promptTokens: number; completionTokens: number } | undefined;
  if (opts.provider && clean.length) {
    const out = await opts.provider.analyze({ transcript: formatTranscript(clean), callDate: opts.callDate });
    rawOutput = out.raw;
    usage = out.usage;
    draft = modelDraft = parseDraft(out.raw);
  }
  const analysis = groundDraft(draft, clean, { callDate: opts.callDate, reference, removed });
  return {
    analysis,
    modelDraft,
    meta: {
      provider: opts.provider?.name ?? 'extractor',
      model: opts.provider?.model ?? null,
      rawOutput,
      latencyMs: Math.round(performance.now() - started),
      promptTokens: usage?.promptTokens ?? null,
      completionTokens: usage?.completionTokens ?? null,
    },
  };
}

/**
 * Analyses one ended session and writes the result back (see {@link writeBack}). A completed analysis
 * is never redone. Failures record the reason (one short line, see {@link publicError}; the details
 * are logged) and the raw output on the row; on the last attempt, or for permanent failures, the row
 * is `failed` and the admins are notified (`call_analysis_failed`, to retry it), and nothing else was
 * written: a half-written analysis never reaches the database.
 */
export async function runAnalysis(opts: RunAnalysisOptions): Promise<AnalysisOutcome> {
  const { db, provider, sessionId, logger: log } = opts;
  const session = await db.session.findUnique({ where: { id: sessionId } });
  if (!session) throw new PermanentError(`unknown session ${sessionId}`);
  const existing = await db.analysis.findUnique({ where: { sessionId } });
  if (existing?.status === 'completed')
    return { status: 'skipped', reason: 'already completed', notificationIds: [] };

  await db.analysis.upsert({
    where: { sessionId },
    create: { sessionId, status: 'running', attempts: 1 },
    update: { status: 'running', attempts: { increment: 1 } },
  });
  const lines = await loadTranscript(db, sessionId);
  let rawOutput: string | null = null;
  try {
    const result = await analyzeTranscript(lines, {
      provider,
      callDate: session.startedAt ?? session.createdAt,
      knownVenues: await knownVenues(db),
    });
    const { meta } = result;
    const analysis = storable(result.analysis);
    rawOutput = meta.rawOutput;
    const notificationIds = await writeBack(db, sessionId, analysis, meta);
    log.info(
      {
        latencyMs: meta.latencyMs,
        provider: meta.provider,
        dropped: analysis.dropped.length,
        flags: analysis.flags,
      },
      'analysis completed',
    );
    return { status: 'completed', analysis, notificationIds };
  } catch (err) {
    // A concurrent run of the same job (redelivery) committed first: ours rolled back whole.
    const now = await db.analysis.findUnique({ where: { sessionId }, select: { status: true } });
    if (now?.status === 'completed')
      return { status: 'skipped', reason: 'completed concurrently', notificationIds: [] };
    const permanent = err instanceof PermanentError;
    const error = publicError(err);
    const raw = err instanceof InvalidOutputError ? err.raw : rawOutput;
    const final = permanent || opts.lastAttempt;
    // The details (a Prisma message with its code excerpt, the stack) are for the log, not the row.
    log.warn({ err, error, permanent, final }, 'analysis attempt failed');
    const failure = {
      where: { sessionId },
      data: {
        status: final ? 'failed' : 'pending',
        provider: provider?.name ?? 'extractor',
        model: provider?.model ?? null,
        error,
        rawOutput: raw === null ? null : storableText(raw),
      },
    } as const;
    if (!final) {
      await db.analysis.update(failure);
      throw err;
    }
    // Given up: the row says why, and the admins are told (once per failed run) so they can retry.
    const notificationId = await db.$transaction(async (tx) => {
      const row = await tx.analysis.update({ ...failure, select: { attempts: true } });
      return recordNotification(tx, {
        type: 'call_analysis_failed',
        title: 'Call analysis failed',
        body: error,
        sessionId,
        contactId: session.contactId,
        dedupeKey: `analysis-failed-${sessionId}-${row.attempts}`,
      });
    });
    return { status: 'failed', error, permanent, notificationIds: [notificationId] };
  }
}
