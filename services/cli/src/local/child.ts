import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, openSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How one server or service runs as a child process of the supervisor. */
export interface ChildOptions {
  /** stdout and stderr are appended to this file. */
  logFile: string;
  /** Environment. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Working directory. Default the current one. */
  cwd?: string;
  /** Run as this uid/gid (Postgres refuses root: the `postgres` system user then). Default: as we are. */
  user?: { uid: number; gid: number };
  /**
   * Its own process group, so a Ctrl-C in the terminal reaches only the supervisor, which then stops
   * the children in order (services before the databases they drain into). Default false.
   */
  ownProcessGroup?: boolean;
  /** Also hand each output line here (echo to the terminal); output is then piped. Default: file only. */
  onLine?: (line: string) => void;
  /** The signal that asks it to stop cleanly. Default SIGTERM (Postgres: SIGINT = fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It had to be SIGKILLed after the stop timeout. */
  killed: boolean;
}

export interface Child {
  name: string;
  pid: number;
  proc: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited (for whatever reason). */
  exited: Promise<Exit>;
  running(): boolean;
  /** The stop signal, then SIGKILL after `timeoutMs` (default 30 s); resolves once it has exited. */
  stop(timeoutMs?: number): Promise<Exit>;
}

/** Starts `cmd args` with its output in `opts.logFile`. Throws if it cannot be started at all. */
export async function startChild(
  name: string,
  cmd: string,
  args: string[],
  opts: ChildOptions,
): Promise<Child> {
  const piped = opts.onLine !== undefined;
  const fd = piped ? undefined : openSync(opts.logFile, 'a');
  const proc = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
    detached: opts.ownProcessGroup ?? false,
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  });
  if (fd !== undefined) closeSync(fd);
  if (piped) {
    const file = createWriteStream(opts.logFile, { flags: 'a' });
    for (const stream of [proc.stdout, proc.stderr]) {
      if (!stream) continue;
      stream.pipe(file, { end: false });
      createInterface({ input: stream }).on('line', (line) => opts.onLine?.(line));
    }
    proc.once('close', () => file.end());
  }
  let killed = false;
  const exited = new Promise<Exit>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, killed })),
  );
  await new Promise<void>((resolve, reject) => {
    proc.once('spawn', resolve);
    proc.once('error', reject);
  });
  const running = () => proc.exitCode === null && proc.signalCode === null;
  return {
    name,
    pid: proc.pid!,
    proc,
    logFile: opts.logFile,
    exited,
    running,
    async stop(timeoutMs = 30_000) {
      if (running()) {
        proc.kill(opts.stopSignal ?? 'SIGTERM');
        const timer = setTimeout(() => {
          killed = true;
          proc.kill('SIGKILL');
        }, timeoutMs);
        const exit = await exited;
        clearTimeout(timer);
        return { ...exit, killed };
      }
      return exited;
    },
  };
}
