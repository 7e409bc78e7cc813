import { dispose } from '@livekit/rtc-node';
import { bootConfig, createLogger, exitIfCheckMode, onShutdown, telephonyStreamUrl } from '@booth/shared';
import { bridgeDeps } from './bridge-deps';
import { createBridge } from './server';

const log = createLogger('telephony');
const config = bootConfig('telephony', log);
exitIfCheckMode(log, { streamUrl: telephonyStreamUrl(config) });

const deps = bridgeDeps(config, log);
// Rendered once now, so the first caller hears the greeting at once (a failure: ringback only).
await deps.greeting();
const bridge = createBridge(deps);
const address = await bridge.listen(config.TELEPHONY_PORT, config.TELEPHONY_HOST);
log.info(
  {
    host: address.address,
    port: address.port,
    streamUrl: telephonyStreamUrl(config),
    ringsAdminPhone: deps.adminPhone !== undefined,
  },
  'telephony bridge listening',
);

onShutdown(
  log,
  async () => {
    await bridge.drain();
    await dispose();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
