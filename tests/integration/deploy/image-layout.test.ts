import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleImage, type AssembledImage } from '../../../scripts/image/layout';
import { nodeBinary } from '../../../scripts/image/node-runtime';
import { freePort } from '../../harness/services';
import { ROOT, waitUntil } from '../../support/processes';

/**
 * No Docker engine runs here, so the image is checked by its file tree: the runtime stage assembled
 * exactly as the Dockerfile builds it (same install flags, same copies, same .dockerignore), then every
 * entry point docker-compose.yml starts is booted from it with the Node.js the image runs.
 */
let image: AssembledImage;
let node: string;
const out = join(process.env.BOOTH_TEST_DIR ?? '/tmp', 'image');

/** The entry points compose runs: `command: ['node', '--import', 'tsx', '<entry>', ...]`. */
const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const entries = [...compose.matchAll(/command: \['node', '--import', 'tsx', '([^']+)'/g)].map((m) => m[1]!);
const graceSeconds = (service: string) => {
  const block = new RegExp(`\\n  ${service}:\\n([\\s\\S]*?)\\n  \\w+:\\n`).exec(compose)?.[1] ?? '';
  return Number(/stop_grace_period: (\d+)s/.exec(block)?.[1] ?? 10);
};

/** A configuration that validates; nothing listens at these addresses in check mode. */
const checkEnv = {
  DATABASE_URL: 'postgresql://booth@127.0.0.1:9/booth',
  REDIS_URL: 'redis://127.0.0.1:9',
  LIVEKIT_URL: 'ws://127.0.0.1:9',
  LIVEKIT_API_KEY: 'booth',
  LIVEKIT_API_SECRET: 'image-check-livekit-secret-0123456789',
  SESSION_SECRET: 'image-check-session-secret-0123456789',
  LOG_LEVEL: 'info',
};

function boot(entry: string, env: Record<string, string | undefined> = {}) {
  return spawnSync(node, ['--import', 'tsx', entry, '--check'], {
    cwd: image.workdir,
    encoding: 'utf8',
    timeout: 120_000,
    // The container's environment: the image's ENV and what compose sets, nothing of this machine's.
    env: { PATH: process.env.PATH, HOME: '/tmp', ...image.env, ...checkEnv, ...env },
  });
}

beforeAll(async () => {
  image = await assembleImage({ out });
  node = nodeBinary(image.globalArgs.NODE_VERSION!);
}, 1_200_000);

afterAll(() => {
  spawnSync('rm', ['-rf', out]);
});

describe('the image layout', () => {
  it('holds the installed workspace, every package the lockfile nests included, and no dev tooling or tests', () => {
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(join(image.workdir, 'node_modules/openai/package.json'))).toBe(true);
    expect(existsSync(join(image.workdir, 'services/assistant/src/index.ts'))).toBe(true);
    // npm nests a package under a workspace when versions clash: each such one must be in the image.
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const nested = Object.entries(lock.packages).filter(
      ([path, p]) => /^(services|prisma|web)\/[^/]+\/node_modules\//.test(path) && !p.dev,
    );
    for (const [path] of nested)
      expect(existsSync(join(image.workdir, path, 'package.json')), path).toBe(true);
    expect(existsSync(join(image.workdir, 'prisma/generated/client.ts'))).toBe(true);
    expect(
      existsSync(join(image.workdir, 'node_modules/smart-whisper/build/Release/smart-whisper.node')),
    ).toBe(true);
    expect(readFileSync(join(image.workdir, 'node_modules/.booth-whisper-cflags'), 'utf8')).toMatch(/-O3/);
    // (typescript and the prisma CLI stay: npm installs them as peers of @prisma/client.)
    for (const gone of [
      'tests',
      'node_modules/vitest',
      'node_modules/eslint',
      'node_modules/prettier',
      '.git',
    ]) {
      expect(existsSync(join(image.workdir, gone)), gone).toBe(false);
    }
    expect(image.env.NODE_ENV).toBe('production');
  });

  it(`boots every compose entry point with the image's Node.js`, () => {
    for (const entry of entries) {
      const r = boot(entry);
      expect(r.status, `${entry}: ${r.stderr}${r.stdout}`).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/check passed/);
      if (entry.includes('services/')) expect(r.stdout + r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    }
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).toBe(`v${image.globalArgs.NODE_VERSION}`);
  });

  it('fails the check when a package a service loads is missing', () => {
    const nested = join(image.workdir, 'node_modules/openai');
    renameSync(nested, `${nested}.aside`);
    try {
      const r = boot('services/worker/src/main.ts');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/Cannot find (package|module) 'openai'/);
    } finally {
      renameSync(`${nested}.aside`, nested);
    }
  });

  it('names every configuration problem at once and exits 1', () => {
    const r = spawnSync(node, ['--import', 'tsx', 'services/api/src/main.ts', '--check'], {
      cwd: image.workdir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...image.env },
    });
    expect(r.status).toBe(1);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'LIVEKIT_URL', 'LIVEKIT_API_SECRET', 'SESSION_SECRET']) {
      expect(r.stdout).toContain(key);
    }
  });
});

describe('SIGTERM to a service started the way the image starts it', () => {
  const services = ['api', 'worker', 'transcriber', 'telephony'] as const;
  it.each(services)('%s drains and exits 0 within its stop_grace_period', async (service) => {
    const logPath = join(out, `${service}-sigterm.log`);
    const log = openSync(logPath, 'a');
    const env = {
      PATH: process.env.PATH,
      HOME: '/tmp',
      ...image.env,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      LIVEKIT_URL: process.env.LIVEKIT_URL,
      LIVEKIT_API_KEY: process.env.LIVEKIT_API_KEY,
      LIVEKIT_API_SECRET: process.env.LIVEKIT_API_SECRET,
      SESSION_SECRET: checkEnv.SESSION_SECRET,
      API_HOST: '127.0.0.1',
      API_PORT: String(await freePort()),
      TELEPHONY_HOST: '127.0.0.1',
      TELEPHONY_PORT: String(await freePort()),
      QUEUE_PREFIX: `sigterm${service}`,
      BOOTH_MODELS_DIR: process.env.BOOTH_MODELS_DIR,
      SILERO_VAD_PATH: process.env.SILERO_VAD_PATH,
      WHISPER_MODEL: process.env.WHISPER_MODEL,
      MODEL_DOWNLOAD: 'false',
      HEALTH_FILE: join(out, `${service}.healthy`),
      LOG_LEVEL: 'info',
    };
    // As the container's command runs it: node itself (compose's init forwards the signal), no npx or sh.
    const proc = spawn(node, ['--import', 'tsx', `services/${service}/src/main.ts`], {
      cwd: image.workdir,
      env,
      stdio: ['ignore', log, log],
    });
    const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
    const text = () => readFileSync(logPath, 'utf8');
    await waitUntil(
      `${service} ready`,
      () => /"msg":"(api listening|worker ready|transcriber ready|telephony bridge listening)"/.test(text()),
      120_000,
      200,
    );
    if (service === 'worker' || service === 'transcriber') expect(existsSync(env.HEALTH_FILE)).toBe(true);
    const started = Date.now();
    proc.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), graceSeconds(service) * 1000)),
    ]);
    if (code === 'timeout') proc.kill('SIGKILL');
    expect(code, text()).toBe(0);
    expect(Date.now() - started).toBeLessThan(graceSeconds(service) * 1000);
    expect(text()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    expect(text()).toMatch(/"outcome":"drained".*"msg":"shutdown complete"/);
  });
});
