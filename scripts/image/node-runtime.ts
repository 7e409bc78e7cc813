import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '@booth/cli/src/local/cache-dir';

/**
 * The Node.js the image runs (the Dockerfile's NODE_VERSION), as scripts/provision/node.sh unpacked it
 * from the npm registry under $BOOTH_CACHE_DIR/node/<version>. Returns the path of its `node`.
 */
export function nodeBinary(version: string, cacheRoot = cacheDir()): string {
  const bin = join(cacheRoot, 'node', version, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    throw new Error(`Node.js ${version} not provisioned at ${bin}: run bash scripts/provision/node.sh`);
  }
  return bin;
}
