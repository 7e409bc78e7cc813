import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { arch } from 'node:os';
import { basename, dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { cacheDir } from '@booth/cli/src/local/cache-dir';
import { expand, parseDockerfile, type Stage } from './dockerfile';
import { canSkipDir, isIgnored, readDockerignore, type IgnoreRule } from './dockerignore';

/**
 * Replays the Dockerfile without a Docker engine: each stage is a directory standing for its root
 * filesystem, COPY copies from the build context (through .dockerignore) or another stage, RUN runs
 * with `sh -c` in the stage's WORKDIR with its ARG/ENV. The result is the runtime stage's file tree as
 * the image would hold it, which `npm test` boots every entry point from. Steps marked
 * `# layout-check: host` (system packages) are left to the host. Slow steps are cached by a key over
 * everything before them (like Docker's layer cache) under $BOOTH_CACHE_DIR/image-layout.
 *
 *   tsx scripts/image/layout.ts [--out DIR]       prints the runtime tree's WORKDIR
 */
export interface AssembleOptions {
  /** Where the stage trees go (emptied first). */
  out: string;
  /** Repository root: the build context, with Dockerfile and .dockerignore. Default: this repo. */
  context?: string;
  /** Build arguments (like --build-arg). */
  buildArgs?: Record<string, string>;
  /** Cache slow RUN steps here; undefined turns caching off. Default $BOOTH_CACHE_DIR/image-layout. */
  cacheDir?: string | null;
  /** Called with each step as it runs (progress). */
  onStep?: (stage: string, step: string) => void;
}

export interface AssembledImage {
  /** The last stage's WORKDIR on disk: what the container's /app holds. */
  workdir: string;
  /** The last stage's root directory. */
  root: string;
  /** The last stage's environment (ENV), e.g. NODE_ENV=production. */
  env: Record<string, string>;
  /** The Dockerfile's global ARGs (NODE_VERSION). */
  globalArgs: Record<string, string>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const dockerArch = () => ({ x64: 'amd64', arm64: 'arm64' })[arch() as 'x64' | 'arm64'] ?? arch();
const SLOW_STEP_MS = 15_000;

function copyFromContext(
  context: string,
  rules: IgnoreRule[],
  src: string,
  dest: string,
  hash: ReturnType<typeof createHash>,
) {
  const abs = resolve(context, src);
  if (!existsSync(abs)) throw new Error(`COPY source not in the build context: ${src}`);
  // The cache key covers every file copied (path, mode, bytes), as Docker's layer cache does.
  const filter = (p: string) => {
    const rel = relative(context, p).split('\\').join('/');
    if (!rel) return true;
    const st = statSync(p);
    if (st.isDirectory()) return !canSkipDir(rules, rel);
    if (isIgnored(rules, rel)) return false;
    hash.update(`${rel}\0${st.mode}\0`).update(readFileSync(p));
    return true;
  };
  cpSync(abs, dest, { recursive: true, filter, verbatimSymlinks: true });
}

/** Runs a command to completion without blocking the event loop (a test runner's RPC keeps going). */
function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    p.once('error', rej);
    p.once('exit', (code) =>
      code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`)),
    );
  });
}

export async function assembleImage(opts: AssembleOptions): Promise<AssembledImage> {
  const context = opts.context ?? ROOT;
  const snapshots = opts.cacheDir === null ? undefined : (opts.cacheDir ?? join(cacheDir(), 'image-layout'));
  const df = parseDockerfile(join(context, 'Dockerfile'));
  const rules = readDockerignore(join(context, '.dockerignore'));
  rmSync(opts.out, { recursive: true, force: true });
  const roots = new Map<string, string>();
  /** Each finished stage's cache key: a COPY --from it carries that into the next stage's key. */
  const stageKeys = new Map<string, string>();
  let last: AssembledImage | undefined;

  for (const stage of df.stages) {
    const root = join(opts.out, `stage-${stage.name}`);
    mkdirSync(root, { recursive: true });
    roots.set(stage.name, root);
    last = await runStage(stage, root);
  }
  if (!last) throw new Error('Dockerfile has no stage');
  return last;

  async function runStage(stage: Stage, root: string): Promise<AssembledImage> {
    const vars: Record<string, string> = { ...df.globalArgs, TARGETARCH: dockerArch(), ...opts.buildArgs };
    const env: Record<string, string> = {};
    let workdir = '/';
    const key = createHash('sha256').update(stage.image);
    const at = (p: string) => join(root, isAbsolute(p) ? p : posix.join(workdir, p));
    for (const step of stage.instructions) {
      opts.onStep?.(stage.name, step.kind === 'RUN' ? step.command.slice(0, 80) : step.kind);
      switch (step.kind) {
        case 'ARG':
          vars[step.name] = opts.buildArgs?.[step.name] ?? step.value ?? df.globalArgs[step.name] ?? '';
          key.update(`ARG ${step.name}=${vars[step.name]}`);
          break;
        case 'ENV':
          for (const [k, v] of step.vars) env[k] = expand(v, { ...vars, ...env });
          key.update(`ENV ${JSON.stringify(step.vars)}`);
          break;
        case 'WORKDIR':
          workdir = posix.resolve(workdir, expand(step.path, { ...vars, ...env }));
          mkdirSync(join(root, workdir), { recursive: true });
          key.update(`WORKDIR ${workdir}`);
          break;
        case 'COPY': {
          const dest = at(expand(step.dest, { ...vars, ...env }));
          const many = step.sources.length > 1 || step.dest.endsWith('/');
          const fromRoot = step.from === undefined ? undefined : roots.get(step.from);
          if (step.from !== undefined && !fromRoot)
            throw new Error(`COPY --from=${step.from}: no such stage`);
          for (const src of step.sources) {
            // A directory's contents go into dest; a file goes to dest, or into it when dest is a directory.
            const srcAbs = fromRoot ? join(fromRoot, src) : resolve(context, src);
            const isDir = existsSync(srcAbs) && statSync(srcAbs).isDirectory();
            const target = many && !isDir ? join(dest, basename(src)) : dest;
            key.update(`COPY ${step.from ?? ''} ${src} ${target}`);
            if (fromRoot) {
              mkdirSync(isDir ? target : dirname(target), { recursive: true });
              await exec('cp', ['-a', isDir ? `${srcAbs}/.` : srcAbs, target], root);
              // What was copied is that stage's result: its own key stands for the content.
              key.update(stageKeys.get(step.from!) ?? '');
            } else {
              copyFromContext(context, rules, src, target, key);
            }
          }
          break;
        }
        case 'RUN': {
          key.update(`RUN ${step.command}`);
          if (step.host) break;
          const digest = key.copy().digest('hex').slice(0, 32);
          const cached = snapshots && join(snapshots, digest);
          if (cached && existsSync(join(cached, '.complete'))) {
            const now = new Date();
            utimesSync(cached, now, now); // most recently used: kept when older snapshots are pruned
            rmSync(root, { recursive: true, force: true });
            await exec('cp', ['-a', join(cached, 'root'), root], opts.out);
            break;
          }
          const started = Date.now();
          await exec('sh', ['-c', step.command], join(root, workdir), { ...process.env, ...vars, ...env });
          if (cached && Date.now() - started > SLOW_STEP_MS) {
            // Keep the newest few snapshots only.
            mkdirSync(snapshots, { recursive: true });
            const old = readdirSync(snapshots)
              .map((d) => ({ d, t: statSync(join(snapshots, d)).mtimeMs }))
              .sort((a, b) => b.t - a.t)
              .slice(3);
            for (const { d } of old) rmSync(join(snapshots, d), { recursive: true, force: true });
            rmSync(cached, { recursive: true, force: true });
            mkdirSync(cached, { recursive: true });
            await exec('cp', ['-a', root, join(cached, 'root')], opts.out);
            writeFileSync(join(cached, '.complete'), step.command);
          }
          break;
        }
        default:
          key.update(`${step.kind} ${step.raw}`);
      }
    }
    stageKeys.set(stage.name, key.copy().digest('hex'));
    return { workdir: join(root, workdir), root, env, globalArgs: df.globalArgs };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : join(ROOT, '.image-layout');
  const img = await assembleImage({ out, onStep: (s, step) => process.stderr.write(`[${s}] ${step}\n`) });
  process.stdout.write(`${img.workdir}\n`);
}
