export * from './config';
export * from './logger';
export * from './errors';
export * from './queues';
export * from './shutdown';
export * from './rooms';
export * from './boot';
export * from './vocabulary';
