import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, parseConfig } from '@booth/shared';
import { createAnalysisWorker, type AnalysisWorker } from '@booth/worker';
import { startFakeLlm, type FakeLlm } from '../../fakes/openai-server';
import { endedCallWithTranscript } from '../../support/call-session';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';
import { CEDAR_HALL_ANSWER, CEDAR_HALL_LINE } from '../../fakes/model-answers';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let llm: FakeLlm;
let worker: AnalysisWorker;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
  llm = await startFakeLlm();
  const config = parseConfig({
    ...process.env,
    QUEUE_PREFIX: t.config.QUEUE_PREFIX,
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_API_KEY: 'sk-test',
  });
  worker = createAnalysisWorker({ config, db: t.db, logger: createLogger('reanalyse-test', 'silent') });
});
afterAll(async () => {
  await worker.close();
  await llm.close();
  await t.close();
});

const statusOf = async (sessionId: string, want: string) =>
  waitUntil(
    `analysis ${want}`,
    async () => {
      const a = await t.db.analysis.findUnique({ where: { sessionId } });
      return a?.status === want ? a : undefined;
    },
    20_000,
    50,
  );

describe('analysing a call again', () => {
  it('retries a failed analysis with fresh attempts, then refuses once it is done', async () => {
    const session = await endedCallWithTranscript(t.db, [['client-1', CEDAR_HALL_LINE]]);
    llm.script({ kind: 'status', status: 400, message: 'model not found' });
    await t.queues.analysis.add({ sessionId: session.id });
    expect((await statusOf(session.id, 'failed')).error).toMatch(/HTTP 400/);

    llm.script({ kind: 'content', content: CEDAR_HALL_ANSWER });
    const again = await request(t.app).post(`/api/sessions/${session.id}/analysis`).set('cookie', cookie);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ queued: true, previous: 'failed' });
    expect((await statusOf(session.id, 'completed')).extractedFields).toMatchObject({
      venue: 'Cedar Hall',
      guestCount: 80,
    });

    const done = await request(t.app).post(`/api/sessions/${session.id}/analysis`).set('cookie', cookie);
    expect(done.status).toBe(409);
    expect(done.body.error).toBe('this call is analysed already');
  });

  it('answers 404 for unknown calls and 409 for calls still going on', async () => {
    expect((await request(t.app).post('/api/sessions/nope/analysis').set('cookie', cookie)).status).toBe(404);
    const live = await endedCallWithTranscript(t.db, [['client-1', 'Hello?']]);
    await t.db.session.update({ where: { id: live.id }, data: { status: 'active' } });
    const res = await request(t.app).post(`/api/sessions/${live.id}/analysis`).set('cookie', cookie);
    expect(res.status).toBe(409);
    expect((await request(t.app).post(`/api/sessions/${live.id}/analysis`)).status).toBe(401);
  });
});
