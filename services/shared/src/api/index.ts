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
export * from './identities';
export * from './contact-ref';
export * from './contacts';
export * from './billing';
export * from './tasks';
export * from './calendar';
export * from './home';
export * from './vocabulary';
export * from './notifications';
export * from './sessions';
export * from './consultations';
export * from './session-context';
export * from './contract-signing';
export * from './recordings';
export * from './search';
export * from './tracker-match';
export * from './trackers';
export * from './talk-analytics';
export * from './assistant-tools';
export * from './assistant';
export * from './collaboration';
export * from './pads';
export * from './registry';
