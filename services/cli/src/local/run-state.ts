import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * BOOTH_DATA_DIR/run/pids.json while `npm start` runs: its own pid and every child's, so a second
 * start on the same data refuses, and one after a crash (SIGKILL, power cut) first stops what the
 * crashed one left running. Each pid is recorded with its start time (/proc/PID/stat), which is how
 * it is told apart from an unrelated process that got the same number later.
 */
export interface RunState {
  supervisor: number;
  children: { name: string; pid: number; started?: string }[];
}

const file = (dataDir: string) => join(dataDir, 'run', 'pids.json');

export function readRunState(dataDir: string): RunState | undefined {
  try {
    return JSON.parse(readFileSync(file(dataDir), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}

export function writeRunState(dataDir: string, state: RunState): void {
  mkdirSync(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
  writeFileSync(file(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

export function clearRunState(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const proc = (pid: number, what: string) => {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8');
  } catch {
    return '';
  }
};

/** When the process started, in clock ticks since boot (field 22 of /proc/PID/stat); undefined when gone. */
export function processStartTime(pid: number): string | undefined {
  const stat = proc(pid, 'stat');
  // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
  return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] : undefined;
}

/** The recorded child is still that process (same pid and start time). */
const stillRunning = (c: RunState['children'][number]) =>
  alive(c.pid) && c.started !== undefined && processStartTime(c.pid) === c.started;

/** A live `booth start` (the supervisor records no environment of its own). */
const isSupervisor = (pid: number) => {
  const argv = proc(pid, 'cmdline').split('\0');
  return alive(pid) && argv.some((a) => a.endsWith('main.ts')) && argv.includes('start');
};

/**
 * Before a start: refuse when another start runs on `dataDir`; stop what a crashed one left behind
 * (Postgres with SIGINT, the rest SIGTERM; SIGKILL after 30 s). Returns the names it stopped.
 */
export async function reclaim(dataDir: string): Promise<string[]> {
  const state = readRunState(dataDir);
  if (!state) return [];
  if (state.supervisor !== process.pid && isSupervisor(state.supervisor)) {
    throw new Error(`Booth is already running on ${dataDir} (pid ${state.supervisor}); stop it first`);
  }
  const left = state.children.filter(stillRunning);
  for (const c of left) process.kill(c.pid, c.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (left.some((c) => alive(c.pid)) && Date.now() < deadline) await sleep(200);
  for (const c of left.filter((x) => alive(x.pid))) process.kill(c.pid, 'SIGKILL');
  clearRunState(dataDir);
  return left.map((c) => c.name);
}
