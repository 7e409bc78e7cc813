import type { Redis } from 'ioredis';
import type { Assistant } from '@booth/assistant';
import type { Db } from '@booth/db';
import type { Config, Logger, TypedQueue } from '@booth/shared';
import type { LoginLimits } from './login-limiter';

/** What the API's routes need; built by main.ts, or by tests against real services. */
export interface ApiContext {
  config: Config;
  db: Db;
  logger: Logger;
  queues: { rooms: TypedQueue<'rooms'>; analysis: TypedQueue<'analysis'> };
  /** Resolves when Redis answers PING. */
  pingRedis: () => Promise<void>;
  /** Shared state every API replica must see alike (the login limits, ./login-limiter.ts). */
  redis: Redis;
  /** The assistant's core; default one over this context's database with the configured planner. */
  assistant?: Assistant;
  /** Overrides of the failed-login limits (tests); default DEFAULT_LOGIN_LIMITS in login-limiter.ts. */
  loginLimits?: Partial<LoginLimits>;
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
