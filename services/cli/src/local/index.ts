/**
 * The local servers Booth runs without Docker (`npm start`, and the test harness's throwaway copies):
 * Postgres, Redis and livekit-server as child processes, with one way to start and stop each.
 */
export { cacheDir } from './cache-dir';
export { startChild, type Child, type ChildOptions, type Exit } from './child';
export { startLivekit, livekitConfig, type Livekit, type LivekitOptions } from './livekit';
export { pgTool, type PgToolOptions } from './pg-bin';
export { freePort, portInUse } from './ports';
export { startPostgres, postgresSystemUser, type Postgres, type PostgresOptions } from './postgres';
export { startRedis, type RedisOptions, type RedisServer } from './redis';
export { httpOk, waitFor, type WaitOptions } from './wait';
