import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the Debian/Ubuntu packages put each PostgreSQL major version's programs. */
const PG_LIB = '/usr/lib/postgresql';

/** Installed major versions under /usr/lib/postgresql, newest first. */
function installedVersions(): string[] {
  if (!existsSync(PG_LIB)) return [];
  return readdirSync(PG_LIB)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PgToolOptions {
  /** Look on PATH before /usr/lib/postgresql (client tools: pg_dump, pg_restore). Default false. */
  preferPath?: boolean;
  /** Only this major version (a cluster's PG_VERSION). Default the newest installed. */
  version?: string;
}

/**
 * A PostgreSQL program (initdb, postgres, pg_isready, pg_dump...): the newest /usr/lib/postgresql/N/bin
 * that has it, or PATH. Throws naming the package to install when there is none.
 */
export function pgTool(name: string, opts: PgToolOptions = {}): string {
  const fromLib = () => {
    const versions = opts.version ? [opts.version] : installedVersions();
    return versions.map((v) => join(PG_LIB, v, 'bin', name)).find((f) => existsSync(f));
  };
  const found = opts.preferPath
    ? (onPath(name) ?? fromLib())
    : (fromLib() ?? (opts.version ? undefined : onPath(name)));
  if (!found) {
    const which = opts.version ? `PostgreSQL ${opts.version}'s ${name}` : name;
    throw new Error(
      `${which} not found (on PATH or in ${PG_LIB}/*/bin); install it: apt-get install ${
        opts.version
          ? `postgresql-${opts.version}`
          : name.startsWith('pg_dump') || name === 'pg_restore'
            ? 'postgresql-client'
            : 'postgresql'
      }`,
    );
  }
  return found;
}
