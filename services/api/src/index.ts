export { createApp } from './app';
export type { ApiContext, AdminPrincipal } from './context';
