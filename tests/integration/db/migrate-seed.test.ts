import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, MIGRATIONS_DIR, seed, verifyPassword, type Db } from '@booth/db';

/** Migrations and seed against a fresh database of the harness's real Postgres. */
const base = new URL(process.env.DATABASE_URL!);
const dbName = `booth_mig_${randomBytes(4).toString('hex')}`;
const url = new URL(base);
url.pathname = `/${dbName}`;
let admin: pg.Client;
let db: Db;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
});

afterAll(async () => {
  await db?.$disconnect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('apply once, concurrently safe, and are recorded like prisma migrate', async () => {
    const committed = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(committed[0]).toBe('20261124000000_init');
    const [a, b] = await Promise.all([migrate(url.toString()), migrate(url.toString())]);
    // One starter applied them all, in order; the other waited on the lock and found nothing to do.
    expect([a.applied, b.applied].sort((x, y) => y.length - x.length)).toEqual([committed, []]);
    const again = await migrate(url.toString());
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(committed);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const rows = await c.query('SELECT migration_name, checksum, finished_at FROM _prisma_migrations');
    await c.end();
    expect(rows.rows).toHaveLength(committed.length);
    expect(rows.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse a migration edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'booth-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    appendFileSync(join(dir, '20261124000000_init', 'migration.sql'), '\n-- edited\n');
    await expect(migrate(url.toString(), dir)).rejects.toThrow(/modified after it was applied/);
  });

  it('roll back a failing migration entirely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'booth-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    cpSync(join(dir, '20261124000000_init'), join(dir, '20261124000001_bad'), { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, '20261124000001_bad', 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELECT broken syntax here;',
    );
    await expect(migrate(url.toString(), dir)).rejects.toThrow(/20261124000001_bad failed/);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const t = await c.query(`SELECT to_regclass('half_done') AS t`);
    await c.end();
    expect(t.rows[0].t).toBeNull();
  });
});

describe('seed and the Prisma client', () => {
  it('seeds demo data once, with a working login', async () => {
    db = createDb({ url: url.toString() });
    const first = { created: true, demoPasswordUnchanged: false, adminEmail: 'owner@booth.test' };
    expect(await seed(db, { adminEmail: 'owner@booth.test', adminPassword: 'owner-password' })).toEqual(
      first,
    );
    expect(await seed(db, { adminEmail: 'owner@booth.test', adminPassword: 'owner-password' })).toEqual({
      ...first,
      created: false,
    });
    const owner = await db.adminUser.findUniqueOrThrow({ where: { email: 'owner@booth.test' } });
    expect(await verifyPassword('owner-password', owner.passwordHash)).toBe(true);
    expect(await verifyPassword('wrong', owner.passwordHash)).toBe(false);
    const sarah = await db.contact.findFirstOrThrow({
      where: { name: 'Sarah Mitchell' },
      include: { quotes: true, notes: true, tasks: true },
    });
    expect(sarah.venue).toBe('Riverside Mansion');
    expect(sarah.eventDate?.toISOString().slice(0, 10)).toBe('2027-06-12');
    expect(sarah.quotes).toHaveLength(1);
    expect(await db.invoice.count()).toBe(2);
  });

  it('stores a session with participants, segments and an analysis, cascading on delete', async () => {
    const contact = await db.contact.create({ data: { name: 'Cascade Test' } });
    const session = await db.session.create({
      data: {
        roomName: `call-${randomBytes(4).toString('hex')}`,
        kind: 'call',
        contactId: contact.id,
        participants: { create: [{ identity: 'client-1', role: 'client' }] },
        segments: {
          create: [
            {
              id: 'seg-1',
              speakerIdentity: 'client-1',
              trackSid: 'TR_1',
              startMs: 0,
              endMs: 900,
              text: 'hello',
            },
          ],
        },
        analysis: { create: { status: 'failed', error: 'no LLM' } },
      },
      include: { participants: true, segments: true, analysis: true },
    });
    expect(session.segments[0]?.final).toBe(true);
    expect(session.analysis?.status).toBe('failed');
    await db.session.delete({ where: { id: session.id } });
    expect(await db.transcriptSegment.count({ where: { sessionId: session.id } })).toBe(0);
    expect(await db.analysis.count({ where: { sessionId: session.id } })).toBe(0);
  });
});
