import { randomBytes } from 'node:crypto';

/**
 * A random tag of letters only (`bytes` random bytes as hex, digits mapped to g–p), for names the
 * assistant must resolve: its rules do not read a name with digits in it as one name.
 */
export const letterTag = (bytes = 4): string =>
  randomBytes(bytes)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
