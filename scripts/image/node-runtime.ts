import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';

/**
 * The Node.js the image runs (the Dockerfile's NODE_VERSION), for checks outside Docker: the official
 * binary as the npm registry ships it (package node-linux-<arch>), unpacked once under
 * $BOOTH_CACHE_DIR/node/<version>. Returns the path of its `node`.
 */
export function ensureNodeBinary(version: string, cacheRoot = defaultCache()): string {
  const dir = join(cacheRoot, 'node', version);
  const bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  const pkg = `node-linux-${arch() === 'arm64' ? 'arm64' : 'x64'}@${version}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packed = spawnSync('npm', ['pack', pkg, '--silent'], { cwd: dir, encoding: 'utf8' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (packed.status !== 0 || !tgz) {
    throw new Error(`could not fetch ${pkg} from the npm registry: ${packed.stderr || packed.stdout}`);
  }
  const untar = spawnSync('tar', ['xzf', tgz], { cwd: dir, encoding: 'utf8' });
  if (untar.status !== 0 || !existsSync(bin)) throw new Error(`could not unpack ${tgz}: ${untar.stderr}`);
  rmSync(join(dir, tgz));
  return bin;
}

const defaultCache = () =>
  process.env.BOOTH_CACHE_DIR ?? join(process.env.HOME ?? '/root', '.cache', 'booth');
