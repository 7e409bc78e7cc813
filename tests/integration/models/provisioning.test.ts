import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitUntil } from '../../support/processes';

/**
 * `booth models` as separate real processes against a local HTTP server (and a forward proxy), the
 * way replicas sharing one models volume provision their weights: one download, verified on disk,
 * corruption detected, stale locks taken over, failures explained.
 */
const MODEL = 'tiny.en';
const FILE = `ggml-${MODEL}.bin`;
const bytes = randomBytes(4 * 1024 * 1024);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const SHA = sha256(bytes);

const requests: Record<string, number> = {};
const count = (path: string) => requests[path] ?? 0;

/** Sends `data` in 64 KB pieces every `delayMs` (0: at once), so downloads take a while and overlap. */
function send(res: ServerResponse, data: Buffer, delayMs: number, stallAfter = Infinity) {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
  if (!delayMs) return void res.end(data);
  let off = 0;
  const tick = () => {
    if (res.destroyed || off >= stallAfter) return;
    if (off >= data.length) return void res.end();
    res.write(data.subarray(off, off + 65536));
    off += 65536;
    setTimeout(tick, delayMs);
  };
  tick();
}

/** Half the file, then the rest once `openGate()` is called. */
let openGate = () => {};
const gate = new Promise<void>((r) => (openGate = r));

/** Routes by the first path segment; each test uses its own path, so tests can run at once. */
function handle(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  requests[path] = count(path) + 1;
  const kind = path.split('/')[1];
  if (kind === 'fast') return send(res, bytes, 0);
  if (kind === 'stall') return send(res, bytes, 10, 512 * 1024); // half a MB, then nothing
  if (kind === 'gated') {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    res.write(bytes.subarray(0, bytes.length / 2));
    return void gate.then(() => res.end(bytes.subarray(bytes.length / 2)));
  }
  res.writeHead(404).end('not found');
}

let server: Server;
let base: string;
let proxy: Server;
let proxyUrl: string;
let proxied = 0;
let tunnels = 0;
let refusedPort: number;
const dirs: string[] = [];
let vadPath: string;

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  server = createServer(handle);
  base = `http://127.0.0.1:${await listen(server)}`;
  // A forward proxy: absolute-form requests over plain http, passed on to their origin.
  proxy = createServer((req, res) => {
    proxied++;
    const up = request(req.url ?? '', { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  proxy.on('connect', (_req, socket) => {
    tunnels++;
    socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  const closed = createServer();
  refusedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  // Only Whisper is provisioned: the VAD is the operator's own file, which is only read.
  vadPath = join(tempDir(), 'silero_vad.onnx');
  writeFileSync(vadPath, randomBytes(1024));
});

afterAll(async () => {
  for (const s of [server, proxy]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'booth-models-'));
  dirs.push(d);
  return d;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `booth models --models-dir DIR` as its own process, running; `stderr()` is its output so far. */
function start(dir: string, env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  for (const k of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
    delete clean[k];
  }
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), 'models', '--models-dir', dir],
    {
      cwd: ROOT,
      env: {
        ...clean,
        WHISPER_MODEL: MODEL,
        WHISPER_MODEL_URL: `${base}/fast/default.bin`,
        WHISPER_MODEL_SHA256: SHA,
        SILERO_VAD_PATH: vadPath,
        MODEL_DOWNLOAD: 'true',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((res) => p.on('close', (code) => res({ code, stdout, stderr })));
  return { pid: p.pid!, done, stderr: () => stderr };
}

/** `npm run booth -- models --models-dir DIR` (async: the servers live in this process). */
const booth = (dir: string, env: NodeJS.ProcessEnv = {}) => start(dir, env).done;

const fileSha = (path: string) => sha256(readFileSync(path));
const leftovers = (dir: string) => readdirSync(dir).filter((n) => /\.(part|lock|stale)$/.test(n));

/** A good provisioning from `url`, as the starting point of a test. */
async function provisioned(url: string): Promise<string> {
  const dir = tempDir();
  const r = await booth(dir, { WHISPER_MODEL_URL: url });
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

// Each test runs real CLI processes (seconds each on a busy two-core box), hence the long timeouts.
describe.concurrent('booth models: provisioning shared by several processes', { timeout: 300_000 }, () => {
  it('three processes started at once on one empty directory download the file exactly once', async () => {
    const dir = tempDir();
    const url = `${base}/gated/ggml.bin`;
    const procs = [1, 2, 3].map(() => start(dir, { WHISPER_MODEL_URL: url }));
    // The download stays half done until the other two are waiting for it: the runs overlap for sure.
    await waitUntil(
      "two processes waiting for the third one's download",
      () => procs.filter((p) => p.stderr().includes('waiting for another process')).length === 2,
      120_000,
    );
    expect(count('/gated/ggml.bin')).toBe(1);
    openGate();
    const runs = await Promise.all(procs.map((p) => p.done));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(join(dir, FILE));
    }
    expect(count('/gated/ggml.bin')).toBe(1);
    expect(fileSha(join(dir, FILE))).toBe(SHA);
    expect(readFileSync(join(dir, `${FILE}.sha256`), 'utf8')).toBe(`${SHA}  ${FILE}\n`);
    expect(readdirSync(dir).sort()).toEqual([FILE, `${FILE}.sha256`]);
    // The two that did not download waited for the one that did, then verified its file.
    expect(runs.filter((r) => r.stderr.includes('model downloaded and verified'))).toHaveLength(1);
    expect(runs.filter((r) => r.stderr.includes('model file provisioned by another process'))).toHaveLength(
      2,
    );
  });

  it('detects a corrupted file at the next start: an error without downloads, a fresh copy with them', async () => {
    const url = `${base}/fast/corrupted.bin`;
    const dir = await provisioned(url);
    const path = join(dir, FILE);
    const bad = readFileSync(path);
    bad[bad.length >> 1]! ^= 0xff;
    writeFileSync(path, bad);
    const badSha = sha256(bad);

    expect(count('/fast/corrupted.bin')).toBe(1);
    const refused = await booth(dir, { MODEL_DOWNLOAD: 'false', WHISPER_MODEL_URL: url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`model file ${path} failed verification`);
    expect(refused.stderr).toContain(badSha);
    expect(refused.stderr).toContain(`expected ${SHA}`);
    expect(refused.stderr).toContain('MODEL_DOWNLOAD=true');
    expect(count('/fast/corrupted.bin')).toBe(1);
    expect(fileSha(path)).toBe(badSha);

    const fixed = await booth(dir, { WHISPER_MODEL_URL: url });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toContain('model file failed verification');
    expect(count('/fast/corrupted.bin')).toBe(2);
    expect(fileSha(path)).toBe(SHA);
    expect(leftovers(dir)).toEqual([]);

    // And an intact file is only verified: no request.
    const again = await booth(dir, { MODEL_DOWNLOAD: 'false', WHISPER_MODEL_URL: url });
    expect(again.code, again.stderr).toBe(0);
    expect(count('/fast/corrupted.bin')).toBe(2);
  });

  it('trusts a hand-placed file without a sidecar once, writes the sidecar, and holds it to it', async () => {
    const dir = tempDir();
    const path = join(dir, FILE);
    const own = randomBytes(100_000);
    writeFileSync(path, own);
    // No WHISPER_MODEL_URL: the official file's SHA-1 does not name a file built otherwise.
    const env = { WHISPER_MODEL_URL: '', WHISPER_MODEL_SHA256: '', MODEL_DOWNLOAD: 'false' };
    const first = await booth(dir, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('trusting it on first use');
    expect(readFileSync(`${path}.sha256`, 'utf8')).toBe(`${sha256(own)}  ${FILE}\n`);
    own[0]! ^= 1;
    writeFileSync(path, own);
    const second = await booth(dir, env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('failed verification');
  });

  it('records a placed file that has the configured digest without fetching it; explains a missing one', async () => {
    const url = `${base}/fast/pinned.bin`;
    const pinned = tempDir();
    writeFileSync(join(pinned, FILE), bytes);
    const [ok, missing] = await Promise.all([
      booth(pinned, { WHISPER_MODEL_URL: url }),
      booth(tempDir(), { MODEL_DOWNLOAD: 'false', WHISPER_MODEL_URL: url }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(pinned, `${FILE}.sha256`), 'utf8')).toBe(`${SHA}  ${FILE}\n`);
    expect(count('/fast/pinned.bin')).toBe(0);
    // Missing with downloads off: the file, where it comes from and the checksum to expect.
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/model file missing: .*ggml-tiny\.en\.bin/);
    expect(missing.stderr).toContain(`${base}/fast/pinned.bin`);
    expect(missing.stderr).toContain(SHA);
  });

  it('takes over the stale lock of a process killed mid-download and cleans up after it', async () => {
    const dir = tempDir();
    const dead = start(dir, { WHISPER_MODEL_URL: `${base}/stall/ggml.bin` });
    await waitUntil(
      'the first download to be under way',
      () => existsSync(join(dir, `${FILE}.lock`)) && readdirSync(dir).some((n) => n.endsWith('.part')),
      120_000,
    );
    process.kill(dead.pid, 'SIGKILL');
    expect((await dead.done).code).toBeNull();
    expect(leftovers(dir).length).toBe(2); // its lock and its temp file

    const r = await booth(dir, { MODEL_LOCK_STALE_MS: '1500', WHISPER_MODEL_URL: `${base}/fast/stale.bin` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('took over a stale model lock');
    expect(r.stderr).toContain('removed temp files left by another process');
    expect(count('/fast/stale.bin')).toBe(1);
    expect(fileSha(join(dir, FILE))).toBe(SHA);
    expect(readdirSync(dir).sort()).toEqual([FILE, `${FILE}.sha256`]);
  });
});

describe.concurrent(
  'booth models: downloads, proxies, private CAs and failures',
  { timeout: 300_000 },
  () => {
    it('honours HTTP_PROXY (absolute-form GET through the proxy) and NO_PROXY', async () => {
      const url = `${base}/fast/proxied.bin`;
      const viaProxy = await booth(tempDir(), { HTTP_PROXY: proxyUrl, WHISPER_MODEL_URL: url });
      expect(viaProxy.code, viaProxy.stderr).toBe(0);
      expect([proxied, tunnels, count('/fast/proxied.bin')]).toEqual([1, 0, 1]);

      const direct = await booth(tempDir(), {
        HTTP_PROXY: proxyUrl,
        NO_PROXY: '127.0.0.1',
        WHISPER_MODEL_URL: url,
      });
      expect(direct.code, direct.stderr).toBe(0);
      expect([proxied, tunnels, count('/fast/proxied.bin')]).toEqual([1, 0, 2]);
    });

    it('explains a 404, a refused connection and a bad checksum: URL, reason, how to place it by hand', async () => {
      const cases = [
        { url: `${base}/nothing-here.bin`, sha: SHA, reason: 'HTTP 404 Not Found' },
        { url: `http://127.0.0.1:${refusedPort}/ggml.bin`, sha: SHA, reason: 'connection refused' },
        { url: `${base}/fast/wrong-digest.bin`, sha: 'a'.repeat(64), reason: 'checksum mismatch' },
      ];
      const runs = await Promise.all(
        cases.map(async (c) => {
          const dir = tempDir();
          return {
            ...c,
            dir,
            run: await booth(dir, { WHISPER_MODEL_URL: c.url, WHISPER_MODEL_SHA256: c.sha }),
          };
        }),
      );
      for (const { url, sha, reason, dir, run } of runs) {
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`could not download Whisper ${MODEL} from ${url}: ${reason}`);
        expect(run.stderr).toContain(`copy it to ${join(dir, FILE)} (\`sha256sum\` must print ${sha})`);
        expect(run.stderr).toContain('MODEL_DOWNLOAD=false');
        expect(readdirSync(dir)).toEqual([]);
      }
    });

    const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
    it.skipIf(!hasOpenssl)(
      'downloads over HTTPS from a private CA given in NODE_EXTRA_CA_CERTS',
      async () => {
        const dir = tempDir();
        const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
        const made = spawnSync('openssl', [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
          ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
        ]);
        expect(made.status, made.stderr.toString()).toBe(0);
        const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, handle);
        const url = `https://127.0.0.1:${await listen(tls)}/fast/tls.bin`;
        try {
          const untrusted = await booth(tempDir(), { WHISPER_MODEL_URL: url, NODE_EXTRA_CA_CERTS: '' });
          expect(untrusted.code).toBe(1);
          expect(untrusted.stderr).toContain(`could not download Whisper ${MODEL} from ${url}`);
          expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS');

          const models = tempDir();
          const trusted = await booth(models, { WHISPER_MODEL_URL: url, NODE_EXTRA_CA_CERTS: cert });
          expect(trusted.code, trusted.stderr).toBe(0);
          expect(fileSha(join(models, FILE))).toBe(SHA);
        } finally {
          tls.closeAllConnections();
          await new Promise((r) => tls.close(r));
        }
      },
    );
  },
);
