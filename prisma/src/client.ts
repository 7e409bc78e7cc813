import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client';

export interface DbOptions {
  /** Postgres connection string. */
  url: string;
  /** Max pool connections. Default 10. */
  poolSize?: number;
}

/** The one Prisma client a process uses (driver adapter: node-postgres, no Rust engine). */
export function createDb(opts: DbOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}

export type Db = PrismaClient;
