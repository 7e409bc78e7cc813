import { createDb } from '@booth/db';

/** The tables a person checks a backup by, in this order. */
export const MAIN_TABLES = [
  'admin_users',
  'contacts',
  'sessions',
  'transcript_segments',
  'analyses',
  'notes',
  'tasks',
  'quotes',
  'invoices',
] as const;

/** Rows in each of {@link MAIN_TABLES} that the database has (a missing table is left out). */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  const db = createDb({ url, poolSize: 1 });
  try {
    const present = await db.$queryRawUnsafe<{ name: string }[]>(
      "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'",
    );
    const names = new Set(present.map((r) => r.name));
    const counts: Record<string, number> = {};
    for (const t of MAIN_TABLES) {
      if (!names.has(t)) continue;
      // t is one of the constants above, never input.
      const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}"`);
      counts[t] = Number(row?.n ?? 0);
    }
    return counts;
  } finally {
    await db.$disconnect();
  }
}

/** The migrations the database has applied (none when it has no _prisma_migrations table yet). */
export async function appliedMigrations(url: string): Promise<string[]> {
  const db = createDb({ url, poolSize: 1 });
  try {
    const [t] = await db.$queryRawUnsafe<{ t: string | null }[]>(
      "SELECT to_regclass('public._prisma_migrations')::text AS t",
    );
    if (!t?.t) return [];
    const rows = await db.$queryRawUnsafe<{ name: string }[]>(
      'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return rows.map((r) => r.name);
  } finally {
    await db.$disconnect();
  }
}
