import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveDatabase, type DatabaseTarget } from '../backup/connection';
import {
  boothDumpTables,
  dumpDatabase,
  dumpMigrations,
  dumpTables,
  missingBoothTables,
  restoreDatabase,
} from '../backup/pg-dump';
import { appliedMigrations, rowCounts } from '../backup/row-counts';
import { UsageError, type Command } from '../command';

/** backup and restore: the database as one pg_dump custom-format file (see README "Backups"). */
const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const oneFile = (command: string, args: string[]) => {
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError(`${command} takes one FILE`);
  return resolve(file);
};

async function printCounts(db: DatabaseTarget, heading: string) {
  const counts = await rowCounts(db.url).catch(() => undefined);
  if (!counts) return;
  console.log(heading);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(20)} ${n}`);
}

async function backup(args: string[]) {
  const file = oneFile('backup', args);
  const db = resolveDatabase();
  console.log(`backing up database "${db.database}" on ${db.host} (from ${db.source})`);
  const { bytes } = await dumpDatabase(db, file);
  const tables = await dumpTables(file);
  console.log(`wrote ${file}: ${size(bytes)}, ${tables.length} tables`);
  const missing = missingBoothTables(tables);
  if (missing.length)
    console.log(
      `warning: not a Booth database (no ${missing.join(', ')}); booth restore will refuse this file`,
    );
  await printCounts(db, 'rows backed up:');
}

async function restore(args: string[], flags: { yes?: boolean }) {
  const file = oneFile('restore', args);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const tables = await boothDumpTables(file); // refuses anything but a Booth dump before touching the database
  const db = resolveDatabase();
  console.log(
    `restoring ${file} (${tables.length} tables) into database "${db.database}" on ${db.host} (from ${db.source}); its current contents are replaced`,
  );
  // An older backup over a database migrated further would leave the newer tables behind, unrecorded,
  // and the API's next migration would then fail on them: refused, with the way out.
  const inDump = new Set(await dumpMigrations(file));
  const newer = (await appliedMigrations(db.url)).filter((m) => !inDump.has(m));
  if (newer.length) {
    throw new Error(
      `the database has migrations this backup predates (${newer.join(', ')}); restore it into an empty database (a new BOOTH_DATA_DIR, or DROP and CREATE DATABASE) and let the API migrate it forward`,
    );
  }
  if (!flags.yes && process.stdin.isTTY) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question('type "restore" to go on: ');
    rl.close();
    if (answer.trim() !== 'restore') throw new Error('not restored');
  }
  await restoreDatabase(db, file);
  console.log('restored (in one transaction)');
  await printCounts(db, 'rows now:');
}

export const backupCommands: Command[] = [
  {
    name: 'backup',
    usage: `booth backup FILE    pg_dump the database (DATABASE_URL, POSTGRES_*, or the npm start data
      in BOOTH_DATA_DIR) into FILE, custom format; prints its size and the main tables' rows`,
    options: {},
    run: (args) => backup(args),
  },
  {
    name: 'restore',
    usage: `booth restore FILE [--yes]    replace the database's contents with a Booth backup (booth backup
      or pg_dump -Fc of a Booth database), in one transaction; asks first on a terminal unless --yes`,
    options: { yes: { type: 'boolean', short: 'y' } },
    run: (args, flags) => restore(args, flags as { yes?: boolean }),
  },
];
