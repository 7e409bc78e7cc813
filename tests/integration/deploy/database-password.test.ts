import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres, type Postgres } from '@booth/cli/src/local';
import { createDb, migrate } from '@booth/db';
import { parseConfig, parseDatabaseUrl } from '@booth/shared';

/**
 * A Postgres password with the characters that break a hand-written DATABASE_URL (`/`, `#`, `@`, `%`,
 * `:`, `?`) works when the services build the URL from the POSTGRES_* parts, against a real server
 * with password (scram-sha-256) authentication.
 */
const PASSWORD = 'p/ss#w@rd%2F:?x y';
let dir: string;
let pg: Postgres;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'booth-pgpass-'));
  chmodSync(dir, 0o755); // as root, the cluster belongs to the postgres user, who must reach it
  port = await freePort();
  pg = await startPostgres({
    dataDir: join(dir, 'pg'),
    port,
    logFile: join(dir, 'postgres.log'),
    password: PASSWORD,
    durable: false,
  });
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const parts = (password: string) => ({
  POSTGRES_HOST: '127.0.0.1',
  POSTGRES_PORT: String(port),
  POSTGRES_USER: 'booth',
  POSTGRES_DB: 'postgres',
  POSTGRES_PASSWORD: password,
});

describe('a Postgres password with / # @ % : ? and a space', () => {
  it('connects, migrates and queries through the URL the config builds', async () => {
    const cfg = parseConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      LIVEKIT_API_KEY: 'booth',
      LIVEKIT_API_SECRET: 'database-password-test-secret-0123456789',
      ...parts(PASSWORD),
    });
    expect(cfg.DATABASE_URL).toBe(parseDatabaseUrl(parts(PASSWORD)));
    await migrate(cfg.DATABASE_URL);
    const db = createDb({ url: cfg.DATABASE_URL, poolSize: 1 });
    try {
      const rows = await db.$queryRaw<{ user: string }[]>`SELECT current_user AS "user"`;
      expect(rows[0]?.user).toBe('booth');
      expect(await db.adminUser.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it('is really checked: a wrong password is refused', async () => {
    const db = createDb({ url: parseDatabaseUrl(parts('wrong-password')), poolSize: 1 });
    try {
      await expect(db.$queryRaw`SELECT 1`).rejects.toThrow(/password authentication failed|authentication/i);
    } finally {
      await db.$disconnect();
    }
  });
});
