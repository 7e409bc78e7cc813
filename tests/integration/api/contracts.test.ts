import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CONTRACTS } from '@booth/shared/api';
import { registeredRoutes } from '../../fuzz/routes';
import { apiUnderTest } from './api-context';

/**
 * One source of truth: every route the API serves under /api is an endpoint contract of
 * @booth/shared/api (which the dashboard's client is typed and parsed by), and every contract is
 * served; the OpenAPI document is generated from the same contracts.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  t = await apiUnderTest();
});
afterAll(() => t.close());

const contracts = () =>
  Object.values(API_CONTRACTS).flatMap((group) => Object.values(group).map((e) => `${e.method} ${e.path}`));

describe('API contracts', () => {
  it('cover exactly the routes the API registers under /api', () => {
    const served = registeredRoutes(t.app)
      .filter((r) => r.split(' ')[1]!.startsWith('/api/'))
      .filter((r) => r !== 'GET /api/openapi.json');
    expect([...new Set(contracts())].sort()).toEqual([...new Set(served)].sort());
    expect(new Set(contracts()).size).toBe(contracts().length);
  });

  it('are documented in /api/openapi.json, with request and response schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; summary: string }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    let operations = 0;
    for (const group of Object.values(API_CONTRACTS)) {
      for (const e of Object.values(group)) {
        const path = e.path.replace(/:([A-Za-z]+)/g, '{$1}');
        const op = doc.paths[path]?.[e.method.toLowerCase()];
        expect(op, `${e.method} ${e.path}`).toBeDefined();
        expect(op!.summary).toBe(e.summary);
        expect(Object.keys(op!.responses)).toContain(String(e.status ?? 200));
        operations += 1;
      }
    }
    expect(operations).toBeGreaterThan(25);
    // Dates are documented as what the wire carries.
    expect(JSON.stringify(doc.paths['/api/contacts/{id}'])).toContain('date-time');
  });
});
