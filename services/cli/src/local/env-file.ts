import { readFileSync } from 'node:fs';

/**
 * A KEY=value file (secrets.env): one variable a line, the value taken literally up to the end of the
 * line (no quoting, no expansion: what `docker run --env-file` reads); `#` starts a comment line.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out[m[1]!] = m[2]!;
  }
  return out;
}

export function readEnvFile(file: string): Record<string, string> {
  return parseEnvFile(readFileSync(file, 'utf8'));
}
