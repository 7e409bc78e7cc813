import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_ROOM } from '@booth/shared';
import { cacheDir, freePort } from '../../harness/services';
import { ROOT, startService, waitUntil, type ServiceProcess } from '../../support/processes';

/**
 * The repo's Caddyfile, run by the real Caddy (built by scripts/provision/deploy-tools.sh) in front of a
 * real Booth API and the harness's livekit-server, checked over HTTPS with Caddy's own root CA as the
 * only trust anchor: what browsers on the LAN get from the compose `proxy` service.
 */
const CADDY = join(cacheDir(), 'bin', 'caddy');
const HOST = '127.0.0.1';

let dir: string;
let caddy: ChildProcess;
let caddyLog: string;
let api: ServiceProcess;
let telephony: ServiceProcess | undefined;
const admin = {
  email: `proxy-admin-${randomBytes(3).toString('hex')}@booth.test`,
  password: 'proxy-password-123',
};
let httpPort: number;
let httpsPort: number;
let rootCa: string;
const origin = () => `https://${HOST}:${httpsPort}`;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  peer?: PeerCertificate;
}

/** One request with nothing but Caddy's root CA trusted (https); `localAddress` picks the client's address. */
function call(
  url: string,
  opts: https.RequestOptions & { body?: string; trust?: 'caddy' | 'system' } = {},
): Promise<Reply> {
  const { body, trust = 'caddy', ...options } = opts;
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { agent: false, ...(trust === 'caddy' ? { ca: rootCa } : {}), ...options });
    req.on('response', (res) => {
      const socket = res.socket as TLSSocket;
      const peer =
        typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(true) : undefined;
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data, peer }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * A WebSocket handshake to `path` through the proxy (Node 20 has no WebSocket client without a flag).
 * Resolves with the status, whether Sec-WebSocket-Accept is right, and the first frame the server sends.
 */
function websocket(
  path: string,
  /** How long to wait for the server's first frame. */
  frameWaitMs = 10_000,
): Promise<{ status: number; acceptOk: boolean; frame?: { opcode: number; payload: Buffer } }> {
  const key = randomBytes(16).toString('base64');
  const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  return new Promise((resolve, reject) => {
    const req = https.request(`${origin()}${path}`, {
      agent: false,
      ca: rootCa,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': key,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode!, acceptOk: false });
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      let buf = head;
      const timer = setTimeout(() => done(undefined), frameWaitMs);
      let finished = false;
      const done = (frame?: { opcode: number; payload: Buffer }) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        // A masked close frame with no payload, then hang up.
        socket.end(Buffer.from([0x88, 0x80, ...randomBytes(4)]));
        resolve({
          status: res.statusCode!,
          acceptOk: res.headers['sec-websocket-accept'] === expected,
          frame,
        });
      };
      const tryParse = () => {
        if (buf.length < 2) return;
        let len = buf[1]! & 0x7f;
        let offset = 2;
        if (len === 126) [len, offset] = [buf.length >= 4 ? buf.readUInt16BE(2) : Infinity, 4];
        else if (len === 127)
          [len, offset] = [buf.length >= 10 ? Number(buf.readBigUInt64BE(2)) : Infinity, 10];
        if (buf.length >= offset + len)
          done({ opcode: buf[0]! & 0x0f, payload: buf.subarray(offset, offset + len) });
      };
      socket.on('data', (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        tryParse();
      });
      socket.on('error', () => undefined);
      tryParse();
    });
    req.on('error', reject);
    req.end();
  });
}

const livekitToken = async (room: string) => {
  const at = new AccessToken(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!, {
    identity: `proxy-test-${randomBytes(3).toString('hex')}`,
    ttl: '5m',
  });
  at.addGrant({ roomJoin: true, room, canSubscribe: true });
  return at.toJwt();
};

/** The environment Caddy gets: compose's two variables plus the test's ports, upstreams and data dirs. */
const caddyEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: dir,
  XDG_DATA_HOME: join(dir, 'data'),
  XDG_CONFIG_HOME: join(dir, 'config'),
  ...extra,
});

beforeAll(async () => {
  if (!existsSync(CADDY)) throw new Error(`${CADDY} missing: run bash scripts/provision/deploy-tools.sh`);
  dir = mkdtempSync(join(tmpdir(), 'booth-caddy-'));
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  const adminPort = await freePort();
  // The API as compose runs it (BOOTH_HOST set, so https:// URLs and Secure cookies), on the harness's
  // API port (livekit-server's webhooks go there).
  const apiPort = process.env.BOOTH_TEST_API_PORT!;
  const logDir = join(process.env.BOOTH_TEST_DIR ?? dir, 'service-logs');
  mkdirSync(logDir, { recursive: true });
  api = startService(
    'api',
    {
      ...process.env,
      API_HOST: HOST,
      API_PORT: apiPort,
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      BOOTH_ADMIN_EMAIL: admin.email,
      BOOTH_ADMIN_PASSWORD: admin.password,
      BOOTH_HOST: HOST,
      PUBLIC_URL: origin(),
      PUBLIC_LIVEKIT_URL: `wss://${HOST}:${httpsPort}`,
      COOKIE_SECURE: '',
      TRUST_PROXY: 'loopback',
    },
    logDir,
  );
  await waitUntil(
    'API /healthz',
    async () => (await fetch(`http://${HOST}:${apiPort}/healthz`)).ok,
    60_000,
    250,
  );
  // The telephony bridge, as compose runs it behind the proxy.
  const telephonyPort = await freePort();
  telephony = startService(
    'telephony',
    { ...process.env, TELEPHONY_HOST: HOST, TELEPHONY_PORT: String(telephonyPort), PUBLIC_URL: origin() },
    logDir,
  );
  await waitUntil(
    'telephony /healthz',
    async () => (await fetch(`http://${HOST}:${telephonyPort}/healthz`)).ok,
    60_000,
    250,
  );
  caddyLog = join(dir, 'caddy.log');
  const out = openSync(caddyLog, 'a');
  caddy = spawn(CADDY, ['run', '--config', join(ROOT, 'Caddyfile'), '--adapter', 'caddyfile'], {
    cwd: dir,
    env: caddyEnv({
      BOOTH_HOST: HOST,
      BOOTH_TLS: 'internal',
      BOOTH_HTTPS_PORT: String(httpsPort),
      CADDY_HTTP_PORT: String(httpPort),
      CADDY_HTTPS_PORT: String(httpsPort),
      CADDY_ADMIN: `127.0.0.1:${adminPort}`,
      BOOTH_API_UPSTREAM: `${HOST}:${apiPort}`,
      BOOTH_LIVEKIT_UPSTREAM: new URL(process.env.LIVEKIT_URL!).host,
      BOOTH_TELEPHONY_UPSTREAM: `${HOST}:${telephonyPort}`,
    }),
    stdio: ['ignore', out, out],
  });
  const rootPath = join(dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  await waitUntil(
    'Caddy serving HTTPS with its local CA',
    async () => {
      if (caddy.exitCode !== null)
        throw new Error(`caddy exited ${caddy.exitCode}: ${readFileSync(caddyLog, 'utf8')}`);
      if (!existsSync(rootPath)) return false;
      rootCa = readFileSync(rootPath, 'utf8');
      return (await call(`${origin()}/healthz`)).status === 200;
    },
    30_000,
    200,
  );
});

afterAll(async () => {
  if (caddy && caddy.exitCode === null) {
    caddy.kill('SIGTERM');
    await new Promise((r) => caddy.once('exit', r));
  }
  await Promise.all([api?.stop(), telephony?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('https://BOOTH_HOST → the API', () => {
  it('serves /healthz from the API with a certificate from Caddy’s local CA, trusted through its root alone', async () => {
    const res = await call(`${origin()}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, postgres: 'up', redis: 'up' });
    expect(res.peer?.subjectaltname).toContain(`IP Address:${HOST}`);
    expect(res.peer?.issuer.CN).toBe('Booth Local Intermediate CA');
    // Served over HTTPS, so the API pins it (HSTS), whichever CA signed the certificate: a device has
    // to trust Caddy's root before using Booth. Caddy adds no second header of its own.
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    // Without the root, Node's (system) trust store rejects it: the root is the one anchor.
    await expect(call(`${origin()}/healthz`, { trust: 'system' })).rejects.toThrow(/certificate|issuer/i);
  });

  it('serves the dashboard at /', async () => {
    const res = await call(`${origin()}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('a browser with no SNI (sent to a bare IP, another local address) still gets BOOTH_HOST’s certificate', async () => {
    // 127.0.0.2 is this host too, as the box's LAN address is behind Docker's NAT: neither name nor
    // address matches the certificate, so only default_sni picks it.
    const res = await call(`https://127.0.0.2:${httpsPort}/healthz`, {
      headers: { host: `${HOST}:${httpsPort}` },
      checkServerIdentity: (_name, cert) => checkServerIdentity(HOST, cert),
    });
    expect(res.status).toBe(200);
    expect(res.peer?.subjectaltname).toContain(`IP Address:${HOST}`);
  });

  it('logs in through the proxy with a Secure, HttpOnly session cookie that then works', async () => {
    const { email, password } = admin;
    const login = await call(`${origin()}/api/auth/login`, json({ email, password }));
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^booth_session=/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await call(`${origin()}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body).email).toBe(email);

    // What the dashboard then does: a LiveKit token whose URL is this origin's wss://, which works.
    const tok = await call(
      `${origin()}/api/livekit/token`,
      json({ roomName: NOTIFICATIONS_ROOM }, { cookie }),
    );
    expect(tok.status).toBe(200);
    const { url, token } = JSON.parse(tok.body) as { url: string; token: string };
    expect(url).toBe(`wss://${HOST}:${httpsPort}`);
    const ws = await websocket(`/rtc?access_token=${encodeURIComponent(token)}`);
    expect(ws.status).toBe(101);
  });

  it('the API sees each client’s own address (X-Forwarded-For set by Caddy, a client’s own ignored)', async () => {
    // Nothing in the API echoes req.ip, but login throttling is keyed by it: 30 failures per client
    // address (any emails), then 429. Clients on 127.0.0.2 and 127.0.0.3 all reach the API from Caddy's
    // 127.0.0.1. Each attempt uses a new email, so the per-email limit (10) never decides.
    const attempt = (localAddress: string, headers: Record<string, string> = {}) =>
      call(`${origin()}/api/auth/login`, {
        ...json(
          { email: `xff-${randomBytes(4).toString('hex')}@booth.test`, password: 'wrong-password' },
          headers,
        ),
        localAddress,
      });
    for (let i = 0; i < 30; i++) {
      // A spoofed X-Forwarded-For naming the other client: Caddy replaces it.
      expect((await attempt('127.0.0.2', { 'x-forwarded-for': '127.0.0.3' })).status).toBe(401);
    }
    expect((await attempt('127.0.0.2')).status).toBe(429);
    // Another client is not throttled: the API told them apart (not all "Caddy's address")...
    expect((await attempt('127.0.0.3')).status).toBe(401);
    // ...and cannot borrow the throttled one's address either.
    expect((await attempt('127.0.0.3', { 'x-forwarded-for': '127.0.0.2' })).status).toBe(401);
  });
});

describe('wss://BOOTH_HOST/rtc → livekit-server', () => {
  it('upgrades /rtc with a real token to a WebSocket (101) and livekit-server sends the join', async () => {
    const room = `proxy-${randomBytes(4).toString('hex')}`;
    const token = await livekitToken(room);
    const ws = await websocket(`/rtc?access_token=${token}&auto_subscribe=1&protocol=16&sdk=js`);
    expect(ws.status).toBe(101);
    expect(ws.acceptOk).toBe(true);
    expect(ws.frame?.opcode).toBe(2); // binary: a protobuf SignalResponse
    expect(ws.frame?.payload.includes(Buffer.from(room))).toBe(true); // its JoinResponse names the room
  });

  it('answers /rtc/validate and /rtc/v1/validate as livekit-server does', async () => {
    const token = await livekitToken(`proxy-${randomBytes(4).toString('hex')}`);
    const ok = await call(`${origin()}/rtc/validate?access_token=${token}`);
    expect([ok.status, ok.body]).toEqual([200, 'success']);
    expect((await call(`${origin()}/rtc/validate`)).status).toBe(401);
    const v1 = await call(`${origin()}/rtc/v1/validate?access_token=${token}`);
    expect(v1.status).toBe(400);
    expect(v1.body).toMatch(/join_request is required/);
  });

  it('keeps the room token out of the access log', async () => {
    const log = readFileSync(caddyLog, 'utf8');
    expect(log).toMatch(/"uri":"\/rtc\?access_token=REDACTED/);
    expect(log).not.toMatch(/access_token=eyJ/);
  });
});

describe('wss://BOOTH_HOST/twilio/media → the telephony bridge', () => {
  it('upgrades Twilio’s media stream to a WebSocket on the bridge; its other paths stay private', async () => {
    const ws = await websocket('/twilio/media', 1500);
    expect(ws.status).toBe(101);
    expect(ws.acceptOk).toBe(true);
    // The bridge's other paths are not published: the API answers them (the dashboard's SPA), not the bridge.
    const other = await call(`${origin()}/twilio/healthz`);
    expect(other.body).not.toMatch(/"streams"/);
    expect(other.body).toMatch(/<!doctype html>/i);
  });
});

describe('http://', () => {
  it('redirects to https://BOOTH_HOST (308, path and query kept)', async () => {
    const res = await call(`http://${HOST}:${httpPort}/sessions/abc?x=1`);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`${origin()}/sessions/abc?x=1`);
    const other = await call(`http://127.0.0.2:${httpPort}/`);
    expect(other.headers.location).toBe(`${origin()}/`);
  });

  it('answers compose’s healthcheck at /proxy-healthz itself', async () => {
    const res = await call(`http://${HOST}:${httpPort}/proxy-healthz`);
    expect([res.status, res.body]).toEqual([200, 'ok']);
  });

  it('serves the local root CA at /booth-ca.crt, for devices to install (and over https)', async () => {
    for (const url of [`http://${HOST}:${httpPort}/booth-ca.crt`, `${origin()}/booth-ca.crt`]) {
      const res = await call(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-x509-ca-cert');
      expect(res.body).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
      expect(res.body).toBe(rootCa);
    }
    // Only that one file: never the CA's key next to it.
    expect((await call(`http://${HOST}:${httpPort}/root.key`)).status).toBe(308);
    expect((await call(`${origin()}/root.key`)).status).toBe(404);
  });
});

describe('caddy validate', () => {
  const validate = (env: Record<string, string>) =>
    spawnSync(CADDY, ['validate', '--config', join(ROOT, 'Caddyfile'), '--adapter', 'caddyfile'], {
      cwd: dir,
      env: caddyEnv(env),
      encoding: 'utf8',
    });

  it('passes with the environment docker compose gives the proxy', () => {
    // docker-compose.yml: BOOTH_HOST from .env, BOOTH_TLS defaulting to internal; the rest default.
    for (const env of [
      { BOOTH_HOST: '192.168.1.20', BOOTH_TLS: 'internal' },
      { BOOTH_HOST: 'booth.lan', BOOTH_TLS: 'internal' },
      { BOOTH_HOST: 'booth.example.com', BOOTH_TLS: 'admin@example.com' },
    ]) {
      const r = validate(env);
      expect(r.status, `${JSON.stringify(env)}: ${r.stderr}`).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/Valid configuration/);
    }
  });

  it('fails on a BOOTH_TLS that is neither internal nor an email address', () => {
    const r = validate({ BOOTH_HOST: 'booth.lan', BOOTH_TLS: 'letsencrypt' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/internal.*or an email address/);
  });
});
