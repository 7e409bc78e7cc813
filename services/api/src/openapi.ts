import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { API_CONTRACTS, errorResponseSchema, type Endpoint } from '@booth/shared/api';

type JsonSchema = Record<string, unknown>;

/**
 * A schema's JSON Schema. Transforms are described by what they take: for a response, a timestamp
 * takes a Date (documented as a date-time string, which is what the wire carries) or a string.
 */
const schemaOf = (s: z.ZodTypeAny): JsonSchema => {
  const { $schema: _drop, ...rest } = zodToJsonSchema(s, {
    target: 'openApi3',
    $refStrategy: 'none',
    effectStrategy: 'input',
    dateStrategy: 'format:date-time',
  }) as JsonSchema;
  return rest;
};

/** `/api/sessions/:id` → `/api/sessions/{id}` and its parameter names. */
function openApiPath(path: string): { path: string; names: string[] } {
  const names: string[] = [];
  const p = path.replace(/:([A-Za-z]+)/g, (_m, n: string) => {
    names.push(n);
    return `{${n}}`;
  });
  return { path: p, names };
}

function parameters(e: Endpoint): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const name of openApiPath(e.path).names) {
    out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  if (e.query) {
    const q = schemaOf(e.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      out.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
  }
  return out;
}

/**
 * The OpenAPI 3 document of every endpoint contract in `groups` (served at GET /api/openapi.json):
 * generated from the same zod schemas the API parses with and the dashboard's client uses.
 */
export function openApiDocument(groups: Record<string, Record<string, Endpoint>>, version: string) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [tag, endpoints] of Object.entries(groups)) {
    for (const [name, e] of Object.entries(endpoints)) {
      const { path } = openApiPath(e.path);
      const status = String(e.status ?? 200);
      paths[path] ??= {};
      paths[path][e.method.toLowerCase()] = {
        operationId: `${tag}.${name}`,
        tags: [tag],
        summary: e.summary,
        parameters: parameters(e),
        ...(e.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: schemaOf(e.body) } },
              },
            }
          : {}),
        responses: {
          [status]: {
            description: 'OK',
            content: { 'application/json': { schema: schemaOf(e.response) } },
          },
          default: {
            description: 'Error (4xx names the problem; 503 when Postgres or Redis is unreachable)',
            content: { 'application/json': { schema: schemaOf(errorResponseSchema) } },
          },
        },
      };
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Booth API', version },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'booth_session' } },
    },
    paths,
  };
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** GET /api/openapi.json — the document above for every contract (public: it holds no data). */
export function openApiRoutes(): Router {
  const r = Router();
  let doc: ReturnType<typeof openApiDocument> | undefined;
  r.get('/api/openapi.json', (_req, res) => {
    doc ??= openApiDocument(API_CONTRACTS, VERSION);
    res.json(doc);
  });
  return r;
}
