import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { pgTool } from '../local/pg-bin';
import type { DatabaseTarget } from './connection';

/** Runs a Postgres client program with the password in its environment (never on argv). */
export async function runPgTool(
  name: 'pg_dump' | 'pg_restore',
  args: string[],
  db: DatabaseTarget | undefined,
): Promise<string> {
  const bin = pgTool(name, { preferPath: true });
  const env = { ...process.env };
  delete env.PGPASSWORD;
  if (db?.password !== undefined) env.PGPASSWORD = db.password;
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${name} failed (exit ${code}):\n${err.trim() || out.trim()}`)),
    );
  });
}

/** pg_dump custom format into `file`, written beside it first so a failed dump never leaves half a file. */
export async function dumpDatabase(db: DatabaseTarget, file: string): Promise<{ bytes: number }> {
  const partial = `${file}.partial`;
  try {
    await runPgTool('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${db.uri}`], db);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: statSync(file).size };
}

/** Tables a Booth database has, whatever its migration: how a Booth dump is told from any other. */
const BOOTH_TABLES = ['_prisma_migrations', 'admin_users', 'contacts', 'sessions'];

/** The tables in a custom-format dump (its table of contents); throws when it is no such archive. */
export async function dumpTables(file: string): Promise<string[]> {
  const fd = openSync(file, 'r');
  const magic = Buffer.alloc(5);
  try {
    readSync(fd, magic, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (magic.toString('latin1') !== 'PGDMP') {
    throw new Error(
      `${file} is not a Booth backup: not a pg_dump custom-format archive (make one with booth backup, or pg_dump -Fc)`,
    );
  }
  const list = await runPgTool('pg_restore', ['--list', file], undefined);
  return [...list.matchAll(/^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) /gm)].map((m) => m[2]!);
}

/** The Booth tables `tables` lacks: none for a Booth database or dump. */
export const missingBoothTables = (tables: string[]) => BOOTH_TABLES.filter((t) => !tables.includes(t));

/** Throws unless `file` is a dump of a Booth database; returns its tables. */
export async function boothDumpTables(file: string): Promise<string[]> {
  const tables = await dumpTables(file);
  const missing = missingBoothTables(tables);
  if (missing.length) {
    throw new Error(
      `${file} is not a Booth backup: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}`,
    );
  }
  return tables;
}

/** The migrations a Booth dump's _prisma_migrations table records as applied. */
export async function dumpMigrations(file: string): Promise<string[]> {
  const sql = await runPgTool(
    'pg_restore',
    ['--data-only', '--table=_prisma_migrations', '--file=-', file],
    undefined,
  );
  const copy = /^COPY \S+ \(([^)]*)\) FROM stdin;$/m.exec(sql);
  if (!copy) return [];
  const columns = copy[1]!.split(',').map((c) => c.trim().replace(/"/g, ''));
  const [name, finished, rolledBack] = ['migration_name', 'finished_at', 'rolled_back_at'].map((c) =>
    columns.indexOf(c),
  );
  const rows = sql.slice(copy.index + copy[0].length + 1).split('\n');
  const out: string[] = [];
  for (const row of rows) {
    if (row === '\\.') break;
    const f = row.split('\t');
    if (f[finished!] !== '\\N' && f[rolledBack!] === '\\N' && f[name!]) out.push(f[name!]!);
  }
  return out;
}

/**
 * Replaces what the dump holds, in one transaction (all or nothing): --clean --if-exists drops each
 * object before recreating it; ownership and grants are left to the target (--no-owner --no-privileges),
 * so a docker compose dump restores into `npm start` and back.
 */
export async function restoreDatabase(db: DatabaseTarget, file: string): Promise<void> {
  await runPgTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      `--dbname=${db.uri}`,
      file,
    ],
    db,
  );
}
