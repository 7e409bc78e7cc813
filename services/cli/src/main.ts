import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command';
import { adminCommand } from './commands/admin';
import { askCommand } from './commands/ask';
import { backupCommands } from './commands/backup';
import { sipCommand } from './commands/sip';
import { speechCommands } from './commands/speech';
import { startCommand } from './commands/start';

/**
 * booth — the command line over Booth's packages. `booth --help` lists the commands; each command's
 * options are its own. Bad usage exits 2, a failure 1.
 */
const commands: Command[] = [
  ...speechCommands,
  adminCommand,
  askCommand,
  startCommand,
  ...backupCommands,
  sipCommand,
];

const usage = () => `usage:\n${commands.map((c) => `  ${c.usage}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--check') {
    // The image check: every command's code loads (native modules included) without running any.
    await Promise.all(commands.map((c) => c.load?.()));
    process.stdout.write('check passed: every command loads\n');
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    (name ? process.stdout : process.stderr).write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command: ${name}\n${usage()}\n`);
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
    if (parsed.values.help) {
      process.stdout.write(`usage: ${command.usage}\n`);
      return 0;
    }
    await command.run(parsed.positionals, parsed.values);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\nusage: ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
