import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, parseConfig } from '@booth/shared';
import { ROOT } from '../../support/processes';

const minimal = {
  DATABASE_URL: 'postgresql://booth@localhost:5432/booth',
  REDIS_URL: 'redis://localhost:6379',
  LIVEKIT_URL: 'ws://localhost:7880',
  LIVEKIT_API_KEY: 'booth',
  LIVEKIT_API_SECRET: 'secret-secret',
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
