import { describe, expect, it } from 'vitest';
import { QueueUnavailableError, unavailableService } from '@booth/shared';

/** What the API answers 503 to: Postgres or Redis unreachable, recognised from the errors they raise. */
const prisma = (code: string, message: string, meta?: unknown) =>
  Object.assign(new Error(message), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta,
    clientVersion: '7',
  });

describe('unavailableService', () => {
  it("recognises Prisma's and the pg adapter's connection failures as the database", () => {
    expect(unavailableService(prisma('P1001', "Can't reach database server at 127.0.0.1:5432"))).toBe(
      'database',
    );
    expect(unavailableService(prisma('P1017', 'Server has closed the connection.'))).toBe('database');
    expect(unavailableService(prisma('P2024', 'Timed out fetching a new connection from the pool'))).toBe(
      'database',
    );
    const adapter = {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } },
    };
    expect(unavailableService(prisma('P2010', 'Raw query failed.', adapter))).toBe('database');
    const closed = { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } };
    expect(
      unavailableService(prisma('P2010', 'terminating connection due to administrator command', closed)),
    ).toBe('database');
    const init = Object.assign(new Error('x'), { name: 'PrismaClientInitializationError' });
    expect(unavailableService(init)).toBe('database');
    const unknown = Object.assign(new Error('Connection terminated unexpectedly'), {
      name: 'PrismaClientUnknownRequestError',
    });
    expect(unavailableService(unknown)).toBe('database');
  });

  it("recognises the queue's own error and ioredis's connection failures as the queue", () => {
    expect(unavailableService(new QueueUnavailableError('analysis'))).toBe('queue');
    expect(unavailableService(new Error('Connection is closed.'))).toBe('queue');
    const retries = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(unavailableService(retries)).toBe('queue');
  });

  it('leaves every other error alone (a 500 stays a 500)', () => {
    expect(
      unavailableService(prisma('P2002', 'Unique constraint failed on the fields: (`email`)')),
    ).toBeUndefined();
    expect(
      unavailableService(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBeUndefined();
    // A refused connection to something else (LiveKit) is not the database.
    expect(
      unavailableService(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })),
    ).toBe(undefined);
    expect(unavailableService('a string')).toBeUndefined();
    expect(unavailableService(undefined)).toBeUndefined();
  });
});
