/**
 * Whether an error says a backing service is unreachable (down, restarting, network) rather than that
 * the request was wrong: the API answers these with 503 and Retry-After, not 500.
 */
export type UnavailableService = 'database' | 'queue';

/** Redis did not answer in time or is not connected: nothing was enqueued; try again later. */
export class QueueUnavailableError extends Error {
  constructor(
    readonly queue: string,
    options?: { cause?: unknown },
  ) {
    super(`the ${queue} queue's Redis is unavailable`, options);
    this.name = 'QueueUnavailableError';
  }
}

/** Prisma: can't reach (P1001), timed out (P1002), server closed the connection (P1017), pool timeout (P2024). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** @prisma/adapter-pg's names for socket and connection failures. */
const DRIVER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** Postgres SQLSTATEs: connection exceptions (08xxx), shutting down / starting up (57P01-03), too many connections. */
const SQLSTATE = /^(08\d{3}|57P0[1-3]|53300)$/;
/** node-postgres and network messages that mean the same. */
const POSTGRES_TEXT =
  /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|DatabaseNotReachable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN/i;
/** ioredis's connection failures (with `maxRetriesPerRequest` set, or a closed connection). */
const REDIS_TEXT = /Connection is closed|MaxRetriesPerRequest|Stream isn't writeable|enableOfflineQueue/i;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** The error, its causes and a Prisma driver adapter error inside it, outermost first (at most 5). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 5) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    const x = e as ErrorLike;
    out.push(x);
    queue.push(x.cause, x.meta?.driverAdapterError);
  }
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function unavailableService(err: unknown): UnavailableService | undefined {
  const errors = chain(err);
  if (errors.some((e) => e instanceof QueueUnavailableError)) return 'queue';
  const isPrisma = errors.some((e) => str(e.name).startsWith('PrismaClient') || e.meta !== undefined);
  for (const e of errors) {
    if (str(e.name) === 'PrismaClientInitializationError') return 'database';
    if (PRISMA_CODES.has(str(e.code)) || DRIVER_KINDS.has(str(e.kind))) return 'database';
    if (SQLSTATE.test(str(e.code)) || SQLSTATE.test(str(e.originalCode))) return 'database';
    const text = `${str(e.name)} ${str(e.message)} ${str(e.code)}`;
    if (REDIS_TEXT.test(text) && !isPrisma) return 'queue';
    if (isPrisma && POSTGRES_TEXT.test(text)) return 'database';
  }
  return undefined;
}
