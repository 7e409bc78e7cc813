import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, databaseUrl, parseConfig } from '@booth/shared';
import { ROOT } from '../../support/processes';

const minimal = {
  DATABASE_URL: 'postgresql://booth@localhost:5432/booth',
  REDIS_URL: 'redis://localhost:6379',
  LIVEKIT_URL: 'ws://localhost:7880',
  LIVEKIT_API_KEY: 'booth',
  LIVEKIT_API_SECRET: 'secret-secret-secret-secret-secret-secret',
};

describe('config schema', () => {
  it('applies documented defaults', () => {
    const cfg = parseConfig(minimal);
    expect(cfg.WHISPER_MODEL).toBe('base.en');
    expect(cfg.API_PORT).toBe(3000);
    expect(cfg.LLM_PROVIDER).toBe('none');
    expect(cfg.COOKIE_SECURE).toBe(false);
    expect(cfg.QUEUE_PREFIX).toBe('booth');
  });

  it('lists every bad variable at once', () => {
    let err: unknown;
    try {
      parseConfig({
        ...minimal,
        DATABASE_URL: 'nope',
        API_PORT: '99999',
        WHISPER_MODEL: 'huge',
        REDIS_URL: '',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const key of ['DATABASE_URL', 'API_PORT', 'WHISPER_MODEL', 'REDIS_URL'])
      expect(problems).toContain(key);
  });

  it('lists every missing variable of an empty environment in one message', () => {
    let err: unknown;
    try {
      parseConfig({}, 'api');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    for (const key of [
      'DATABASE_URL',
      'REDIS_URL',
      'LIVEKIT_URL',
      'LIVEKIT_API_KEY',
      'LIVEKIT_API_SECRET',
      'SESSION_SECRET',
    ])
      expect(message).toContain(key);
  });

  it('requires URL schemes and a LiveKit secret of 32+ characters', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig({ ...minimal, ...env });
        return '';
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ DATABASE_URL: 'mysql://x@y/z' })).toMatch(
      /DATABASE_URL: must be a URL starting with postgres/,
    );
    expect(problems({ REDIS_URL: 'http://localhost:6379' })).toMatch(/REDIS_URL/);
    expect(problems({ LIVEKIT_URL: 'ftp://lk' })).toMatch(/LIVEKIT_URL/);
    expect(problems({ PUBLIC_LIVEKIT_URL: 'http://lk' })).toMatch(/PUBLIC_LIVEKIT_URL/);
    expect(problems({ LIVEKIT_API_SECRET: 'short' })).toMatch(/LIVEKIT_API_SECRET: must be at least 32/);
    expect(problems({ REDIS_URL: 'rediss://cache:6380', LIVEKIT_URL: 'wss://lk.example.com' })).toBe('');
  });

  it('builds the database URL from parts with any password', () => {
    const password = 'p/ss#w@rd%20?:x';
    const cfg = parseConfig({
      ...minimal,
      DATABASE_URL: '',
      POSTGRES_HOST: 'postgres',
      POSTGRES_PASSWORD: password,
    });
    const url = new URL(cfg.DATABASE_URL);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.pathname).toBe('/booth');
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(decodeURIComponent(url.username)).toBe('booth');
    expect(databaseUrl({ host: '::1', port: 5433, user: 'a b', database: 'd' })).toBe(
      'postgresql://a%20b@[::1]:5433/d',
    );
  });

  it('derives public URLs, secure cookies and the database URL from BOOTH_HOST', () => {
    const lan = parseConfig({ ...minimal, BOOTH_HOST: '192.168.1.20' });
    expect(lan.PUBLIC_URL).toBe('https://192.168.1.20');
    expect(lan.PUBLIC_LIVEKIT_URL).toBe('wss://192.168.1.20');
    expect(lan.COOKIE_SECURE).toBe(true);
    const local = parseConfig({ ...minimal, API_PORT: '3100' });
    expect(local.PUBLIC_URL).toBe('http://localhost:3100');
    expect(local.PUBLIC_LIVEKIT_URL).toBeUndefined();
    expect(local.COOKIE_SECURE).toBe(false);
    const explicit = parseConfig({
      ...minimal,
      BOOTH_HOST: 'booth.lan',
      COOKIE_SECURE: 'false',
      PUBLIC_LIVEKIT_URL: 'wss://rtc.booth.lan',
    });
    expect(explicit.COOKIE_SECURE).toBe(false);
    expect(explicit.PUBLIC_LIVEKIT_URL).toBe('wss://rtc.booth.lan');
    expect(() => parseConfig({ ...minimal, BOOTH_HOST: 'https://booth.lan/' })).toThrow(/BOOTH_HOST/);
  });

  it("enforces a service's own requirements", () => {
    expect(() => parseConfig(minimal, 'api')).toThrow(/SESSION_SECRET/);
    expect(() => parseConfig({ ...minimal, LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
    expect(parseConfig(minimal, 'worker').SESSION_SECRET).toBeUndefined();
  });

  it('is documented: every variable appears in .env.example', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const missing = Object.keys(configSchema.shape).filter(
      (k) => !new RegExp(`^#? ?${k}=`, 'm').test(example),
    );
    expect(missing).toEqual([]);
  });
});
