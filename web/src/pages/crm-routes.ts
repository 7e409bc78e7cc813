import type { PageRoute } from '../routes';
import { HomePage } from './home';

/** CRM pages: home, contacts, tasks, calendar, quotes, invoices, vocabulary, notifications. */
export const crmRoutes: PageRoute[] = [{ pattern: '/', page: HomePage, title: 'Home' }];
