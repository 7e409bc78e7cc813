import { randomBytes } from 'node:crypto';
import { createDb, migrate } from '@booth/db';
import { TypedQueue, createLogger, parseConfig, redisConnection } from '@booth/shared';
import { createAnalysisWorker } from '@booth/worker';
import { CALLS, CALL_DATE } from '../fixtures/calls';
import { startServices } from '../harness/services';
import { median, percentile } from '../harness/metrics-summary';
import {
  SCORED_FIELDS,
  callWav,
  analyzeWithCli,
  draftValues,
  fieldCorrect,
  type AnalyzeOutput,
} from '../support/call-corpus';
import { waitUntil } from '../support/processes';

/**
 * `npm run bench:analysis`: per provider available here, the accuracy of `booth analyze` on the 14
 * synthetic calls (per field), the analysis time per call, and the time from hang-up (job enqueued,
 * transcript already stored live) to the note in Postgres through the real worker, queue and database.
 * Providers: the deterministic extractor, and SmolLM2-135M-Instruct in llama.cpp's server when
 * provisioned (BOOTH_LLM_DIR); for a model, its own answers are scored too, before grounding.
 * Env: WHISPER_MODEL (default tiny.en), BOOTH_MODELS_DIR, BENCH_PROVIDERS (e.g. "extractor").
 */
const services = await startServices();
Object.assign(process.env, services.env, { MODEL_DOWNLOAD: 'false', LOG_LEVEL: 'warn' });
const providers: { name: string; env: Record<string, string> }[] = [
  { name: 'extractor', env: { LLM_PROVIDER: 'none' } },
];
if (services.env.BOOTH_TEST_LLM_URL) {
  providers.push({
    name: 'smollm2-135m (llama.cpp server)',
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: services.env.BOOTH_TEST_LLM_URL,
      OPENAI_API_KEY: 'local',
      OPENAI_MODEL: services.env.BOOTH_TEST_LLM_MODEL ?? 'smollm2',
      LLM_SCHEMA_LIMITS: 'true',
      LLM_MAX_TOKENS: '1500',
      LLM_TIMEOUT_MS: '120000',
    },
  });
}

const wanted = process.env.BENCH_PROVIDERS?.split(/[\s,]+/).filter(Boolean);
const selected = wanted ? providers.filter((p) => wanted.some((w) => p.name.startsWith(w))) : providers;

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;

try {
  await migrate(services.env.DATABASE_URL!);
  const db = createDb({ url: services.env.DATABASE_URL! });
  // Transcripts once (tiny.en through the CLI), then analysis per provider on the same words.
  const transcripts: AnalyzeOutput[] = [];
  for (const [i, call] of CALLS.entries())
    transcripts.push(await analyzeWithCli(callWav(call, i), { LLM_PROVIDER: 'none' }));
  const asrMs = transcripts.map((t) => t.transcriptionMs);
  const audioMs = transcripts.map((t) => t.durationMs);
  console.log(
    `\nTranscription (${process.env.WHISPER_MODEL ?? 'tiny.en'}): ${CALLS.length} calls, audio median ${(median(audioMs) / 1000).toFixed(1)} s, ` +
      `transcription median ${median(asrMs).toFixed(0)} ms (RTF ${(median(asrMs) / median(audioMs)).toFixed(3)})`,
  );

  for (const p of selected) {
    // Accuracy through the CLI (transcribe + analyse), as users run it.
    const correct = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<string, number>;
    const modelAlone = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<string, number>;
    const analysisMs: number[] = [];
    let failed = 0;
    const failures: string[] = [];
    const misses: string[] = [];
    for (const [i, call] of CALLS.entries()) {
      try {
        const out = p.name === 'extractor' ? transcripts[i]! : await analyzeWithCli(callWav(call, i), p.env);
        analysisMs.push(out.analysisMs);
        for (const f of SCORED_FIELDS) if (fieldCorrect(f, call.truth, out.analysis)) correct[f]!++;
        const wrong = SCORED_FIELDS.filter((f) => !fieldCorrect(f, call.truth, out.analysis));
        if (wrong.length) {
          const said = wrong.map(
            (f) => `${f} ${JSON.stringify(out.analysis[f])}≠${JSON.stringify(call.truth[f])}`,
          );
          misses.push(`${call.id}: ${said.join(', ')}`);
        }
        const own = out.modelDraft ? draftValues(out.modelDraft) : undefined;
        for (const f of SCORED_FIELDS) if (own && fieldCorrect(f, call.truth, own)) modelAlone[f]!++;
      } catch (err) {
        failed++;
        failures.push(((err as { stderr?: string }).stderr ?? String(err)).trim().split('\n').at(-1) ?? '');
      }
    }
    console.log(`\n== ${p.name} ==`);
    console.log(
      `field accuracy over ${CALLS.length} calls (failed analyses count as wrong; ${failed} failed):`,
    );
    const isModel = p.name !== 'extractor';
    if (isModel) console.log('  field       stored  (the model alone, before grounding)');
    for (const f of SCORED_FIELDS) {
      const alone = isModel ? `  (${pct(modelAlone[f]!, CALLS.length)})` : '';
      console.log(`  ${f.padEnd(11)} ${pct(correct[f]!, CALLS.length).padStart(5)}${alone}`);
    }
    const errors = [...new Set(failures)];
    if (errors.length) console.log(`  failures: ${errors.join(' | ')}`);
    for (const m of misses) console.log(`  miss ${m}`);
    console.log(
      `analysis time per call: median ${median(analysisMs).toFixed(0)} ms, max ${Math.max(...analysisMs).toFixed(0)} ms`,
    );

    // Hang-up → note in Postgres, through the worker, BullMQ and Postgres.
    const prefix = `bench${randomBytes(3).toString('hex')}`;
    const config = parseConfig({ ...process.env, ...p.env, QUEUE_PREFIX: prefix, JOB_ATTEMPTS: '2' });
    const worker = createAnalysisWorker({ config, db, logger: createLogger('bench', 'silent') });
    const producer = new TypedQueue('analysis', {
      connection: redisConnection(config.REDIS_URL),
      prefix,
      attempts: 2,
    });
    const toNote: number[] = [];
    let noNote = 0;
    try {
      for (const [i, t] of transcripts.entries()) {
        const session = await db.session.create({
          data: {
            roomName: `call-${randomBytes(5).toString('hex')}`,
            kind: 'call',
            status: 'ended',
            startedAt: CALL_DATE,
          },
        });
        await db.transcriptSegment.createMany({
          data: t.text.split(/(?<=[.?!])\s+/).map((text, j) => ({
            id: `${session.id}-${j}`,
            sessionId: session.id,
            speakerIdentity: 'caller',
            trackSid: 'TR_bench',
            startMs: j * 3000,
            endMs: j * 3000 + 2500,
            text,
          })),
        });
        const started = performance.now();
        await producer.add({ sessionId: session.id });
        const done = await waitUntil(
          `analysis of ${CALLS[i]!.id}`,
          async () => {
            const [note, row] = await Promise.all([
              db.note.findFirst({ where: { sessionId: session.id }, select: { id: true } }),
              db.analysis.findUnique({ where: { sessionId: session.id }, select: { status: true } }),
            ]);
            return note ? 'note' : row?.status === 'failed' ? 'failed' : undefined;
          },
          300_000,
          20,
        );
        if (done === 'note') toNote.push(performance.now() - started);
        else noNote++;
      }
    } finally {
      await worker.close();
      await producer.close();
    }
    console.log(
      `hang-up → note in Postgres: p50 ${percentile(toNote, 50).toFixed(0)} ms, p95 ${percentile(toNote, 95).toFixed(0)} ms, ` +
        `max ${Math.max(...toNote).toFixed(0)} ms (${toNote.length} notes, ${noNote} analyses failed after retries)`,
    );
  }
  await db.$disconnect();
} finally {
  await services.stop();
}
