import { readFileSync } from 'node:fs';

/**
 * A Dockerfile read into stages and instructions: enough of the format to replay Booth's own
 * Dockerfile without a Docker engine (scripts/image/layout.ts). Line continuations, comments, parser
 * directives, `ARG` before `FROM`, and the `# layout-check: host` marker on the line before an
 * instruction (a step the host provides, e.g. apt-get) are understood; anything else is an error.
 */
export type Instruction =
  | { kind: 'ARG'; name: string; value?: string }
  | { kind: 'ENV'; vars: [string, string][] }
  | { kind: 'WORKDIR'; path: string }
  | { kind: 'COPY'; from?: string; sources: string[]; dest: string }
  | { kind: 'RUN'; command: string; host: boolean }
  | { kind: 'USER' | 'EXPOSE' | 'CMD' | 'ENTRYPOINT' | 'LABEL'; raw: string };

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` from `vars`. */
export function expand(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_m, a: string, def: string, b: string) => {
    const v = vars[a ?? b];
    return v !== undefined && v !== '' ? v : (def ?? '');
  });
}

/** Splits on whitespace, keeping double- or single-quoted words together (ENV and COPY arguments). */
function words(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function logicalLines(text: string): { line: string; host: boolean }[] {
  const out: { line: string; host: boolean }[] = [];
  let current = '';
  let host = false;
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (!current && trimmed.startsWith('#')) {
      if (/^#\s*layout-check:\s*host\b/.test(trimmed)) host = true;
      continue;
    }
    if (current && trimmed.startsWith('#')) continue; // comment inside a continued instruction
    if (!current && !trimmed) continue;
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    out.push({ line: current + trimmed, host });
    current = '';
    host = false;
  }
  if (current) throw new Error('Dockerfile ends inside a continued line');
  return out;
}

export function parseDockerfile(path: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { line, host } of logicalLines(readFileSync(path, 'utf8'))) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`cannot read Dockerfile line: ${line}`);
    const keyword = m[1]!.toUpperCase();
    let rest = m[2]!.trim();
    const stage = stages.at(-1);
    if (keyword === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!f) throw new Error(`cannot read FROM: ${rest}`);
      stages.push({
        image: expand(f[1]!, globalArgs),
        name: f[2] ?? String(stages.length),
        instructions: [],
      });
      continue;
    }
    if (keyword === 'ARG') {
      const [name, value] = rest.split('=', 2) as [string, string | undefined];
      const v = value?.replace(/^"(.*)"$/, '$1');
      if (!stage) globalArgs[name] = v ?? '';
      else stage.instructions.push({ kind: 'ARG', name, value: v });
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    const add = (i: Instruction) => stage.instructions.push(i);
    switch (keyword) {
      case 'ENV':
        add({
          kind: 'ENV',
          vars: words(rest).map((w) => {
            const eq = w.indexOf('=');
            if (eq < 0) throw new Error(`ENV needs NAME=value: ${w}`);
            return [w.slice(0, eq), w.slice(eq + 1)] as [string, string];
          }),
        });
        break;
      case 'WORKDIR':
        add({ kind: 'WORKDIR', path: rest });
        break;
      case 'COPY': {
        let from: string | undefined;
        const parts = words(rest).filter((w) => {
          if (w.startsWith('--from=')) from = w.slice('--from='.length);
          return !w.startsWith('--');
        });
        const dest = parts.pop();
        if (!dest || !parts.length) throw new Error(`COPY needs a source and a destination: ${rest}`);
        add({ kind: 'COPY', from, sources: parts, dest });
        break;
      }
      case 'RUN':
        while (rest.startsWith('--')) rest = rest.replace(/^--\S+\s*/, '');
        add({ kind: 'RUN', command: rest, host });
        break;
      case 'USER':
      case 'EXPOSE':
      case 'CMD':
      case 'ENTRYPOINT':
      case 'LABEL':
        add({ kind: keyword, raw: rest });
        break;
      default:
        throw new Error(`Dockerfile instruction not supported by the layout check: ${keyword}`);
    }
  }
  return { globalArgs, stages };
}
