import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { databaseUrl } from '@booth/shared';
import { startChild, type Child } from './child';
import { pgTool } from './pg-bin';
import { waitFor } from './wait';

export interface PostgresOptions {
  /** The cluster's directory; initdb'd there when it holds no cluster yet, reused otherwise. */
  dataDir: string;
  /** TCP port on 127.0.0.1 (the only address it listens on). */
  port: number;
  /** Server output goes here. */
  logFile: string;
  /** Superuser, owner of the databases. Default 'booth'. */
  user?: string;
  /** Password auth (scram-sha-256) with this password. Default: none, trust auth (throwaway clusters). */
  password?: string;
  /** fsync, synchronous commit and full-page writes on. false = a fast throwaway cluster. Default true. */
  durable?: boolean;
  /** Directory for the Unix socket. Default none (TCP only: no path-length or permission surprises). */
  socketDir?: string;
  /** Own process group (see ChildOptions). Default false. */
  ownProcessGroup?: boolean;
  /** Its environment. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for it to accept connections. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface Postgres {
  port: number;
  child: Child;
  /** postgresql:// URL of `database` on this server (with the password when there is one). */
  url(database?: string): string;
  /** CREATE DATABASE unless it exists. */
  ensureDatabase(name: string): void;
  /** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit). */
  stop(timeoutMs?: number): Promise<void>;
}

/** The `postgres` system user's ids, when we are root (Postgres refuses to run as root). */
export function postgresSystemUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [u, g] = [id('-u'), id('-g')];
  if (u.status !== 0 || g.status !== 0) {
    throw new Error(
      "running as root, and Postgres refuses root: it needs the 'postgres' system user (apt-get install postgresql creates it)",
    );
  }
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function run(
  cmd: string,
  args: string[],
  opts: { user?: { uid: number; gid: number }; env?: NodeJS.ProcessEnv; cwd?: string },
) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  });
  if (r.error) throw r.error;
  return r;
}

/** initdb into `dir` (owned by `user` when given), with trust or password auth. */
function initCluster(dir: string, opts: PostgresOptions, pgUser: { uid: number; gid: number } | undefined) {
  const parent = dirname(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (pgUser) {
    chownSync(dir, pgUser.uid, pgUser.gid);
    if (run('test', ['-w', dir], { user: pgUser }).status !== 0) {
      throw new Error(
        `the postgres system user cannot reach ${dir}: every directory above it needs o+x (or put the data elsewhere, e.g. BOOTH_DATA_DIR=/var/lib/booth)`,
      );
    }
  }
  const args = ['-D', dir, '-U', opts.user ?? 'booth', '-E', 'UTF8'];
  let pwfile: string | undefined;
  if (opts.password !== undefined) {
    pwfile = join(parent, `.pg-init-password-${process.pid}`);
    writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    if (pgUser) chownSync(pwfile, pgUser.uid, pgUser.gid);
    args.push('--auth=scram-sha-256', `--pwfile=${pwfile}`);
  } else {
    args.push('--auth=trust');
  }
  if (opts.durable === false) args.push('--no-sync');
  try {
    const r = run(pgTool('initdb'), args, { user: pgUser, cwd: dir });
    if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  } finally {
    if (pwfile) rmSync(pwfile, { force: true });
  }
}

/**
 * A Postgres server on 127.0.0.1:`port` over the cluster in `dataDir`, created on first use: durable
 * with password auth for `npm start`, or fsync-off with trust auth for the test harness. As root it
 * runs as the `postgres` system user, which then owns `dataDir`.
 */
export async function startPostgres(opts: PostgresOptions): Promise<Postgres> {
  const pgUser = postgresSystemUser();
  const dir = opts.dataDir;
  if (!existsSync(join(dir, 'PG_VERSION'))) initCluster(dir, opts, pgUser);
  // An existing cluster runs on its own major version's binaries.
  const version = readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim();
  const bin = (name: string) => pgTool(name, { version });
  const args = ['-D', dir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', `unix_socket_directories=${opts.socketDir ?? ''}`);
  if (opts.durable === false) {
    args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const child = await startChild('postgres', bin('postgres'), args, {
    logFile: opts.logFile,
    cwd: dir,
    user: pgUser,
    ownProcessGroup: opts.ownProcessGroup,
    env: opts.env,
    stopSignal: 'SIGINT',
  });
  const user = opts.user ?? 'booth';
  const env = { ...process.env, ...(opts.password !== undefined ? { PGPASSWORD: opts.password } : {}) };
  const conn = ['-h', '127.0.0.1', '-p', String(opts.port), '-U', user];
  try {
    await waitFor(
      'postgres',
      () => run(bin('pg_isready'), [...conn, '-d', 'postgres', '-t', '1'], { env }).status === 0,
      {
        timeoutMs: opts.readyTimeoutMs ?? 60_000,
        abortIf: () => (child.running() ? undefined : `postgres exited at start; see ${opts.logFile}`),
      },
    );
  } catch (err) {
    await child.stop(10_000);
    throw err;
  }
  return {
    port: opts.port,
    child,
    url: (database = 'booth') =>
      databaseUrl({ host: '127.0.0.1', port: opts.port, user, password: opts.password, database }),
    ensureDatabase(name) {
      const r = run(bin('createdb'), [...conn, name], { env });
      if (r.status !== 0 && !/already exists/.test(r.stderr)) {
        throw new Error(`createdb ${name} failed: ${r.stderr || r.stdout}`);
      }
    },
    async stop(timeoutMs = 60_000) {
      await child.stop(timeoutMs);
    },
  };
}
