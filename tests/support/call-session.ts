import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDb, migrate, type Db } from '@booth/db';

/** When the tests' calls happen (relative dates resolve against it). */
export const TEST_CALL_START = new Date('2026-11-20T15:00:00Z');

/**
 * An ended call with its final transcript stored, as the transcriber leaves it at hang-up: one
 * segment per `[speaker identity, text]` line, 5 s apart.
 */
export async function endedCallWithTranscript(
  db: Db,
  lines: readonly (readonly [string, string])[],
  opts: { contactId?: string; startedAt?: Date } = {},
) {
  const session = await db.session.create({
    data: {
      roomName: `call-${randomBytes(5).toString('hex')}`,
      kind: 'call',
      status: 'ended',
      contactId: opts.contactId ?? null,
      startedAt: opts.startedAt ?? TEST_CALL_START,
    },
  });
  await db.transcriptSegment.createMany({
    data: lines.map(([who, text], i) => ({
      id: `${session.id}-${i}`,
      sessionId: session.id,
      speakerIdentity: who,
      trackSid: 'TR_x',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text,
    })),
  });
  return session;
}

/**
 * The harness's Postgres, migrated, for one test file: `assign` receives the client before the file's
 * tests run; it is disconnected after them.
 */
export function useTestDb(assign: (db: Db) => void): void {
  let db: Db | undefined;
  beforeAll(async () => {
    await migrate(process.env.DATABASE_URL!);
    db = createDb({ url: process.env.DATABASE_URL! });
    assign(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });
}
