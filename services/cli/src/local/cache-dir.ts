import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where provisioning caches what it downloads or builds (livekit-server, Caddy, the image's Node.js,
 * model weights, image-layout snapshots): BOOTH_CACHE_DIR, default ~/.cache/booth — the same rule as
 * the provisioning scripts' `${BOOTH_CACHE_DIR:-$HOME/.cache/booth}` (an empty value means the default).
 */
export const cacheDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.BOOTH_CACHE_DIR || join(homedir(), '.cache', 'booth');
