import { randomBytes } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '@booth/db';
import {
  QUEUES,
  TypedQueue,
  createLogger,
  jobIds,
  parseConfig,
  redisConnection,
  type Config,
} from '@booth/shared';
import { OllamaProvider, createAnalysisWorker, type AnalysisWorker } from '@booth/worker';
import { startFakeLlm, type FakeLlm } from '../../fakes/openai-server';
import { waitUntil } from '../../support/processes';

const GOOD = JSON.stringify({
  summary: 'Sarah wants a DJ for her wedding at Riverside Mansion on June 12 for 150 guests.',
  actionItems: [{ text: 'Send the Gold package quote', owner: 'admin', dueDate: null }],
  leadStatus: 'qualified',
  sentiment: 'hot',
  sentimentReason: 'Asked for a contract on the call',
  fields: { eventType: 'wedding', eventDate: '2027-06-12', guestCount: 150, venue: 'Riverside Mansion' },
});

let db: Db;
let llm: FakeLlm;
let running: AnalysisWorker | undefined;
let producer: TypedQueue<'analysis'> | undefined;

beforeAll(async () => {
  await migrate(process.env.DATABASE_URL!);
  db = createDb({ url: process.env.DATABASE_URL! });
  llm = await startFakeLlm();
});
afterEach(async () => {
  await running?.close();
  await producer?.close();
  running = producer = undefined;
});
afterAll(async () => {
  await llm.close();
  await db.$disconnect();
});

function setup(env: Record<string, string>) {
  const prefix = `w${randomBytes(4).toString('hex')}`;
  const config: Config = parseConfig({
    ...process.env,
    QUEUE_PREFIX: prefix,
    LLM_TIMEOUT_MS: '1500',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_API_KEY: 'sk-test',
    OLLAMA_HOST: llm.url,
    ...env,
  });
  running = createAnalysisWorker({ config, db, logger: createLogger('worker-test', 'silent') });
  producer = new TypedQueue('analysis', {
    connection: redisConnection(config.REDIS_URL),
    prefix,
    attempts: Number(env.JOB_ATTEMPTS ?? 3),
  });
  // Fast retries for tests; production keeps the default 2 s exponential backoff.
  producer.queue.defaultJobOptions.backoff = { type: 'fixed', delay: 50 };
  return { config, prefix, producer };
}

async function sessionWithTranscript(
  lines: [string, string][] = [
    ['client-1', 'Hi, we are getting married at Riverside Mansion on June 12th, about 150 guests.'],
  ],
) {
  const session = await db.session.create({
    data: {
      roomName: `call-${randomBytes(5).toString('hex')}`,
      kind: 'call',
      status: 'ended',
      startedAt: new Date('2026-11-20T15:00:00Z'),
    },
  });
  await db.transcriptSegment.createMany({
    data: lines.map(([who, text], i) => ({
      id: `${session.id}-${i}`,
      sessionId: session.id,
      speakerIdentity: who,
      trackSid: 'TR_x',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text,
    })),
  });
  return session;
}

async function finished(prefix: string, sessionId: string) {
  const q = new Queue(QUEUES.analysis.name, { connection: redisConnection(process.env.REDIS_URL!), prefix });
  try {
    return await waitUntil(
      'the analysis job to finish',
      async () => {
        const job = (await q.getJob(jobIds.analysis({ sessionId }))) as Job | undefined;
        const state = await job?.getState();
        return state === 'completed' || state === 'failed' ? { job: job!, state } : undefined;
      },
      20_000,
      50,
    );
  } finally {
    await q.close();
  }
}

describe('analysis worker (OpenAI wire)', () => {
  it('writes a completed analysis with fields, usage and latency', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai', OPENAI_MODEL: 'gpt-test' });
    llm.script({ kind: 'content', content: GOOD });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    expect((await finished(prefix, s.id)).state).toBe('completed');
    const a = await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(a).toMatchObject({
      status: 'completed',
      provider: 'openai',
      model: 'gpt-test',
      sentiment: 'hot',
      leadStatus: 'qualified',
      error: null,
    });
    expect(a.extractedFields).toMatchObject({
      venue: 'Riverside Mansion',
      guestCount: 150,
      eventDate: '2027-06-12',
    });
    expect(a.promptTokens).toBe(120);
    expect(a.latencyMs).toBeGreaterThanOrEqual(0);
    const req = llm.requests.at(-1)!;
    expect(req.path).toBe('/v1/chat/completions');
    expect((req.body.response_format as { type: string }).type).toBe('json_schema');
    expect(req.bodyText).toContain('Riverside Mansion');
  });

  it('retries malformed JSON and then succeeds', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai' });
    llm.script({ kind: 'content', content: '{"summary": "cut off' }, { kind: 'content', content: GOOD });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    const { state } = await finished(prefix, s.id);
    expect(state).toBe('completed');
    expect((await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } })).attempts).toBe(2);
  });

  it('keeps the job and a failed row with the reason and raw output when output stays invalid', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai' });
    const wrongTypes = JSON.stringify({
      summary: 'x',
      actionItems: 'none',
      leadStatus: 'maybe',
      sentiment: 'hot',
      fields: {},
    });
    llm.script(
      { kind: 'content', content: 'not json' },
      { kind: 'content', content: '' },
      { kind: 'content', content: wrongTypes },
    );
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    const { job, state } = await finished(prefix, s.id);
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    const a = await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(a.status).toBe('failed');
    expect(a.error).toMatch(/does not match the analysis schema/);
    expect(a.rawOutput).toBe(wrongTypes);
    // Nothing half-written: no summary or fields from the invalid output.
    expect(a.summary).toBeNull();
    expect(a.extractedFields).toBeNull();
  });

  it('retries 429 and times out a hanging model, then succeeds', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai', JOB_ATTEMPTS: '4' });
    llm.script({ kind: 'status', status: 429 }, { kind: 'hang' }, { kind: 'content', content: GOOD });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    const { state } = await finished(prefix, s.id);
    expect(state).toBe('completed');
    expect((await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } })).attempts).toBe(3);
  });

  it('fails at once, without retrying, on a 400', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai' });
    llm.script({ kind: 'status', status: 400, message: 'model not found' });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    const { job, state } = await finished(prefix, s.id);
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const a = await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(a.status).toBe('failed');
    expect(a.error).toMatch(/HTTP 400/);
  });

  it('does not call the model again for a completed analysis', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai' });
    llm.script({ kind: 'content', content: GOOD });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    await finished(prefix, s.id);
    const calls = llm.requests.length;
    const q = new Queue(QUEUES.analysis.name, {
      connection: redisConnection(process.env.REDIS_URL!),
      prefix,
    });
    await (await q.getJob(jobIds.analysis({ sessionId: s.id })))!.remove();
    await q.close();
    await producer.add({ sessionId: s.id });
    expect((await finished(prefix, s.id)).state).toBe('completed');
    expect(llm.requests.length).toBe(calls);
  });
});

describe('analysis worker without a model', () => {
  it('marks the analysis failed with a clear reason and keeps the job', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'none' });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    const { job, state } = await finished(prefix, s.id);
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const a = await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(a.error).toBe('no LLM provider configured (set LLM_PROVIDER=ollama or openai)');
  });

  it('rejects jobs for unknown sessions permanently', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'openai' });
    await producer.add({ sessionId: 'no-such-session' });
    const { job, state } = await finished(prefix, 'no-such-session');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/unknown session/);
  });
});

describe('analysis worker (Ollama wire)', () => {
  it('pulls a missing model once, with progress', async () => {
    const provider = new OllamaProvider({ host: llm.url, model: 'qwen-pull-test' });
    const before = llm.requests.length;
    await provider.ensureModel(createLogger('pull-test', 'silent'));
    await provider.ensureModel(createLogger('pull-test', 'silent'));
    const paths = llm.requests.slice(before).map((r) => r.path);
    expect(paths).toEqual(['/api/tags', '/api/pull', '/api/tags']);
  });

  it('sends the JSON schema as format and stores the result', async () => {
    const { prefix, producer } = setup({ LLM_PROVIDER: 'ollama', OLLAMA_MODEL: 'qwen-test' });
    llm.script({ kind: 'content', content: GOOD });
    const s = await sessionWithTranscript();
    await producer.add({ sessionId: s.id });
    expect((await finished(prefix, s.id)).state).toBe('completed');
    const req = llm.requests.at(-1)!;
    expect(req.path).toBe('/api/chat');
    expect((req.body.format as { type: string }).type).toBe('object');
    const a = await db.analysis.findUniqueOrThrow({ where: { sessionId: s.id } });
    expect(a).toMatchObject({ provider: 'ollama', model: 'qwen-test', completionTokens: 40 });
  });
});
