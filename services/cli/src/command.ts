import type { ParseArgsConfig } from 'node:util';

/** Bad usage: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `booth` command: its usage line, its own options (node:util parseArgs) and what it does. */
export interface Command {
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: string[], flags: Flags): Promise<void>;
  /** Loads the command's implementation without running it (`booth --check`); for lazily loaded ones. */
  load?(): Promise<unknown>;
}
