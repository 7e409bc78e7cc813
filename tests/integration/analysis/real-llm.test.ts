import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { Db } from '@booth/db';
import { QUEUES, TypedQueue, createLogger, jobIds, parseConfig, redisConnection } from '@booth/shared';
import { createAnalysisWorker, normalizeForMatch, type CallAnalysis } from '@booth/worker';
import { endedCallWithTranscript, useTestDb } from '../../support/call-session';
import { waitUntil } from '../../support/processes';

/**
 * A real model behind a real server: SmolLM2-135M-Instruct (from PyPI) in llama.cpp's
 * OpenAI-compatible server, started by the test harness. The model is tiny and often wrong or
 * malformed; what must hold either way is Booth's contract: the analysis ends completed with every
 * kept field backed by a quote from the call, or failed with the raw output kept and nothing else written.
 */
const LLM_URL = process.env.BOOTH_TEST_LLM_URL;
let db: Db;
useTestDb((d) => (db = d));

const LINES = [
  ['admin-1', 'Thanks for calling Booth entertainment, this is Alex.'],
  ['client-1', 'Hi Alex. We are getting married at Riverside Mansion on June 15th.'],
  ['client-1', 'We expect about 150 guests. Can you send me a quote?'],
  ['admin-1', 'Sure, I will email you the quote tomorrow.'],
] as const;

describe('analysis with a real local LLM (OpenAI wire, llama.cpp server)', () => {
  it('is provisioned by the test harness', () => {
    expect(LLM_URL, 'BOOTH_TEST_LLM_URL: the harness did not start the LLM server').toBeTruthy();
  });

  it('completes grounded or fails whole, never half-written', { timeout: 300_000 }, async () => {
    const prefix = `llm${randomBytes(4).toString('hex')}`;
    const config = parseConfig({
      ...process.env,
      QUEUE_PREFIX: prefix,
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: LLM_URL,
      OPENAI_API_KEY: 'local',
      OPENAI_MODEL: process.env.BOOTH_TEST_LLM_MODEL,
      LLM_SCHEMA_LIMITS: 'true',
      LLM_MAX_TOKENS: '1500',
      LLM_TIMEOUT_MS: '120000',
    });
    const worker = createAnalysisWorker({ config, db, logger: createLogger('llm-test', 'silent') });
    const producer = new TypedQueue('analysis', {
      connection: redisConnection(config.REDIS_URL),
      prefix,
      attempts: 2,
    });
    producer.queue.defaultJobOptions.backoff = { type: 'fixed', delay: 50 };
    const q = new Queue(QUEUES.analysis.name, { connection: redisConnection(config.REDIS_URL), prefix });
    try {
      const contact = await db.contact.create({ data: { name: 'Sarah' } });
      const session = await endedCallWithTranscript(db, LINES, { contactId: contact.id });
      await producer.add({ sessionId: session.id });
      const state = await waitUntil(
        'the analysis job to finish',
        async () => {
          const s = await q.getJobState(jobIds.analysis({ sessionId: session.id }));
          return s === 'completed' || s === 'failed' ? s : undefined;
        },
        280_000,
        200,
      );
      const row = await db.analysis.findUniqueOrThrow({ where: { sessionId: session.id } });
      expect(row.provider).toBe('openai');
      expect(row.rawOutput, 'the model answered').toBeTruthy();
      const notes = await db.note.count({ where: { sessionId: session.id } });
      if (state === 'failed') {
        expect(row.status).toBe('failed');
        expect(row.error).toMatch(/model/);
        expect(notes).toBe(0);
        expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).venue).toBeNull();
        return;
      }
      expect(row.status).toBe('completed');
      expect(notes).toBe(1);
      const fields = row.extractedFields as CallAnalysis;
      const transcript = normalizeForMatch(LINES.map(([, t]) => t).join(' '));
      for (const [field, quote] of Object.entries(fields.evidence)) {
        expect(transcript, `${field}'s quote is in the call`).toContain(normalizeForMatch(quote));
      }
      if (fields.venue) expect(fields.venue).toMatch(/Riverside Mansion/i);
    } finally {
      await worker.close();
      await producer.close();
      await q.close();
    }
  });
});
