import { assistantApi } from './assistant';
import { authApi } from './auth';
import { contractsApi, invoicesApi, quotesApi } from './billing';
import { calendarApi } from './calendar';
import { collaborationApi } from './collaboration';
import { consultationsApi } from './consultations';
import { contactsApi } from './contacts';
import { homeApi } from './home';
import { livekitApi } from './livekit';
import { notificationsApi } from './notifications';
import { padsApi } from './pads';
import { recordingsApi } from './recordings';
import { searchApi } from './search';
import { sessionContextApi } from './session-context';
import { contractSigningApi } from './contract-signing';
import { sessionsApi } from './sessions';
import { tasksApi } from './tasks';
import { trackersApi } from './trackers';
import { talkAnalyticsApi } from './talk-analytics';
import { vocabularyApi } from './vocabulary';

/**
 * Every endpoint contract of the API, by group: what GET /api/openapi.json documents, and what a test
 * holds the API's registered routes to (each route under /api has its contract here, and back).
 */
export const API_CONTRACTS = {
  auth: authApi,
  livekit: livekitApi,
  home: homeApi,
  contacts: contactsApi,
  tasks: tasksApi,
  calendar: calendarApi,
  quotes: quotesApi,
  invoices: invoicesApi,
  contracts: contractsApi,
  sessions: sessionsApi,
  sessionContext: sessionContextApi,
  contractSigning: contractSigningApi,
  recordings: recordingsApi,
  consultations: consultationsApi,
  search: searchApi,
  vocabulary: vocabularyApi,
  notifications: notificationsApi,
  trackers: trackersApi,
  talkAnalytics: talkAnalyticsApi,
  assistant: assistantApi,
  pads: padsApi,
  collaboration: collaborationApi,
};
