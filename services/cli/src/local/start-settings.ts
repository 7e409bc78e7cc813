import { cacheDir } from './cache-dir';
import { join, resolve } from 'node:path';

/** What `npm start` reads from its environment, beyond the services' own variables. */
export interface StartSettings {
  /** BOOTH_DATA_DIR: everything `npm start` keeps (database, queues, models, logs, secrets). Default ./.booth-data. */
  dataDir: string;
  /** API_HOST / API_PORT: the dashboard and API. Default 0.0.0.0:3000. */
  apiHost: string;
  apiPort: number;
  /** TELEPHONY_PORT: the telephony bridge (Twilio Media Streams), on API_HOST. Default 3100. */
  telephonyPort: number;
  /** BOOTH_PG_PORT: Postgres on 127.0.0.1. Default 15432 (not 5432: leaves a system Postgres alone). */
  pgPort: number;
  /** BOOTH_REDIS_PORT: Redis on 127.0.0.1. Default 16379. */
  redisPort: number;
  /** BOOTH_LIVEKIT_PORT: LiveKit signalling (browsers connect here). Default 7880. */
  livekitPort: number;
  /** BOOTH_LIVEKIT_TCP_PORT: ICE over TCP. Default 7881. */
  livekitTcpPort: number;
  /** BOOTH_LIVEKIT_UDP_PORT: ICE over UDP, one muxed port. Default 7882. */
  livekitUdpPort: number;
  /** BOOTH_LIVEKIT_BIND: comma-separated addresses LiveKit listens on. Default every interface. */
  livekitBind?: string[];
  /** BOOTH_LIVEKIT_NODE_IP: the IP LiveKit advertises to browsers. Default: detected. */
  livekitNodeIp?: string;
  /** BOOTH_LIVEKIT_DEPARTURE_TIMEOUT: seconds a room stays open after its last participant left. Default 20. */
  departureTimeoutS: number;
  /** BOOTH_LIVEKIT_BIN: the livekit-server binary. Default $BOOTH_CACHE_DIR/bin/livekit-server. */
  livekitBin: string;
  /** BOOTH_START_LOGS: services' logs in the terminal: pretty (default), json, or none (files only). */
  terminalLogs: 'pretty' | 'json' | 'none';
}

export class SettingsError extends Error {}

function port(env: NodeJS.ProcessEnv, key: string, def: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new SettingsError(`${key}: must be a port (1-65535), got "${raw}"`);
  return n;
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The settings from `env`, with the defaults above; throws SettingsError naming a bad variable. */
export function startSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StartSettings {
  const cache = cacheDir(env);
  const logs = env.BOOTH_START_LOGS || 'pretty';
  if (logs !== 'pretty' && logs !== 'json' && logs !== 'none') {
    throw new SettingsError(`BOOTH_START_LOGS: pretty, json or none, got "${logs}"`);
  }
  const departure = Number(env.BOOTH_LIVEKIT_DEPARTURE_TIMEOUT || 20);
  if (!Number.isInteger(departure) || departure < 0) {
    throw new SettingsError('BOOTH_LIVEKIT_DEPARTURE_TIMEOUT: whole seconds, 0 or more');
  }
  const bind = list(env.BOOTH_LIVEKIT_BIND);
  return {
    dataDir: resolve(cwd, env.BOOTH_DATA_DIR || '.booth-data'),
    apiHost: env.API_HOST || '0.0.0.0',
    apiPort: port(env, 'API_PORT', 3000),
    telephonyPort: port(env, 'TELEPHONY_PORT', 3100),
    pgPort: port(env, 'BOOTH_PG_PORT', 15432),
    redisPort: port(env, 'BOOTH_REDIS_PORT', 16379),
    livekitPort: port(env, 'BOOTH_LIVEKIT_PORT', 7880),
    livekitTcpPort: port(env, 'BOOTH_LIVEKIT_TCP_PORT', 7881),
    livekitUdpPort: port(env, 'BOOTH_LIVEKIT_UDP_PORT', 7882),
    livekitBind: bind?.length ? bind : undefined,
    livekitNodeIp: env.BOOTH_LIVEKIT_NODE_IP || undefined,
    departureTimeoutS: departure,
    livekitBin: env.BOOTH_LIVEKIT_BIN || join(cache, 'bin', 'livekit-server'),
    terminalLogs: logs,
  };
}
