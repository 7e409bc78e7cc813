import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@booth/shared';

/**
 * A lock between processes that share a directory — several transcriber containers on one docker
 * volume — so each model file is downloaded once. No in-memory state: the lock is a file created
 * exclusively (`open(path, 'wx')`) holding its owner (pid, hostname); the owner refreshes its mtime
 * (a heartbeat) while it works. Others poll until it is gone. A lock not refreshed for `staleMs` was
 * left by a process that died and is taken over. Staleness compares the lock's mtime with this
 * process's clock: on one host (a shared volume) that is exact; across hosts the clocks must agree
 * to well within `staleMs`.
 */
export interface FileLockOptions {
  /** A lock not refreshed for this long is stale and is taken over. Default 30 000 ms (MODEL_LOCK_STALE_MS). */
  staleMs?: number;
  /** How often the holder refreshes the lock's mtime. Default staleMs / 6 (5 s). */
  heartbeatMs?: number;
  /** How often a waiter looks at the lock again. Default staleMs / 30, between 50 and 1000 ms. */
  pollMs?: number;
}

export const DEFAULT_LOCK_STALE_MS = 30_000;

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Random per acquisition: tells this holder's lock from a later one at the same path. */
  token: string;
  since: string;
}

export interface HeldLock {
  path: string;
  owner: LockOwner;
  /** Stops the heartbeat and removes the lock file, unless another process has taken it over. */
  release(): Promise<void>;
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // gone, or just created and not written yet
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Removes the stale lock `judged` (the stat that showed it stale). It is first renamed aside, which
 * only one process can do; if what was moved is not the lock judged stale (another waiter took it
 * over in between and this is its fresh lock), it is linked back. Returns whether a lock was removed.
 */
async function takeOver(path: string, judged: Stats): Promise<boolean> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (code(err) === 'ENOENT') return false;
    throw err;
  }
  const moved = await stat(aside);
  const same = moved.ino === judged.ino && moved.mtimeMs === judged.mtimeMs;
  if (!same) {
    await link(aside, path).catch((err: unknown) => {
      if (code(err) !== 'EEXIST') throw err;
    });
  }
  await rm(aside, { force: true });
  return same;
}

/** Waits for the lock at `path` (taking over a stale one) and holds it until `release()`. */
export async function acquireLock(
  path: string,
  logger: Logger,
  opts: FileLockOptions = {},
): Promise<HeldLock> {
  const staleMs = opts.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(10, Math.floor(staleMs / 6));
  const pollMs = opts.pollMs ?? Math.min(1000, Math.max(50, Math.floor(staleMs / 30)));
  let loggedAt = 0;
  for (;;) {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      token: randomBytes(8).toString('hex'),
      since: new Date().toISOString(),
    };
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify(owner));
        await fh.sync();
      } catch (err) {
        await fh.close();
        await rm(path, { force: true });
        throw err;
      }
      const beat = setInterval(() => {
        const now = new Date();
        fh.utimes(now, now).catch(() => {});
      }, heartbeatMs);
      beat.unref();
      return {
        path,
        owner,
        async release() {
          clearInterval(beat);
          const current = await readOwner(path);
          if (current?.token === owner.token) await rm(path, { force: true });
          else logger.warn({ lock: path, current }, 'model lock was taken over by another process');
          await fh.close();
        },
      };
    } catch (err) {
      if (code(err) !== 'EEXIST') throw err;
    }
    const st = await statOrUndefined(path);
    if (!st) continue; // released between our open and stat
    const ageMs = Date.now() - st.mtimeMs;
    if (ageMs > staleMs) {
      const current = await readOwner(path);
      if (await takeOver(path, st)) {
        logger.warn(
          { lock: path, owner: current, ageMs: Math.round(ageMs), staleMs },
          'took over a stale model lock',
        );
      }
      continue;
    }
    if (Date.now() - loggedAt > 60_000) {
      loggedAt = Date.now();
      logger.info(
        { lock: path, owner: await readOwner(path) },
        'waiting for another process to provision the model',
      );
    }
    await sleep(pollMs);
  }
}
