import { createInterface } from 'node:readline/promises';
import { AdminExistsError, MIN_ADMIN_PASSWORD, createAdmin, createDb, resetAdminPassword } from '@booth/db';
import { parseDatabaseUrl } from '@booth/shared';
import { UsageError, type Command, type Flags } from '../command';

/**
 * booth admin create|reset-password: manage admin logins against DATABASE_URL (or the POSTGRES_* parts),
 * in or out of a container. The password comes from --password-stdin (one line on stdin) or a prompt.
 */
async function readPassword(flags: Flags): Promise<string> {
  const line = process.stdin.isTTY && !flags['password-stdin'] ? await promptHidden() : await readLine();
  if (line.length < MIN_ADMIN_PASSWORD) {
    throw new UsageError(`the password must be at least ${MIN_ADMIN_PASSWORD} characters`);
  }
  return line;
}

/** One line from stdin (a pipe: --password-stdin). */
async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    return (await rl.question('')).replace(/\r?\n$/, '');
  } finally {
    rl.close();
  }
}

/** Asks on the terminal without echoing what is typed (Ctrl-C aborts). */
function promptHidden(): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write('New password (12+ characters): ');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(value));
        if (ch === '\u0003') return done(() => reject(new UsageError('cancelled')));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Only the database is needed: DATABASE_URL or the POSTGRES_* parts, validated by the shared schema. */
const database = () => createDb({ url: parseDatabaseUrl(process.env), poolSize: 1 });

async function run(args: string[], flags: Flags) {
  const [action, ...rest] = args;
  if (rest.length || (action !== 'create' && action !== 'reset-password')) {
    throw new UsageError('admin takes create or reset-password');
  }
  const email = typeof flags.email === 'string' ? flags.email : undefined;
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError('--email is required');
  const password = await readPassword(flags);
  const db = database();
  try {
    if (action === 'create') {
      const role = flags.owner ? 'owner' : 'admin';
      const name = typeof flags.name === 'string' ? flags.name : undefined;
      try {
        const admin = await createAdmin(db, { email, password, name, role });
        process.stdout.write(`created ${admin.role} ${admin.email}\n`);
      } catch (err) {
        if (err instanceof AdminExistsError) throw new Error(`${err.message}; use admin reset-password`);
        throw err;
      }
    } else if (await resetAdminPassword(db, email, password)) {
      process.stdout.write(`password reset for ${email.toLowerCase()}; their sessions were signed out\n`);
    } else {
      throw new Error(`no admin with the email ${email}`);
    }
  } finally {
    await db.$disconnect();
  }
}

export const adminCommand: Command = {
  name: 'admin',
  usage: `booth admin create|reset-password --email EMAIL [--name NAME] [--owner] [--password-stdin]
      create an admin login or set a new password (prompted, or one line on stdin)`,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    owner: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  },
  run,
};
