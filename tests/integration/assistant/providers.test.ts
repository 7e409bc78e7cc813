import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { LEAD_STATUSES, TOOL_NAMES } from '@booth/shared/api';
import {
  EMPTY_ANSWER_REPLY,
  FallbackPlanner,
  OllamaPlanner,
  OpenAiPlanner,
  REJECTED_NOTE,
  TOOL_DEFINITIONS,
  UNAVAILABLE_NOTE,
  createPlanner,
  type Plan,
  type PlanContext,
  type Planner,
  type PlannerConfig,
} from '@booth/assistant';
import { startFakeLlm, type FakeLlm, type RecordedRequest } from '../../fakes/openai-server';

// The model planners with the real openai and ollama SDKs against a local server speaking both
// wires (tests/fakes/openai-server.ts). No database or other service is needed.

const CTX: PlanContext = {
  today: '2026-03-10',
  history: [
    { role: 'user', text: 'show me Sarah Lee' },
    { role: 'assistant', text: 'Here is Sarah Lee.' },
  ],
};

/** A rules planner stand-in: always the same reply, so a fallback is recognisable. */
class StubRules implements Planner {
  readonly name = 'rules';
  calls = 0;
  async plan(): Promise<Plan> {
    this.calls += 1;
    return { kind: 'reply', text: 'planned by the stub rules' };
  }
}

/** A real pino logger writing to memory. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

interface Wire {
  name: 'openai' | 'ollama';
  path: string;
  make(url: string, timeoutMs?: number): Planner;
  /** The answer-length cap as the request carries it on this wire. */
  maxTokens(req: RecordedRequest): unknown;
}

const WIRES: Wire[] = [
  {
    name: 'openai',
    path: '/v1/chat/completions',
    make: (url, timeoutMs = 5_000) =>
      new OpenAiPlanner({
        baseURL: `${url}/v1`,
        apiKey: 'sk-test',
        model: 'gpt-test',
        timeoutMs,
        maxTokens: 256,
      }),
    maxTokens: (req) => req.body.max_tokens,
  },
  {
    name: 'ollama',
    path: '/api/chat',
    make: (url, timeoutMs = 5_000) =>
      new OllamaPlanner({ host: url, model: 'qwen-test', timeoutMs, maxTokens: 256 }),
    maxTokens: (req) => (req.body.options as { num_predict?: unknown } | undefined)?.num_predict,
  },
];

let llm: FakeLlm;

beforeAll(async () => {
  llm = await startFakeLlm();
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => {
  llm.requests.length = 0;
});

interface SentTool {
  type: string;
  function: {
    name: string;
    description: string;
    parameters: { properties: Record<string, { enum?: string[] }> };
  };
}
interface SentMessage {
  role: string;
  content: string;
}

describe.each(WIRES)('$name planner', (wire) => {
  const planner = () => wire.make(llm.url);
  const withFallback = (p: Planner = planner()) => {
    const rules = new StubRules();
    const log = memoryLogger();
    return { planner: new FallbackPlanner(p, rules, log.logger), rules, lines: log.lines };
  };

  it('plans a valid tool call with parsed arguments and sends the tools, today and the history', async () => {
    llm.script({
      kind: 'tool_call',
      name: 'update_lead_status',
      arguments: { name: 'Sarah Lee', leadStatus: 'booked' },
    });
    const plan = await planner().plan('mark Sarah Lee as booked', CTX);
    expect(plan).toEqual({
      kind: 'call',
      call: { tool: 'update_lead_status', args: { name: 'Sarah Lee', leadStatus: 'booked' } },
    });

    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0]!;
    expect(req.path).toBe(wire.path);
    expect(req.body.temperature ?? (req.body.options as { temperature?: unknown }).temperature).toBe(0);
    expect(wire.maxTokens(req)).toBe(256);

    const tools = req.body.tools as SentTool[];
    expect(tools.map((t) => t.function.name)).toEqual(TOOL_NAMES);
    expect(tools.every((t) => t.type === 'function' && t.function.description.length > 0)).toBe(true);
    const update = tools.find((t) => t.function.name === 'update_lead_status')!;
    expect(update.function.parameters.properties.leadStatus?.enum).toEqual([...LEAD_STATUSES]);
    expect(JSON.stringify(tools)).not.toContain('$schema');

    const messages = req.body.messages as SentMessage[];
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toContain('2026-03-10 (Tuesday)');
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'show me Sarah Lee' },
      { role: 'assistant', content: 'Here is Sarah Lee.' },
      { role: 'user', content: 'mark Sarah Lee as booked' },
    ]);
  });

  it.each([
    ['update_lead_status', { name: 'Sarah', leadStatus: 'purple' }, 'leadStatus'],
    ['create_task', { text: 'call back', due: '2026-02-30' }, 'due'],
    ['open_contact', {}, 'name'],
    ['navigate', { route: 'contacts', extra: true }, 'extra'],
  ])('answers invalid for %s arguments that do not validate', async (tool, args, field) => {
    llm.script({ kind: 'tool_call', name: tool, arguments: args });
    const plan = await planner().plan('do it', CTX);
    expect(plan.kind).toBe('invalid');
    if (plan.kind !== 'invalid') return;
    expect(plan.tool).toBe(tool);
    expect(plan.reason).toContain(field);
  });

  it('answers invalid for arguments that are not JSON', async () => {
    llm.script({ kind: 'tool_call', name: 'open_contact', arguments: '{"name": "Sarah' });
    expect(await planner().plan('open Sarah', CTX)).toEqual({
      kind: 'invalid',
      tool: 'open_contact',
      reason: 'arguments are not JSON',
    });
  });

  it('answers invalid for an unknown tool', async () => {
    llm.script({ kind: 'tool_call', name: 'delete_everything', arguments: {} });
    const plan = await planner().plan('delete everything', CTX);
    expect(plan).toMatchObject({ kind: 'invalid', tool: 'delete_everything' });
    expect(plan.kind === 'invalid' && plan.reason).toContain('unknown tool');
  });

  it('plans the first of several tool calls and ignores the rest', async () => {
    llm.script({
      kind: 'tool_calls',
      calls: [
        { name: 'open_contact', arguments: { name: 'Sarah' } },
        { name: 'add_note', arguments: { name: 'Sarah', text: 'extra' } },
      ],
    });
    expect(await planner().plan('open Sarah', CTX)).toEqual({
      kind: 'call',
      call: { tool: 'open_contact', args: { name: 'Sarah' } },
    });
  });

  it('replies with the text of an answer without a tool call, cleaned and capped', async () => {
    llm.script(
      { kind: 'content', content: '  Hello!\u0007 How can I help?\u202e  ' },
      { kind: 'content', content: 'x'.repeat(5_000) },
      { kind: 'content', content: '   ' },
    );
    expect(await planner().plan('hi', CTX)).toEqual({ kind: 'reply', text: 'Hello! How can I help?' });
    const long = await planner().plan('talk a lot', CTX);
    expect(long.kind === 'reply' && Array.from(long.text).length).toBe(1_000);
    expect(await planner().plan('…', CTX)).toEqual({ kind: 'reply', text: EMPTY_ANSWER_REPLY });
  });

  it('retries once after a 429 with retry-after: 1 and plans the answer', async () => {
    llm.script(
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'tool_call', name: 'list_tasks', arguments: { due: '2026-03-13' } },
    );
    const { planner: p, rules } = withFallback();
    const started = Date.now();
    const plan = await p.plan('tasks due by Friday', CTX);
    expect(plan).toEqual({ kind: 'call', call: { tool: 'list_tasks', args: { due: '2026-03-13' } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(llm.requests).toHaveLength(2);
    expect(rules.calls).toBe(0);
  });

  it('falls back on the rules when rate limited twice', async () => {
    llm.script(
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
    );
    const { planner: p, lines } = withFallback();
    expect(await p.plan('tasks', CTX)).toEqual({
      kind: 'reply',
      text: 'planned by the stub rules',
      note: UNAVAILABLE_NOTE,
    });
    expect(llm.requests).toHaveLength(2);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, provider: wire.name, status: 429 }));
  });

  it('does not wait for a retry-after longer than 2 s, nor retry a 429 without one', async () => {
    llm.script(
      { kind: 'status', status: 429, headers: { 'retry-after': '30' } },
      { kind: 'status', status: 429 },
    );
    const { planner: p } = withFallback();
    const started = Date.now();
    expect((await p.plan('tasks', CTX)).note).toBe(UNAVAILABLE_NOTE);
    expect((await p.plan('tasks', CTX)).note).toBe(UNAVAILABLE_NOTE);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(llm.requests).toHaveLength(2);
  });

  it('falls back on the rules on a 500 and logs a warning', async () => {
    llm.script({ kind: 'status', status: 500 });
    const { planner: p, lines, rules } = withFallback();
    expect(await p.plan('tasks', CTX)).toMatchObject({ kind: 'reply', note: UNAVAILABLE_NOTE });
    expect(rules.calls).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'assistant model unavailable; planning with rules',
        provider: wire.name,
        status: 500,
      }),
    ]);
  });

  it('falls back on the rules on a malformed answer body', async () => {
    llm.script({ kind: 'raw', body: '{"choices": [' }, { kind: 'raw', body: '{"unexpected": true}' });
    const { planner: p } = withFallback();
    expect((await p.plan('tasks', CTX)).note).toBe(UNAVAILABLE_NOTE);
    expect((await p.plan('tasks', CTX)).note).toBe(UNAVAILABLE_NOTE);
  });

  it('falls back on the rules when the connection is refused', async () => {
    const gone = await startFakeLlm();
    await gone.close();
    const { planner: p, lines } = withFallback(wire.make(gone.url));
    expect(await p.plan('tasks', CTX)).toMatchObject({ kind: 'reply', note: UNAVAILABLE_NOTE });
    expect(lines[0]).toMatchObject({ provider: wire.name, rejected: false });
    expect(lines[0]?.status).toBeUndefined();
  });

  it('falls back on the rules when the model does not answer in time', async () => {
    llm.script({ kind: 'hang' });
    const { planner: p } = withFallback(wire.make(llm.url, 300));
    const started = Date.now();
    expect(await p.plan('tasks', CTX)).toMatchObject({ kind: 'reply', note: UNAVAILABLE_NOTE });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('falls back on the rules on a 401 (permanent) and logs it', async () => {
    llm.script({ kind: 'status', status: 401, message: 'invalid api key' });
    const { planner: p, lines } = withFallback();
    expect(await p.plan('tasks', CTX)).toEqual({
      kind: 'reply',
      text: 'planned by the stub rules',
      note: REJECTED_NOTE,
    });
    expect(llm.requests).toHaveLength(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'assistant model refused the request; planning with rules',
        provider: wire.name,
        status: 401,
        rejected: true,
      }),
    ]);
  });

  it('does not fall back on an invalid plan: it is reported as is', async () => {
    llm.script({
      kind: 'tool_call',
      name: 'update_lead_status',
      arguments: { name: 'Sarah', leadStatus: 'purple' },
    });
    const { planner: p, rules, lines } = withFallback();
    const plan = await p.plan('mark Sarah purple', CTX);
    expect(plan).toMatchObject({ kind: 'invalid', tool: 'update_lead_status' });
    expect(plan.note).toBeUndefined();
    expect(rules.calls).toBe(0);
    expect(lines).toEqual([]);
  });
});

describe('tool definitions', () => {
  it('describe every tool with a JSON Schema object and no $schema', () => {
    expect(TOOL_DEFINITIONS.map((t) => t.function.name)).toEqual(TOOL_NAMES);
    for (const t of TOOL_DEFINITIONS) {
      expect(t.function.parameters.type).toBe('object');
      expect(t.function.parameters).not.toHaveProperty('$schema');
    }
  });
});

describe('createPlanner', () => {
  const base: PlannerConfig = {
    LLM_PROVIDER: 'none',
    LLM_TIMEOUT_MS: 5_000,
    LLM_MAX_TOKENS: 256,
    OLLAMA_HOST: 'http://127.0.0.1:1',
    OLLAMA_MODEL: 'qwen-test',
    OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_MODEL: 'gpt-test',
  };

  it('is the rules planner for none', () => {
    const rules = new StubRules();
    expect(createPlanner(base, { rules, logger: memoryLogger().logger })).toBe(rules);
  });

  it.each(['openai', 'ollama'] as const)('wraps the %s planner in the fallback', async (provider) => {
    const rules = new StubRules();
    const p = createPlanner(
      { ...base, LLM_PROVIDER: provider, OLLAMA_HOST: llm.url, OPENAI_BASE_URL: `${llm.url}/v1` },
      { rules, logger: memoryLogger().logger },
    );
    expect(p).toBeInstanceOf(FallbackPlanner);
    expect(p.name).toBe(provider);
    llm.script({ kind: 'tool_call', name: 'navigate', arguments: { route: 'calendar' } });
    expect(await p.plan('open the calendar', CTX)).toEqual({
      kind: 'call',
      call: { tool: 'navigate', args: { route: 'calendar' } },
    });
    llm.script({ kind: 'status', status: 503 });
    expect((await p.plan('open the calendar', CTX)).note).toBe(UNAVAILABLE_NOTE);
  });
});
