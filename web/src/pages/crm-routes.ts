import type { PageRoute } from '../routes';
import { CalendarPage } from './calendar';
import { ContactPage } from './contact';
import { ContactsPage } from './contacts';
import { HomePage } from './home';
import { InvoicesPage } from './invoices';
import { NotificationsPage } from './notifications';
import { QuotesPage } from './quotes';
import { TasksPage } from './tasks';
import { TrackersPage } from './trackers';
import { VocabularyPage } from './vocabulary';

/** CRM pages: home, contacts, tasks, calendar, quotes, invoices, vocabulary, trackers, notifications. */
export const crmRoutes: PageRoute[] = [
  { pattern: '/', page: HomePage, title: 'Home' },
  { pattern: '/contacts', page: ContactsPage, title: 'Contacts' },
  { pattern: '/contacts/:id', page: ContactPage, title: 'Contact' },
  { pattern: '/tasks', page: TasksPage, title: 'Tasks' },
  { pattern: '/calendar', page: CalendarPage, title: 'Calendar' },
  { pattern: '/quotes', page: QuotesPage, title: 'Quotes' },
  { pattern: '/invoices', page: InvoicesPage, title: 'Invoices' },
  { pattern: '/vocabulary', page: VocabularyPage, title: 'Vocabulary' },
  { pattern: '/trackers', page: TrackersPage, title: 'Keyword trackers' },
  { pattern: '/notifications', page: NotificationsPage, title: 'Notifications' },
];
