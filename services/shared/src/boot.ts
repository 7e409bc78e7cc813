import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config, type ServiceName } from './config';

/**
 * Validates the environment once at a service's boot. An invalid environment is logged with the full
 * list of problems and the process exits 1, before any work starts.
 */
export function bootConfig(service: ServiceName, log: Logger): Config {
  try {
    return loadConfig(service);
  } catch (err) {
    if (err instanceof ConfigError) {
      log.fatal({ problems: err.problems }, 'invalid configuration');
      process.exit(1);
    }
    throw err;
  }
}
