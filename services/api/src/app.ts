import express, { type Express } from 'express';
import { createAssistant } from '@booth/assistant';
import type { ApiContext } from './context';
import { loadAdmin, requireAdmin } from './middleware/auth';
import { csrfProtection } from './middleware/csrf';
import { errorHandler, notFoundHandler } from './middleware/errors';
import { jsonReplacer } from './json';
import { requestLog } from './middleware/request-log';
import { securityHeaders } from './middleware/security-headers';
import { assistantRoutes } from './routes/assistant';
import { collaborationRoutes } from './routes/collaboration';
import { authRoutes } from './routes/auth';
import { billingRoutes } from './routes/billing';
import { calendarRoutes } from './routes/calendar';
import { consultationRoutes } from './routes/consultations';
import { sessionContextRoutes } from './routes/session-context';
import { contractSigningRoutes } from './routes/contract-signing';
import { contactRoutes } from './routes/contacts';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { talkAnalyticsRoutes } from './routes/talk-analytics';
import { joinRoutes } from './routes/join';
import { notificationRoutes } from './routes/notifications';
import { padRoutes } from './routes/pads';
import { quoteRoutes } from './routes/quotes';
import { recordingRoutes } from './routes/recordings';
import { sessionRoutes } from './routes/sessions';
import { taskRoutes } from './routes/tasks';
import { tokenRoutes } from './routes/token';
import { trackerRoutes } from './routes/trackers';
import { transcriptRoutes } from './routes/transcripts';
import { vocabularyRoutes } from './routes/vocabulary';
import { twilioVoiceRoutes } from './routes/twilio-voice';
import { webhookRoutes } from './routes/webhooks';
import { webAppRoutes } from './web-app';
import { openApiRoutes } from './openapi';

/** TRUST_PROXY as Express takes it: a hop count, true/false, or a comma-separated list of names/CIDRs. */
function trustProxy(value: string): boolean | number | string[] {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The API paths only a signed-in admin may use (auth, tokens, join status and OpenAPI decide their own). */
const ADMIN_PATHS = [
  '/api/contacts',
  '/api/sessions',
  '/api/recordings',
  '/api/consultations',
  '/api/transcripts',
  '/api/vocabulary',
  '/api/trackers',
  '/api/notifications',
  '/api/invoices',
  '/api/contracts',
  '/api/quotes',
  '/api/tasks',
  '/api/calendar',
  '/api/home',
  '/api/analytics',
  '/api/assistant',
  '/api/pads',
  '/api/colleagues',
];

export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Bigint columns (budget_cents) as JSON numbers.
  app.set('json replacer', jsonReplacer);
  // Whose X-Forwarded-For to believe: only the configured proxies (compose: the Caddy container).
  app.set('trust proxy', trustProxy(ctx.config.TRUST_PROXY));
  app.use(requestLog(ctx.logger));
  app.use(securityHeaders(ctx.config));
  app.use(healthRoutes(ctx));
  app.use(openApiRoutes());
  // Webhooks read the raw body for signature verification, so they mount before the JSON parser.
  app.use('/webhooks/twilio', twilioVoiceRoutes(ctx));
  app.use('/webhooks', webhookRoutes(ctx));
  // Every other state-changing request must come from the dashboard's own origin (middleware/csrf.ts).
  app.use(csrfProtection(ctx.config));
  app.use(express.json({ limit: ctx.config.API_BODY_LIMIT }));
  app.use(loadAdmin(ctx));
  app.use(authRoutes(ctx));
  app.use(tokenRoutes(ctx));
  // Everything under these is behind the login; the routers below use absolute paths.
  app.use(ADMIN_PATHS, requireAdmin);
  app.use(contactRoutes(ctx));
  app.use(sessionRoutes(ctx));
  app.use(sessionContextRoutes(ctx));
  app.use(recordingRoutes(ctx));
  app.use(consultationRoutes(ctx));
  app.use(transcriptRoutes(ctx));
  // The client join page's check of its link: public, and tells nothing without the right code.
  app.use(joinRoutes(ctx));
  // Contracts sent for signature: sending is an admin's (under /api/contracts); /api/sign is the client's link.
  app.use(contractSigningRoutes(ctx));
  app.use(vocabularyRoutes(ctx));
  app.use(trackerRoutes(ctx));
  app.use(notificationRoutes(ctx));
  app.use(billingRoutes(ctx));
  app.use(quoteRoutes(ctx));
  app.use(taskRoutes(ctx));
  app.use(calendarRoutes(ctx));
  app.use(homeRoutes(ctx));
  app.use(talkAnalyticsRoutes(ctx));
  app.use(padRoutes(ctx));
  const assistant = ctx.assistant ?? createAssistant({ config: ctx.config, db: ctx.db, logger: ctx.logger });
  app.use(assistantRoutes(ctx, assistant));
  app.use(collaborationRoutes(ctx, assistant));
  app.use(webAppRoutes());
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
