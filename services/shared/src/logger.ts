import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One pino logger per process. Messages are static strings; variable data goes in fields, and
 * transcripts or personal data only under the `pii` key, which is redacted unless LOG_PII=true.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const showPii = process.env.LOG_PII === 'true';
  return pino({
    name: service,
    level,
    base: { service },
    redact: showPii ? [] : { paths: ['pii'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
