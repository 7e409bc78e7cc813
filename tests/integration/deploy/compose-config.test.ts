import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '@booth/shared';
import { cacheDir } from '../../harness/services';
import { ROOT } from '../../support/processes';

/**
 * docker-compose.yml as the real docker compose CLI (built by scripts/provision/deploy-tools.sh) resolves
 * it for a new user: .env copied from .env.example with only the required values filled in. No Docker
 * engine is needed for `config`.
 */
const COMPOSE = join(cacheDir(), 'bin', 'docker-compose');
const APP_SERVICES = ['api', 'worker', 'transcriber', 'telephony', 'models'];
/** Read by Node and the download client, not by our config schema: allowed in the models service. */
const STANDARD_VARS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS'];

interface Service {
  image?: string;
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  logging?: { driver?: string; options?: Record<string, string> };
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
  profiles?: string[];
  ports?: { target: number; published: string; protocol: string }[];
  volumes?: { type: string; source: string; target: string }[];
  depends_on?: Record<string, { condition?: string }>;
}
interface Project {
  services: Record<string, Service>;
}

let dir: string;
const secrets = {
  POSTGRES_PASSWORD: randomBytes(32).toString('hex'),
  LIVEKIT_API_SECRET: randomBytes(32).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('hex'),
  OPENAI_API_KEY: `sk-test-${randomBytes(16).toString('hex')}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
};

/** .env.example with `values` filled in, as a new user would. */
function writeEnv(values: Record<string, string>): string {
  let text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${key}=${value}`) : `${text}\n${key}=${value}\n`;
  }
  const path = join(dir, `env-${randomBytes(4).toString('hex')}`);
  writeFileSync(path, text);
  return path;
}

const newUser = (over: Record<string, string> = {}) =>
  writeEnv({ BOOTH_HOST: '192.168.1.20', LIVEKIT_NODE_IP: '192.168.1.20', ...secrets, ...over });

/** `docker-compose config --format json` in the repo, with nothing from this process's environment. */
function composeConfig(envFile: string, ...extra: string[]) {
  const r = spawnSync(
    COMPOSE,
    ['--project-directory', ROOT, '--env-file', envFile, ...extra, 'config', '--format', 'json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'docker') },
      timeout: 30_000,
    },
  );
  return { ...r, project: r.status === 0 ? (JSON.parse(r.stdout) as Project) : undefined };
}

/** "45s", "1m30s", "500ms" → ms (compose's normalised durations). */
function durationMs(d: string): number {
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return ms;
}

let project: Project;
beforeAll(() => {
  if (!existsSync(COMPOSE)) throw new Error(`${COMPOSE} missing: run bash scripts/provision/deploy-tools.sh`);
  dir = mkdtempSync(join(tmpdir(), 'booth-compose-'));
  const r = composeConfig(newUser());
  if (!r.project) throw new Error(`docker-compose config failed (${r.status}): ${r.stderr}`);
  project = r.project;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = (service: string) => project.services[service]?.environment ?? {};

describe('docker-compose.yml with a new user’s .env', () => {
  it('resolves, with the default services and no ollama without its profile', () => {
    expect(Object.keys(project.services).sort()).toEqual(
      ['api', 'livekit', 'models', 'postgres', 'proxy', 'redis', 'telephony', 'transcriber', 'worker'].sort(),
    );
  });

  it('gives app services only variables our config schema declares', () => {
    const declared = new Set([...Object.keys(configSchema.shape), ...STANDARD_VARS]);
    for (const name of APP_SERVICES) {
      const undeclared = Object.keys(env(name)).filter((k) => !declared.has(k));
      expect(undeclared, `${name} gets variables config.ts does not declare`).toEqual([]);
    }
  });

  it('hands each secret only to the services that use it (by value, so LIVEKIT_KEYS counts)', () => {
    const holders = (value: string) =>
      Object.keys(project.services)
        .filter((name) => Object.values(env(name)).some((v) => v?.includes(value)))
        .sort();
    expect(holders(secrets.SESSION_SECRET)).toEqual(['api']);
    expect(holders(secrets.POSTGRES_PASSWORD)).toEqual(['api', 'postgres', 'transcriber', 'worker']);
    expect(holders(secrets.LIVEKIT_API_SECRET)).toEqual([
      'api',
      'livekit',
      'telephony',
      'transcriber',
      'worker',
    ]);
    // Twilio's auth token: the API checks webhook signatures, the bridge rings the admin's phone.
    expect(holders(secrets.TWILIO_AUTH_TOKEN)).toEqual(['api', 'telephony']);
    // Set in .env (LLM_PROVIDER=openai would use it): the services that plan or analyse with a model
    // (the worker's call analysis, the assistant in the api and the transcriber's voice agent) only.
    expect(holders(secrets.OPENAI_API_KEY)).toEqual(['api', 'transcriber', 'worker']);
  });

  it('puts the API behind the proxy: https:// URLs, Secure cookies, the proxy’s X-Forwarded-For believed', () => {
    const api = env('api');
    expect(api.BOOTH_HOST).toBe('192.168.1.20');
    // Empty = derived from BOOTH_HOST (https://…, wss://…, Secure): .env.example must not pin them.
    expect(api.PUBLIC_URL || 'https://192.168.1.20').toMatch(/^https:\/\//);
    expect(api.PUBLIC_LIVEKIT_URL || 'wss://192.168.1.20').toMatch(/^wss:\/\//);
    expect(api.COOKIE_SECURE || 'true').toBe('true');
    expect(api.TRUST_PROXY).toBe('uniquelocal');
    expect(env('proxy')).toEqual({
      BOOTH_HOST: '192.168.1.20',
      BOOTH_TLS: 'internal',
      BOOTH_HTTPS_PORT: '443',
    });
    expect(project.services.proxy?.healthcheck?.test).toContain('http://127.0.0.1/proxy-healthz');
    expect(env('livekit').NODE_IP).toBe('192.168.1.20');
  });

  it('gives every long-running service a healthcheck and rotated json-file logs', () => {
    for (const [name, svc] of Object.entries(project.services)) {
      expect(svc.logging?.driver, `${name} logging`).toBe('json-file');
      expect(svc.logging?.options?.['max-size'], `${name} log max-size`).toBeTruthy();
      expect(svc.logging?.options?.['max-file'], `${name} log max-file`).toBeTruthy();
      if (svc.restart === 'no') continue; // models: a one-shot job
      expect(svc.healthcheck?.disable, `${name} healthcheck disabled`).not.toBe(true);
      expect(svc.healthcheck?.test?.length, `${name} has no healthcheck`).toBeGreaterThan(0);
    }
  });

  it('lets worker, transcriber and telephony drain: init as PID 1, a stop grace period beyond SHUTDOWN_TIMEOUT_MS', () => {
    for (const name of ['worker', 'transcriber', 'telephony']) {
      const svc = project.services[name]!;
      expect(svc.init, `${name} init`).toBe(true);
      const shutdownMs = Number(svc.environment?.SHUTDOWN_TIMEOUT_MS ?? 30_000);
      expect(shutdownMs).toBe(30_000);
      expect(durationMs(svc.stop_grace_period ?? '10s'), `${name} stop_grace_period`).toBeGreaterThan(
        shutdownMs,
      );
    }
  });

  it('pins every image (a tag, never :latest)', () => {
    for (const [name, svc] of Object.entries(project.services)) {
      expect(svc.image, `${name} image`).toMatch(/^[^:@]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/);
      expect(svc.image, `${name} image`).not.toMatch(/:latest$/);
    }
  });

  it('publishes LiveKit’s media ports as the same numbers it listens on and advertises', () => {
    const moved = composeConfig(newUser({ LIVEKIT_TCP_PORT: '17881', LIVEKIT_UDP_PORT: '17882' })).project!;
    for (const [p, defaults] of [
      [project, { tcp: 7881, udp: 7882 }],
      [moved, { tcp: 17881, udp: 17882 }],
    ] as const) {
      const lk = p.services.livekit!;
      const ports = (lk.ports ?? []).map((x) => `${x.published}:${x.target}/${x.protocol}`).sort();
      expect(ports).toEqual([`${defaults.tcp}:${defaults.tcp}/tcp`, `${defaults.udp}:${defaults.udp}/udp`]);
      expect(lk.environment).toMatchObject({
        LIVEKIT_RTC_TCP_PORT: String(defaults.tcp),
        UDP_PORT: String(defaults.udp),
      });
    }
  });

  it('fails naming POSTGRES_PASSWORD when it is empty', () => {
    const r = composeConfig(newUser({ POSTGRES_PASSWORD: '' }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/POSTGRES_PASSWORD/);
  });

  it('fails naming BOOTH_HOST and LIVEKIT_NODE_IP when they are left empty', () => {
    for (const key of ['BOOTH_HOST', 'LIVEKIT_NODE_IP']) {
      const r = composeConfig(newUser({ [key]: '' }));
      expect(r.status, key).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(key));
    }
  });

  it('adds ollama with --profile local-llm (or COMPOSE_PROFILES in .env)', () => {
    const withProfile = composeConfig(newUser(), '--profile', 'local-llm');
    expect(withProfile.status, withProfile.stderr).toBe(0);
    expect(withProfile.project?.services.ollama?.image).toMatch(/^ollama\/ollama:/);
    const fromEnv = composeConfig(newUser({ COMPOSE_PROFILES: 'local-llm' }));
    expect(Object.keys(fromEnv.project?.services ?? {})).toContain('ollama');
  });

  it('adds LiveKit SIP with profile sip, livekit-server then on Redis, its ports the same inside and out', () => {
    const sip = composeConfig(newUser({ COMPOSE_PROFILES: 'sip', LIVEKIT_REDIS_HOST: 'redis:6379' }));
    expect(sip.status, sip.stderr).toBe(0);
    const svc = sip.project!.services.sip!;
    expect(svc.image).toMatch(/^livekit\/sip:v\d+\.\d+\.\d+$/);
    expect(svc.environment?.LIVEKIT_WS_URL).toBe('ws://livekit:7880');
    expect(svc.ports?.map((p) => `${p.published}:${p.target}/${p.protocol}`)).toContain('5060:5060/udp');
    expect(sip.project!.services.livekit?.environment?.REDIS_HOST).toBe('redis:6379');
    // Without the profile: no SIP service, livekit-server without Redis.
    expect(project.services.sip).toBeUndefined();
    expect(env('livekit').REDIS_HOST ?? '').toBe('');
  });

  it('gives the recorder, the mixer and the API one recordings volume at RECORDING_DIR', () => {
    for (const name of ['api', 'worker', 'transcriber']) {
      const svc = project.services[name]!;
      expect(svc.environment?.RECORDING_DIR, name).toBe('/recordings');
      expect(
        svc.volumes?.find((v) => v.target === '/recordings'),
        name,
      ).toMatchObject({
        type: 'volume',
        source: 'recordings',
      });
      expect(svc.environment?.RECORDING_STORAGE, name).toBe('local');
    }
  });

  it('adds LiveKit Egress with profile egress (pinned, on Redis, the secret in its config body)', () => {
    const r = composeConfig(
      newUser({ COMPOSE_PROFILES: 'egress', LIVEKIT_REDIS_HOST: 'redis:6379', RECORDING_VIDEO: 'true' }),
    );
    expect(r.status, r.stderr).toBe(0);
    const svc = r.project!.services.egress!;
    expect(svc.image).toMatch(/^livekit\/egress:v\d+\.\d+\.\d+$/);
    const body = svc.environment?.EGRESS_CONFIG_BODY ?? '';
    expect(body).toContain(`api_secret: ${secrets.LIVEKIT_API_SECRET}`);
    expect(body).toContain('ws_url: ws://livekit:7880');
    expect(body).toContain('address: redis:6379');
    expect(r.project!.services.api?.environment?.RECORDING_VIDEO).toBe('true');
    // Egress runs as a non-root user: a one-shot makes the videos volume its own before it starts.
    const init = r.project!.services['egress-volume']!;
    expect(init.image).toBe(svc.image);
    expect(init.volumes?.[0]).toMatchObject({ type: 'volume', source: 'videos', target: '/out' });
    expect(svc.volumes?.[0]).toMatchObject({ type: 'volume', source: 'videos', target: '/out' });
    expect(svc.depends_on?.['egress-volume']?.condition).toBe('service_completed_successfully');
    expect(project.services.egress).toBeUndefined();
    expect(project.services['egress-volume']).toBeUndefined();
  });
});
