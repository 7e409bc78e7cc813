import type { Db } from '@booth/db';
import type { Config, Logger, TypedQueue } from '@booth/shared';

/** What the API's routes need; built by main.ts, or by tests against real services. */
export interface ApiContext {
  config: Config;
  db: Db;
  logger: Logger;
  queues: { rooms: TypedQueue<'rooms'>; analysis: TypedQueue<'analysis'> };
  /** Resolves when Redis answers PING. */
  pingRedis: () => Promise<void>;
}

export interface AdminPrincipal {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'admin';
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    admin?: AdminPrincipal;
  }
}
