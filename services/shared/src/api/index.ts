/**
 * `@booth/shared/api`: the contracts the API, the services and the dashboard share, browser-safe
 * (zod and WebCrypto only, no Node modules): request and response schemas, data-topic payloads and
 * their signatures.
 */
export * from './fields';
export * from './data-signing';
export * from './data-topics';
export * from './contract';
export * from './auth';
export * from './livekit';
