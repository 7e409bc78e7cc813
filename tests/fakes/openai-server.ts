import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for paid LLM APIs, speaking their documented wire protocols:
 * OpenAI `POST /v1/chat/completions` and Ollama `POST /api/chat` (non-streaming).
 * Each request consumes the next scripted behaviour, or the default one.
 */
export type Behaviour =
  | { kind: 'content'; content: string }
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  /**
   * The model calls one tool. `arguments` goes on the wire as given when a string (OpenAI's format is
   * a JSON string, so a malformed one can be scripted); an object is JSON-encoded for OpenAI and sent
   * as an object for Ollama (its format).
   */
  | ({ kind: 'tool_call' } & FakeToolCall & { content?: string })
  /** The model calls several tools in one answer. */
  | { kind: 'tool_calls'; calls: FakeToolCall[]; content?: string }
  /** Any body as is (malformed JSON, a wrong shape), with status 200 and JSON content type unless told. */
  | { kind: 'raw'; body: string; status?: number; contentType?: string };

/** A tool call as scripted: a name and arguments (see the `tool_call` behaviour). */
export interface FakeToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
}

export interface RecordedRequest {
  path: string;
  bodyText: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface FakeLlm {
  url: string;
  requests: RecordedRequest[];
  /** Default answer for requests with nothing scripted. */
  respondWith(content: string): void;
  /** Behaviours for the next requests, in order. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

function openAiCompletion(model: string, content: string) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 45, total_tokens: 165 },
  };
}

/** OpenAI's answer with tool calls: `arguments` is always a JSON string on this wire. */
function openAiToolCompletion(model: string, calls: FakeToolCall[], content: string | null) {
  const base = openAiCompletion(model, '');
  return {
    ...base,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: null,
          tool_calls: calls.map((c, i) => ({
            id: `call_${i}_${Math.random().toString(36).slice(2)}`,
            type: 'function',
            function: {
              name: c.name,
              arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
            },
          })),
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
  };
}

function ollamaChat(model: string, content: string, toolCalls?: FakeToolCall[]) {
  return {
    model,
    created_at: new Date().toISOString(),
    message: {
      role: 'assistant',
      content,
      ...(toolCalls && {
        tool_calls: toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })),
      }),
    },
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 1000,
    prompt_eval_count: 110,
    prompt_eval_duration: 1000,
    eval_count: 40,
    eval_duration: 1000,
  };
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const queue: Behaviour[] = [];
  let fallback: Behaviour = { kind: 'content', content: '{}' };
  const hanging = new Set<ServerResponse>();
  const pulled: { name: string; model: string; size: number }[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(bodyText) as Record<string, unknown>;
      } catch {
        // recorded as text
      }
      const path = req.url ?? '';
      requests.push({ path, bodyText, body, headers: req.headers });
      if (path === '/api/tags' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ models: pulled }));
        return;
      }
      if (path === '/api/pull' && req.method === 'POST') {
        // Ollama streams pull progress as NDJSON lines.
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        for (const completed of [0, 50, 100]) {
          res.write(
            `${JSON.stringify({ status: 'pulling manifest', digest: 'sha256:abc', total: 100, completed })}\n`,
          );
        }
        res.end(`${JSON.stringify({ status: 'success' })}\n`);
        const name = String(body.model ?? body.name);
        pulled.push({ name: name.includes(':') ? name : `${name}:latest`, model: name, size: 1 });
        return;
      }
      const isOpenAi = path.endsWith('/chat/completions');
      const isOllama = path === '/api/chat';
      if (req.method !== 'POST' || (!isOpenAi && !isOllama)) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'not found' }));
        return;
      }
      const b = queue.shift() ?? fallback;
      const model = typeof body.model === 'string' ? body.model : 'unknown';
      if (b.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (b.kind === 'status') {
        const message = b.message ?? `fake error ${b.status}`;
        const payload = isOpenAi
          ? {
              error: {
                message,
                type: b.status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error',
                param: null,
                code: null,
              },
            }
          : { error: message };
        res
          .writeHead(b.status, { 'content-type': 'application/json', ...b.headers })
          .end(JSON.stringify(payload));
        return;
      }
      if (b.kind === 'raw') {
        res.writeHead(b.status ?? 200, { 'content-type': b.contentType ?? 'application/json' }).end(b.body);
        return;
      }
      if (b.kind === 'tool_call' || b.kind === 'tool_calls') {
        const calls = b.kind === 'tool_call' ? [{ name: b.name, arguments: b.arguments }] : b.calls;
        const payload = isOpenAi
          ? openAiToolCompletion(model, calls, b.content ?? null)
          : ollamaChat(model, b.content ?? '', calls);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        return;
      }
      const payload = isOpenAi ? openAiCompletion(model, b.content) : ollamaChat(model, b.content);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(content) {
      fallback = { kind: 'content', content };
    },
    script(...behaviours) {
      queue.push(...behaviours);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
