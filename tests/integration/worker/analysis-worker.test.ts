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
import { startFakeLlm, type Behaviour, type FakeLlm } from '../../fakes/openai-server';
import { endedCallWithTranscript } from '../../support/call-session';
import { waitUntil } from '../../support/processes';

const LINE = 'Hi, we are getting married at Riverside Mansion on June 12th, about 150 guests.';
const GOOD = JSON.stringify({
  summary: 'Sarah wants a DJ for her wedding at Riverside Mansion on June 12 for 150 guests.',
  actionItems: [{ text: 'Send the Gold package quote', owner: 'admin', dueDate: null, quote: null }],
  leadStatus: 'qualified',
  sentiment: 'hot',
  sentimentReason: 'Asked for a contract on the call',
  fields: {
    eventType: { value: 'wedding', quote: 'getting married' },
    eventDate: { value: '2027-06-12', quote: LINE },
    guestCount: { value: 150, quote: 'about 150 guests' },
    venue: { value: 'Riverside Mansion', quote: LINE },
    budget: { value: null, quote: null },
  },
  needs: { quote: true, invoice: false, contract: false },
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

const sessionWithTranscript = (lines: [string, string][] = [['client-1', LINE]]) =>
  endedCallWithTranscript(db, lines);

async function finished(prefix: string, sessionId: string) {
  const q = new Queue(QUEUES.analysis.name, { connection: redisConnection(process.env.REDIS_URL!), prefix });
  try {
    return await waitUntil(
      'the analysis job to finish',
      async () => {
        // State first, then the job: read the other way round, a job that finishes in between is seen
        // in its final state with the attempt count of before.
        const id = jobIds.analysis({ sessionId });
        const state = await q.getJobState(id);
        if (state !== 'completed' && state !== 'failed') return undefined;
        return { job: (await q.getJob(id)) as Job, state };
      },
      20_000,
      50,
    );
  } finally {
    await q.close();
  }
}

/** One call analysed end to end: worker + queue for `env`, the model scripted with `behaviours`. */
async function analyseCall(env: Record<string, string>, ...behaviours: Behaviour[]) {
  const { prefix, producer } = setup(env);
  llm.script(...behaviours);
  const session = await sessionWithTranscript();
  await producer.add({ sessionId: session.id });
  const { job, state } = await finished(prefix, session.id);
  const row = await db.analysis.findUnique({ where: { sessionId: session.id } });
  return { job, state, row, session, prefix, producer };
}

describe('analysis worker (OpenAI wire)', () => {
  it('writes a completed analysis with fields, usage and latency', async () => {
    const { state, row } = await analyseCall(
      { LLM_PROVIDER: 'openai', OPENAI_MODEL: 'gpt-test' },
      { kind: 'content', content: GOOD },
    );
    expect(state).toBe('completed');
    expect(row).toMatchObject({
      status: 'completed',
      provider: 'openai',
      model: 'gpt-test',
      sentiment: 'hot',
      leadStatus: 'qualified',
      error: null,
    });
    expect(row!.extractedFields).toMatchObject({
      venue: 'Riverside Mansion',
      guestCount: 150,
      eventDate: '2027-06-12',
      evidence: { venue: LINE, guestCount: LINE },
    });
    // The action item has no quote, but its words are not in the call: dropped, and said why.
    expect(row!.actionItems).toEqual([]);
    expect((row!.extractedFields as { dropped: { field: string }[] }).dropped).toContainEqual(
      expect.objectContaining({ field: 'actionItems' }),
    );
    expect(row!.promptTokens).toBe(120);
    expect(row!.latencyMs).toBeGreaterThanOrEqual(0);
    const req = llm.requests.at(-1)!;
    expect(req.path).toBe('/v1/chat/completions');
    expect((req.body.response_format as { type: string }).type).toBe('json_schema');
    expect(req.bodyText).toContain('Riverside Mansion');
  });

  it('retries malformed JSON and then succeeds', async () => {
    const { state, row } = await analyseCall(
      { LLM_PROVIDER: 'openai' },
      { kind: 'content', content: '{"summary": "cut off' },
      { kind: 'content', content: GOOD },
    );
    expect(state).toBe('completed');
    expect(row!.attempts).toBe(2);
  });

  it('keeps the job and a failed row with the reason and raw output when output stays invalid', async () => {
    const wrongTypes = JSON.stringify({
      summary: 'x',
      actionItems: 'none',
      leadStatus: 'maybe',
      sentiment: 'hot',
      fields: {},
    });
    const { job, state, row, session } = await analyseCall(
      { LLM_PROVIDER: 'openai' },
      { kind: 'content', content: 'not json' },
      { kind: 'content', content: '' },
      { kind: 'content', content: wrongTypes },
    );
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(row!.status).toBe('failed');
    expect(row!.error).toMatch(/does not match the analysis schema/);
    expect(row!.rawOutput).toBe(wrongTypes);
    // Nothing half-written: no summary or fields from the invalid output.
    expect(row!.summary).toBeNull();
    expect(row!.extractedFields).toBeNull();
    // The admins are told once (not per attempt) that it was given up on, and why.
    const told = await db.notification.findMany({ where: { sessionId: session.id } });
    expect(told.map((n) => n.type)).toEqual(['call_analysis_failed']);
    expect(told[0]!.body).toMatch(/does not match the analysis schema/);
  });

  it('retries 429 and times out a hanging model, then succeeds', async () => {
    const { state, row } = await analyseCall(
      { LLM_PROVIDER: 'openai', JOB_ATTEMPTS: '4' },
      { kind: 'status', status: 429 },
      { kind: 'hang' },
      { kind: 'content', content: GOOD },
    );
    expect(state).toBe('completed');
    expect(row!.attempts).toBe(3);
  });

  it('fails at once, without retrying, on a 400', async () => {
    const { job, state, row, session } = await analyseCall(
      { LLM_PROVIDER: 'openai' },
      { kind: 'status', status: 400, message: 'model not found' },
    );
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect((await db.notification.findMany({ where: { sessionId: session.id } })).map((n) => n.type)).toEqual(
      ['call_analysis_failed'],
    );
    expect(row!.status).toBe('failed');
    expect(row!.error).toMatch(/HTTP 400/);
  });

  it('does not call the model again for a completed analysis', async () => {
    const { job, session, prefix, producer } = await analyseCall(
      { LLM_PROVIDER: 'openai' },
      { kind: 'content', content: GOOD },
    );
    const calls = llm.requests.length;
    await producer.queue.remove(job.id!);
    await producer.add({ sessionId: session.id });
    expect((await finished(prefix, session.id)).state).toBe('completed');
    expect(llm.requests.length).toBe(calls);
  });
});

describe('analysis worker without a model', () => {
  it("writes the deterministic extractor's analysis", async () => {
    const before = llm.requests.length;
    const { state, row } = await analyseCall({ LLM_PROVIDER: 'none' });
    expect(state).toBe('completed');
    expect(llm.requests.length).toBe(before);
    expect(row).toMatchObject({
      status: 'completed',
      provider: 'extractor',
      model: null,
      leadStatus: 'qualified',
    });
    expect(row!.extractedFields).toMatchObject({
      eventType: 'wedding',
      eventDate: '2027-06-12',
      guestCount: 150,
      venue: 'Riverside Mansion',
    });
    expect(row!.summary).toMatch(/wedding on June 12, 2027 at Riverside Mansion for 150 guests/);
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
    const { state, row } = await analyseCall(
      { LLM_PROVIDER: 'ollama', OLLAMA_MODEL: 'qwen-test' },
      { kind: 'content', content: GOOD },
    );
    expect(state).toBe('completed');
    const req = llm.requests.at(-1)!;
    expect(req.path).toBe('/api/chat');
    expect((req.body.format as { type: string }).type).toBe('object');
    expect(row).toMatchObject({ provider: 'ollama', model: 'qwen-test', completionTokens: 40 });
  });
});
