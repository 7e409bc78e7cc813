import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS } from '@booth/api';
import { waitUntil } from '../../support/processes';
import { tcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { apiUnderTest } from './api-context';

/**
 * The failed-login limits (services/api/src/login-limiter.ts) against real Redis, over real HTTP (the
 * API on 0.0.0.0, so a non-loopback source address is possible). login-limits-replicas.test.ts has
 * the same limits across two API processes.
 */
type Api = Awaited<ReturnType<typeof apiUnderTest>>;
const { perIp, perAccount, perDevice } = DEFAULT_LOGIN_LIMITS;

/** This machine's first non-loopback IPv4 address (eth0), to connect from an untrusted peer. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

async function listen(t: Api): Promise<{ server: Server; port: number }> {
  const server = createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  return { server, port: (server.address() as AddressInfo).port };
}

interface LoginOptions {
  /** Where to connect: 127.0.0.1 (a trusted proxy by default) or the LAN address. */
  host?: string;
  forwardedFor?: string;
  /** The device cookie (`booth_device=...`) to send. */
  device?: string;
}

function loginClient(port: number) {
  return async (email: string, password: string, opts: LoginOptions = {}) => {
    const started = performance.now();
    const res = await fetch(`http://${opts.host ?? '127.0.0.1'}:${port}/api/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor } : {}),
        ...(opts.device ? { cookie: opts.device } : {}),
      },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { error?: string };
    return {
      status: res.status,
      error: body.error,
      ms: performance.now() - started,
      device: res.headers
        .getSetCookie()
        .find((c) => c.startsWith('booth_device='))
        ?.split(';')[0],
    };
  };
}

/** The limiter's Redis keys under this app's prefix, each with its TTL in ms. */
async function limiterKeys(t: Api): Promise<{ key: string; ttl: number }[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await t.redis.scan(
      cursor,
      'MATCH',
      `${t.config.QUEUE_PREFIX}:login:*`,
      'COUNT',
      1000,
    );
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return Promise.all(keys.map(async (key) => ({ key, ttl: await t.redis.pttl(key) })));
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('with the default limits', () => {
  let t: Api;
  let server: Server;
  let port: number;
  let login: ReturnType<typeof loginClient>;
  beforeAll(async () => {
    t = await apiUnderTest();
    ({ server, port } = await listen(t));
    login = loginClient(port);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('a spray of 20 000 distinct emails leaves the heap flat and Redis with a few expiring keys', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // One client behind the (trusted, loopback) proxy, 16 requests at a time over keep-alive.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const post = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: `spray-${i}@booth.test`, password: 'guess' });
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/auth/login',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-forwarded-for': '203.0.113.50',
            },
          },
          (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
        );
        req.on('error', reject);
        req.end(body);
      });
    const statuses: number[] = [];
    let next = 0;
    const spray = async (count: number) => {
      const end = next + count;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < end) statuses.push(await post(next++));
        }),
      );
    };
    await spray(2_000); // warm-up: code paths compiled, connection pools filled
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const total = 20_000;
    const started = performance.now();
    await spray(total);
    const seconds = (performance.now() - started) / 1000;
    gc();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    agent.destroy();
    const keys = await limiterKeys(t);
    process.stdout.write(
      `spray: ${total} emails in ${seconds.toFixed(1)} s after a 2000 warm-up, ${JSON.stringify(tally(statuses))}, ` +
        `heap ${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(2)} MB, ${keys.length} Redis keys\n`,
    );

    // The old in-process map grew with every email tried: +4 MB for these 20 000 (here, 0.2 MB).
    expect(heapGrowthMb).toBeLessThan(2);
    // Exactly perIp guesses, even 16 at a time: the check and the count are one step.
    expect(tally(statuses)).toEqual({ 401: perIp, 429: 2_000 + total - perIp });
    // The client's address and one per email actually tried, each expiring with the window.
    expect(keys.length).toBeLessThanOrEqual(1 + perIp);
    for (const { ttl } of keys) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(DEFAULT_LOGIN_LIMITS.windowMs);
    }
  });

  it.skipIf(!lanAddress)(
    'rotating X-Forwarded-For from an untrusted peer (a LAN address) does not reset the limit',
    async () => {
      const statuses: number[] = [];
      for (let i = 0; i < perIp + 10; i++) {
        const r = await login(`lan-${i}@booth.test`, 'guess', {
          host: lanAddress,
          forwardedFor: `198.51.100.${i}`,
        });
        statuses.push(r.status);
        if (r.status === 429) expect(r.error).toMatch(/from this address/);
      }
      expect(statuses).toEqual([...Array<number>(perIp).fill(401), ...Array<number>(10).fill(429)]);
    },
  );

  it('behind the trusted proxy, what the client put in front of its address does not count', async () => {
    // Caddy appends the address it saw; anything left of it came from the client.
    const statuses: number[] = [];
    for (let i = 0; i < perIp + 10; i++) {
      const r = await login(`front-${i}@booth.test`, 'guess', {
        forwardedFor: `10.${i}.${i}.${i}, 198.51.100.200`,
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([...Array<number>(perIp).fill(401), ...Array<number>(10).fill(429)]);
    // ...while another client behind the same proxy is counted apart.
    expect((await login('front-x@booth.test', 'guess', { forwardedFor: '198.51.100.201' })).status).toBe(401);
  });

  it('the right password from a known device still works while the account is under attack', async () => {
    const office = { forwardedFor: '198.51.100.10' }; // the admin's office, behind one NAT
    const first = await login(t.admin.email, t.admin.password, office);
    expect(first.status).toBe(200);
    expect(first.device).toMatch(/^booth_device=/);

    // Someone in the same office guesses the admin's password, then sprays other accounts, until both
    // the account and the office's address are locked; others elsewhere keep trying the account.
    const attack: number[] = [];
    for (let i = 0; i < perAccount; i++)
      attack.push((await login(t.admin.email, `guess-${i}`, office)).status);
    for (let i = 0; i < perIp - perAccount; i++) {
      attack.push((await login(`colleague-${i}@booth.test`, 'guess', office)).status);
    }
    for (let i = 0; i < 5; i++) {
      attack.push((await login(t.admin.email, 'guess', { forwardedFor: `203.0.113.${100 + i}` })).status);
    }
    expect(tally(attack)).toEqual({ 401: perIp, 429: 5 });

    // A browser that never signed in is refused, with the right password, from anywhere...
    const fresh = await login(t.admin.email, t.admin.password, { forwardedFor: '203.0.113.200' });
    expect(fresh.status).toBe(429);
    expect(fresh.error).toMatch(/sign in from a browser that signed in before/);
    expect((await login(t.admin.email, t.admin.password, office)).status).toBe(429);
    // ...and the known device gets in, from the locked office address too.
    const known = await login(t.admin.email, t.admin.password, { ...office, device: first.device });
    expect(known.status).toBe(200);
    expect(known.device).toMatch(/^booth_device=/);

    // The cookie is for that account only, and cannot be altered or made up.
    const [id, exp, sig] = first.device!.split('=')[1]!.split('.');
    expect((await login('colleague-0@booth.test', 'guess', { ...office, device: first.device })).status).toBe(
      429,
    );
    for (const forged of [`booth_device=${id}.${Number(exp) + 1}.${sig}`, `booth_device=x.1.y`]) {
      expect((await login(t.admin.email, t.admin.password, { ...office, device: forged })).status).toBe(429);
    }

    // A stolen device cookie buys perDevice guesses, then counts as unknown (and the account is locked).
    const guesses: number[] = [];
    for (let i = 0; i < perDevice; i++) {
      guesses.push((await login(t.admin.email, `stolen-${i}`, { device: known.device })).status);
    }
    expect(guesses).toEqual(Array<number>(perDevice).fill(401));
    expect((await login(t.admin.email, t.admin.password, { device: known.device })).status).toBe(429);
  });
});

describe('with TRUST_PROXY naming a proxy the test is not', () => {
  let t: Api;
  let server: Server;
  let login: ReturnType<typeof loginClient>;
  beforeAll(async () => {
    // Loopback is then an untrusted peer: the same case as the LAN address, on any machine.
    t = await apiUnderTest({ TRUST_PROXY: '10.255.0.0/16' });
    const l = await listen(t);
    server = l.server;
    login = loginClient(l.port);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('rotating X-Forwarded-For does not reset the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < perIp + 10; i++) {
      statuses.push(
        (await login(`cidr-${i}@booth.test`, 'guess', { forwardedFor: `198.51.100.${i}` })).status,
      );
    }
    expect(statuses).toEqual([...Array<number>(perIp).fill(401), ...Array<number>(10).fill(429)]);
  });
});

describe('with Redis down', () => {
  let proxy: TcpProxy;
  let t: Api;
  let server: Server;
  let login: ReturnType<typeof loginClient>;
  beforeAll(async () => {
    proxy = await tcpProxy(process.env.REDIS_URL!);
    await proxy.up();
    t = await apiUnderTest({ REDIS_URL: proxy.url });
    const l = await listen(t);
    server = l.server;
    login = loginClient(l.port);
  });
  afterAll(async () => {
    await proxy.up();
    await new Promise((r) => server.close(r));
    await t.close();
    await proxy.down();
  });

  it('refuses logins with 503 rather than letting them through unlimited', async () => {
    await proxy.down();
    const started = performance.now();
    const r = await login(t.admin.email, t.admin.password);
    expect(r.status).toBe(503);
    expect(r.error).toMatch(/login limiter cannot reach Redis/);
    expect(performance.now() - started).toBeLessThan(3_000);
    await proxy.up();
    const back = await waitUntil(
      'logins again',
      async () => {
        const ok = await login(t.admin.email, t.admin.password);
        return ok.status === 200 ? ok : undefined;
      },
      15_000,
      250,
    );
    expect(back.device).toMatch(/^booth_device=/);
  });
});

describe('timing', () => {
  let t: Api;
  let server: Server;
  let login: ReturnType<typeof loginClient>;
  beforeAll(async () => {
    t = await apiUnderTest({}, { perIp: 10_000, perAccount: 10_000 });
    const l = await listen(t);
    server = l.server;
    login = loginClient(l.port);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it('an unknown email costs what a known one does', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    await login(`warm-${randomBytes(3).toString('hex')}@booth.test`, 'x');
    for (let i = 0; i < 40; i++) {
      const from = { forwardedFor: `198.51.100.${i}` };
      const a = await login(t.admin.email, `wrong-${i}`, from);
      const b = await login(`nobody-${i}-${randomBytes(3).toString('hex')}@booth.test`, `wrong-${i}`, from);
      expect([a.status, b.status]).toEqual([401, 401]);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const [k, u] = [median(known), median(unknown)];
    process.stdout.write(
      `login timing: known email ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms (medians of 40)\n`,
    );
    // Before: 29 ms against 3 ms. Both now run one scrypt; allow 1.6x for a busy shared machine.
    expect(Math.max(k, u) / Math.min(k, u)).toBeLessThan(1.6);
  });
});
