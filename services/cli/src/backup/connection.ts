import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseUrl, parseDatabaseUrl } from '@booth/shared';
import { readEnvFile } from '../local/env-file';
import { SECRETS_FILE } from '../local/secrets';

/** A database to dump or restore: a libpq URI without the password, and the password apart. */
export interface DatabaseTarget {
  /** postgresql://user@host:port/db?params — never holds the password (it is argv). */
  uri: string;
  /** Handed to pg_dump/pg_restore as PGPASSWORD, in their environment only. */
  password?: string;
  /** With the password, for our own queries (row counts). */
  url: string;
  /** Where the connection came from, for the user. */
  source: string;
  database: string;
  host: string;
}

function target(url: string, source: string): DatabaseTarget {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const bare = new URL(url);
  bare.password = '';
  return {
    uri: bare.toString(),
    password,
    url,
    source,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username),
    host: `${u.hostname}:${u.port || 5432}`,
  };
}

/**
 * The database `booth backup` / `booth restore` work on, first found of: DATABASE_URL; the POSTGRES_*
 * parts (as the services read them, parseConfig's rules); the secrets.env of an `npm start` data
 * directory (BOOTH_DATA_DIR, default ./.booth-data) with Postgres on 127.0.0.1:BOOTH_PG_PORT (15432).
 */
export function resolveDatabase(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseTarget {
  const fromEnv = ['DATABASE_URL', 'POSTGRES_HOST'].find((k) => env[k]);
  // DATABASE_URL or the POSTGRES_* parts, by the services' own rules (and errors).
  if (fromEnv) {
    return target(
      parseDatabaseUrl(env),
      fromEnv === 'DATABASE_URL' ? 'DATABASE_URL' : 'POSTGRES_HOST and the other POSTGRES_* variables',
    );
  }
  const dataDir = resolve(cwd, env.BOOTH_DATA_DIR || '.booth-data');
  const secretsFile = join(dataDir, SECRETS_FILE);
  if (existsSync(secretsFile)) {
    const secrets = readEnvFile(secretsFile);
    const port = Number(env.BOOTH_PG_PORT || 15432);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('BOOTH_PG_PORT: must be a port');
    const url = databaseUrl({
      host: '127.0.0.1',
      port,
      user: 'booth',
      password: secrets.POSTGRES_PASSWORD,
      database: 'booth',
    });
    return target(url, `the npm start data in ${dataDir}`);
  }
  throw new Error(
    `no database to use: set DATABASE_URL (or POSTGRES_HOST, POSTGRES_PASSWORD...), or BOOTH_DATA_DIR to an npm start data directory (no ${secretsFile})`,
  );
}
