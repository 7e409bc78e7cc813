import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Hermetic test services: a throwaway Postgres cluster, a redis-server and a livekit-server, each on a
 * free loopback port, started as local processes (no Docker). Used by `npm test` and `npm run bench`.
 */
export interface ServiceOptions {
  /** Where livekit-server was installed by tests/harness/test.sh. Default $BOOTH_CACHE_DIR/bin/livekit-server. */
  livekitBin?: string;
  /** Port the API under test will listen on, for LiveKit's webhook URL. Default: a free port. */
  apiPort?: number;
  /** Keep the data directory after stop (debugging). Default false. */
  keep?: boolean;
}

export interface Services {
  env: Record<string, string>;
  apiPort: number;
  dir: string;
  stop(): Promise<void>;
}

export const cacheDir = () =>
  process.env.BOOTH_CACHE_DIR ?? join(process.env.HOME ?? '/root', '.cache', 'booth');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function pgBinDir(): string {
  const r = spawnSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], {
    encoding: 'utf8',
  });
  const dir = r.stdout.trim();
  if (!dir || !existsSync(join(dir, 'initdb'))) throw new Error('PostgreSQL server binaries not found');
  return dir;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

function run(cmd: string, args: string[], opts: { user?: string; env?: NodeJS.ProcessEnv } = {}) {
  const [c, a] = opts.user ? ['runuser', ['-u', opts.user, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: 'utf8', env: opts.env ?? process.env });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function startServices(opts: ServiceOptions = {}): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'booth-test-'));
  chmodSync(dir, 0o777);
  const children: { name: string; proc: ChildProcess }[] = [];
  const spawnLogged = (name: string, cmd: string, args: string[]) => {
    const out = openSync(join(dir, `${name}.log`), 'a');
    const proc = spawn(cmd, args, { stdio: ['ignore', out, out], detached: false });
    children.push({ name, proc });
    return proc;
  };
  const stop = async () => {
    for (const { proc } of children.reverse()) {
      if (proc.exitCode === null) proc.kill('SIGTERM');
    }
    await Promise.all(
      children.map(
        ({ proc }) =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null) return resolve();
            const t = setTimeout(() => {
              proc.kill('SIGKILL');
              resolve();
            }, 10_000);
            proc.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
          }),
      ),
    );
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Postgres: refuses to run as root, so the cluster belongs to the `postgres` system user then.
    const pgBin = pgBinDir();
    const pgUser = userInfo().uid === 0 ? 'postgres' : undefined;
    const pgData = join(dir, 'pg');
    const pgPort = await freePort();
    if (pgUser) {
      run('mkdir', ['-p', pgData]);
      const uid = Number(run('id', ['-u', pgUser]).trim());
      const gid = Number(run('id', ['-g', pgUser]).trim());
      chownSync(pgData, uid, gid);
    }
    run(join(pgBin, 'initdb'), ['-D', pgData, '-U', 'booth', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
      user: pgUser,
    });
    const pgArgs = ['-D', pgData, '-p', String(pgPort), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    pgArgs.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    if (pgUser) spawnLogged('postgres', 'runuser', ['-u', pgUser, '--', join(pgBin, 'postgres'), ...pgArgs]);
    else spawnLogged('postgres', join(pgBin, 'postgres'), pgArgs);
    await waitFor('postgres', () => {
      const r = spawnSync(join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort)]);
      return r.status === 0;
    });
    run(join(pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'booth', 'booth']);

    // Redis: AOF off, no persistence; a throwaway instance.
    const redisPort = await freePort();
    spawnLogged('redis', 'redis-server', [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
    ]);
    await waitFor('redis', () =>
      spawnSync('redis-cli', ['-p', String(redisPort), 'ping'])
        .stdout?.toString()
        .includes('PONG'),
    );

    // livekit-server --dev on loopback, webhooks to the API under test.
    const lkBin = opts.livekitBin ?? join(cacheDir(), 'bin', 'livekit-server');
    if (!existsSync(lkBin))
      throw new Error(`livekit-server not found at ${lkBin}; run tests/harness/test.sh`);
    const apiPort = opts.apiPort ?? (await freePort());
    const lkPort = await freePort();
    const lkTcp = await freePort();
    const udpBase = 40000 + Math.floor(Math.random() * 200) * 100;
    const lkConfig = join(dir, 'livekit.yaml');
    writeFileSync(
      lkConfig,
      [
        `port: ${lkPort}`,
        'bind_addresses: ["127.0.0.1"]',
        'rtc:',
        `  tcp_port: ${lkTcp}`,
        `  port_range_start: ${udpBase}`,
        `  port_range_end: ${udpBase + 99}`,
        '  use_external_ip: false',
        '  node_ip: 127.0.0.1',
        'keys:',
        '  devkey: secret',
        'webhook:',
        '  api_key: devkey',
        `  urls: ["http://127.0.0.1:${apiPort}/webhooks/livekit"]`,
        'room:',
        '  empty_timeout: 10',
        '  departure_timeout: 1',
        'logging:',
        '  level: info',
        '',
      ].join('\n'),
    );
    spawnLogged('livekit', lkBin, ['--config', lkConfig, '--dev']);
    await waitFor('livekit-server', async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${lkPort}/`);
        return res.ok;
      } catch {
        return false;
      }
    });

    // The small real LLM behind llama.cpp's OpenAI-compatible server (provisioned by provision.sh).
    const llmDir = process.env.BOOTH_LLM_DIR ?? join(cacheDir(), 'llm');
    const llmPython = join(llmDir, 'venv', 'bin', 'python');
    const llmModel = join(llmDir, 'models', 'smollm2-135m-instruct-q4_1.gguf');
    const llmEnv: Record<string, string> = {};
    if (existsSync(llmPython) && existsSync(llmModel)) {
      const llmPort = await freePort();
      const serve = join(import.meta.dirname, '..', '..', 'scripts', 'llm', 'serve.py');
      spawnLogged('llm', llmPython, [serve, llmModel, String(llmPort), 'smollm2']);
      await waitFor('the LLM server', async () => {
        try {
          return (await fetch(`http://127.0.0.1:${llmPort}/health`)).ok;
        } catch {
          return false;
        }
      });
      llmEnv.BOOTH_TEST_LLM_URL = `http://127.0.0.1:${llmPort}/v1`;
      llmEnv.BOOTH_TEST_LLM_MODEL = 'smollm2';
    }

    const env: Record<string, string> = {
      ...llmEnv,
      DATABASE_URL: `postgresql://booth@127.0.0.1:${pgPort}/booth`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LIVEKIT_URL: `ws://127.0.0.1:${lkPort}`,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
      BOOTH_TEST_API_PORT: String(apiPort),
      BOOTH_TEST_DIR: dir,
    };
    return { env, apiPort, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
