import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '@booth/db';
import { pgTool } from '@booth/cli/src/local';
import { ROOT } from '../../support/processes';

/**
 * `npm run booth -- backup / restore` as processes, with the real pg_dump and pg_restore, on a
 * database of their own on the harness's Postgres (created here, migrated, dropped at the end), so
 * restoring never touches what other tests use.
 */
const env = process.env;
let dir: string;
let url: string;
let dbName: string;
let admin: Db;
let db: Db;
const contactEmail = 'ada@backup.test';

/** The booth CLI with `extra` over an environment that names no database of its own. */
const booth = (extra: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...Object.fromEntries(
        Object.entries(env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('POSTGRES_')),
      ),
      BOOTH_DATA_DIR: join(dir, 'no-npm-start-data'),
      ...extra,
    },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'booth-backup-'));
  dbName = `booth_backup_${randomBytes(4).toString('hex')}`;
  admin = createDb({ url: env.DATABASE_URL!, poolSize: 1 });
  await admin.$executeRawUnsafe(`CREATE DATABASE "${dbName}"`);
  const u = new URL(env.DATABASE_URL!);
  u.pathname = `/${dbName}`;
  url = u.toString();
  await migrate(url);
  db = createDb({ url, poolSize: 2 });
  const contact = await db.contact.create({
    data: { name: 'Ada Lovelace', email: contactEmail, venue: 'Riverside Mansion', guestCount: 120 },
  });
  const session = await db.session.create({
    data: { roomName: `call-${randomBytes(6).toString('hex')}`, kind: 'call', contactId: contact.id },
  });
  await db.transcriptSegment.createMany({
    data: ['We would like the Riverside Mansion', 'for about 120 guests'].map((text, i) => ({
      id: `seg-${i}`,
      sessionId: session.id,
      speakerIdentity: 'client',
      trackSid: 'TR_1',
      startMs: i * 3000,
      endMs: i * 3000 + 2500,
      text,
    })),
  });
  await db.note.create({ data: { contactId: contact.id, sessionId: session.id, body: 'wants a June date' } });
});

afterAll(async () => {
  await db?.$disconnect();
  await admin?.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('booth backup and restore', () => {
  const dump = () => join(dir, 'booth.dump');

  it('backs up to a custom-format dump and prints its size and rows', () => {
    const r = booth({ DATABASE_URL: url }, 'backup', dump());
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(dump()).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(r.stdout).toContain(`database "${dbName}"`);
    expect(r.stdout).toMatch(/wrote .*booth\.dump: \d+\.\d (KiB|MiB), \d+ tables/);
    expect(r.stdout).toMatch(/^\s+contacts\s+1$/m);
    expect(r.stdout).toMatch(/^\s+sessions\s+1$/m);
    expect(r.stdout).toMatch(/^\s+transcript_segments\s+2$/m);
    expect(r.stdout).toMatch(/^\s+notes\s+1$/m);
  });

  it('restores a deleted contact (and what hangs off it) in one transaction', async () => {
    await db.contact.deleteMany({ where: { email: contactEmail } });
    expect(await db.contact.count()).toBe(0);
    expect(await db.note.count()).toBe(0); // cascades with the contact

    const r = booth({ DATABASE_URL: url }, 'restore', dump());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('restored');
    expect(r.stdout).toMatch(/^\s+contacts\s+1$/m);
    const back = await db.contact.findFirstOrThrow({ where: { email: contactEmail } });
    expect(back).toMatchObject({ name: 'Ada Lovelace', venue: 'Riverside Mansion', guestCount: 120 });
    expect(await db.note.findFirst({ where: { contactId: back.id } })).toMatchObject({
      body: 'wants a June date',
    });
    const session = await db.session.findFirstOrThrow({ where: { contactId: back.id } });
    expect((await db.transcriptSegment.findMany({ where: { sessionId: session.id } })).length).toBe(2);
    // Migrations are part of the dump: the restored database is at the same one.
    expect((await migrate(url)).applied).toEqual([]);
  });

  it("interchanges with the README's docker compose commands (pg_dump and pg_restore through pipes)", async () => {
    // `docker compose exec -T postgres pg_dump -U booth -Fc booth > booth.dump`: written to a pipe, so
    // the archive has no data offsets; booth restore takes it.
    const piped = join(dir, 'compose.dump');
    const sh = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    const d = sh(`'${pgTool('pg_dump')}' -Fc --dbname='${url}' | cat > '${piped}'`);
    expect(d.status, d.stderr).toBe(0);
    await db.contact.deleteMany({ where: { email: contactEmail } });
    const r = booth({ DATABASE_URL: url }, 'restore', piped);
    expect(r.status, r.stderr).toBe(0);
    expect(await db.contact.count({ where: { email: contactEmail } })).toBe(1);

    // `docker compose exec -T postgres pg_restore ... < booth.dump`: booth backup's file, read from stdin.
    await db.contact.deleteMany({ where: { email: contactEmail } });
    const args = '--clean --if-exists --single-transaction --no-owner --no-privileges';
    const s = sh(`cat '${dump()}' | '${pgTool('pg_restore')}' ${args} --dbname='${url}'`);
    expect(s.status, s.stderr).toBe(0);
    expect(await db.contact.count({ where: { email: contactEmail } })).toBe(1);
  });

  it('reads the POSTGRES_* parts when DATABASE_URL is unset, and passes the password in the environment only', () => {
    // A pg_dump first on PATH that records how it was called, then runs the real one.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const real = pgTool('pg_dump');
    const record = join(dir, 'pg_dump-call.txt');
    writeFileSync(
      join(bin, 'pg_dump'),
      `#!/bin/sh\nprintf '%s\\n' "argv: $*" "PGPASSWORD=$PGPASSWORD" > '${record}'\nexec '${real}' "$@"\n`,
    );
    chmodSync(join(bin, 'pg_dump'), 0o755);
    const u = new URL(url);
    const password = 'p@ss/w#rd-not-on-argv';
    const r = booth(
      {
        PATH: `${bin}:${env.PATH}`,
        POSTGRES_HOST: u.hostname,
        POSTGRES_PORT: u.port,
        POSTGRES_USER: decodeURIComponent(u.username),
        POSTGRES_PASSWORD: password, // the harness cluster trusts loopback, so any password works
        POSTGRES_DB: dbName,
      },
      'backup',
      join(dir, 'parts.dump'),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('POSTGRES_HOST');
    const call = readFileSync(record, 'utf8');
    expect(call).toContain(`PGPASSWORD=${password}`);
    expect(call.split('\n')[0]).not.toContain('p@ss');
    expect(call.split('\n')[0]).not.toContain(encodeURIComponent(password));
    expect(call.split('\n')[0]).toContain(`/${dbName}`);
  });

  it('refuses to restore a file that is not a Booth dump, leaving the database as it was', async () => {
    const junk = join(dir, 'junk.dump');
    writeFileSync(junk, 'not a dump at all');
    const r1 = booth({ DATABASE_URL: url }, 'restore', junk);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(/not a Booth backup: not a pg_dump custom-format archive/);

    // A real pg_dump, of a database that is not Booth's (the cluster's `postgres` database).
    const other = new URL(url);
    other.pathname = '/postgres';
    const otherDump = join(dir, 'other.dump');
    const d = booth({ DATABASE_URL: other.toString() }, 'backup', otherDump);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toContain('warning: not a Booth database');
    const r2 = booth({ DATABASE_URL: url }, 'restore', otherDump);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(
      /not a Booth backup: it has no _prisma_migrations, admin_users, contacts, sessions tables/,
    );
    expect(await db.contact.count()).toBe(1);

    // A backup older than the database's migrations would leave newer tables behind: refused.
    await db.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('future', 'x', now(), '29990101000000_future', 1)`,
    );
    try {
      const r3 = booth({ DATABASE_URL: url }, 'restore', dump());
      expect(r3.status).toBe(1);
      expect(r3.stderr).toMatch(/migrations this backup predates \(29990101000000_future\)/);
    } finally {
      await db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE id = 'future'`);
    }

    const missing = booth({ DATABASE_URL: url }, 'restore', join(dir, 'nope.dump'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('says what to set when it has no database, and answers bad usage with exit 2', () => {
    const r = booth({}, 'backup', join(dir, 'x.dump'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no database to use: set DATABASE_URL/);
    expect(booth({ DATABASE_URL: url }, 'backup').status).toBe(2);
    expect(booth({ DATABASE_URL: url }, 'restore', 'a', 'b').status).toBe(2);
  });
});
