import { existsSync, readFileSync } from 'node:fs';

/**
 * `.dockerignore` as Docker reads it: patterns relative to the context root, `*` and `?` within one
 * path segment, `**` across segments, `!` re-includes, the last matching pattern wins, and a pattern
 * that matches a directory excludes what is inside it.
 */
export interface IgnoreRule {
  pattern: string;
  regex: RegExp;
  negate: boolean;
}

export function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function readDockerignore(path: string): IgnoreRule[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { pattern, regex: globToRegex(pattern), negate };
    });
}

/** True when `relPath` (posix, relative to the context) is left out of the build context. */
export function isIgnored(rules: IgnoreRule[], relPath: string): boolean {
  const segments = relPath.split('/');
  let ignored = false;
  for (const rule of rules) {
    // The path itself or any of its parent directories.
    for (let n = 1; n <= segments.length; n++) {
      if (rule.regex.test(segments.slice(0, n).join('/'))) {
        ignored = !rule.negate;
        break;
      }
    }
  }
  return ignored;
}

/** Whether a directory can be skipped whole: ignored, and no `!` rule could bring anything back. */
export const canSkipDir = (rules: IgnoreRule[], relDir: string) =>
  isIgnored(rules, relDir) && !rules.some((r) => r.negate);
