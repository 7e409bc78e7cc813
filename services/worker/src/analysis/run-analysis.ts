import type { Db } from '@booth/db';
import { PermanentError, errorMessage, type Logger } from '@booth/shared';
import type { LlmProvider } from '../llm';
import { analysisResultSchema, type AnalysisResult } from './schema';

export type AnalysisOutcome =
  | { status: 'completed'; result?: AnalysisResult }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string; permanent: boolean };

export interface RunAnalysisOptions {
  db: Db;
  provider: LlmProvider | undefined;
  sessionId: string;
  /** Whether this is the job's last attempt: a failure then becomes the row's final state. */
  lastAttempt: boolean;
  logger: Logger;
}

/** Thrown for output that is not the analysis JSON; retried, the raw text kept for inspection. */
export class InvalidOutputError extends Error {
  constructor(
    message: string,
    readonly raw: string,
  ) {
    super(message);
    this.name = 'InvalidOutputError';
  }
}

function parseOutput(raw: string): AnalysisResult {
  if (!raw.trim()) throw new InvalidOutputError('the model returned an empty answer', raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidOutputError('the model returned invalid JSON', raw);
  }
  const r = analysisResultSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidOutputError(`the model's JSON does not match the analysis schema (${issues})`, raw);
  }
  return r.data;
}

/**
 * Analyses one ended session and writes its `analyses` row. The row only becomes `completed`, with
 * summary, action items, fields and sentiment, in one write after the output validated: a half-written
 * analysis never reaches the database. Failures record the reason (and the raw output) on the row;
 * on the last attempt, or for permanent failures, the row is `failed`. Idempotent: a completed
 * analysis is never redone.
 */
export async function runAnalysis(opts: RunAnalysisOptions): Promise<AnalysisOutcome> {
  const { db, provider, sessionId, logger: log } = opts;
  const session = await db.session.findUnique({ where: { id: sessionId } });
  if (!session) throw new PermanentError(`unknown session ${sessionId}`);
  const existing = await db.analysis.findUnique({ where: { sessionId } });
  if (existing?.status === 'completed') return { status: 'skipped', reason: 'already completed' };

  await db.analysis.upsert({
    where: { sessionId },
    create: { sessionId, status: 'running', attempts: 1 },
    update: { status: 'running', attempts: { increment: 1 } },
  });
  const segments = await db.transcriptSegment.findMany({
    where: { sessionId, final: true },
    orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
  });
  if (segments.length === 0) {
    await db.analysis.update({
      where: { sessionId },
      data: {
        status: 'completed',
        summary: 'No speech was transcribed.',
        error: null,
        actionItems: [],
        extractedFields: {},
      },
    });
    return { status: 'completed' };
  }
  if (!provider) {
    const error = 'no LLM provider configured (set LLM_PROVIDER=ollama or openai)';
    await db.analysis.update({ where: { sessionId }, data: { status: 'failed', error } });
    return { status: 'failed', error, permanent: true };
  }

  const transcript = segments.map((s) => `${s.speakerIdentity}: ${s.text}`).join('\n');
  const started = performance.now();
  let raw: string | undefined;
  try {
    const out = await provider.analyze({ transcript, callDate: session.startedAt ?? session.createdAt });
    raw = out.raw;
    const result = parseOutput(out.raw);
    const latencyMs = Math.round(performance.now() - started);
    await db.analysis.update({
      where: { sessionId },
      data: {
        status: 'completed',
        provider: provider.name,
        model: provider.model,
        summary: result.summary,
        actionItems: result.actionItems,
        extractedFields: result.fields,
        sentiment: result.sentiment,
        leadStatus: result.leadStatus,
        rawOutput: out.raw,
        error: null,
        latencyMs,
        promptTokens: out.usage?.promptTokens ?? null,
        completionTokens: out.usage?.completionTokens ?? null,
      },
    });
    log.info({ latencyMs, provider: provider.name }, 'analysis completed');
    return { status: 'completed', result };
  } catch (err) {
    const permanent = err instanceof PermanentError;
    const error = errorMessage(err);
    const rawOutput = err instanceof InvalidOutputError ? err.raw : raw;
    const final = permanent || opts.lastAttempt;
    await db.analysis.update({
      where: { sessionId },
      data: {
        status: final ? 'failed' : 'pending',
        provider: provider.name,
        model: provider.model,
        error,
        rawOutput: rawOutput ?? null,
      },
    });
    log.warn({ error, permanent, final }, 'analysis attempt failed');
    if (final) return { status: 'failed', error, permanent };
    throw err;
  }
}
