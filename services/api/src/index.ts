export { createApp } from './app';
export { createApiServer, jsonClientErrors } from './server';
export { deleteExpiredSessions, startSessionSweep } from './session-sweep';
export type { ApiContext, AdminPrincipal } from './context';
export { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-limiter';
export { startVideoEgress, videoEgressPath } from './video-egress';
