import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '@booth/db';

/**
 * A new, migrated database on the harness's Postgres server, for tests that need an install with no
 * admin yet (first start) or data of their own. Returns its URL and a drop function.
 */
export async function freshDatabase(prefix = 'booth_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
