import type { ComponentType } from 'react';
import { callRoutes } from './pages/call-routes';
import { crmRoutes } from './pages/crm-routes';
import { SettingsPage } from './pages/settings';

/** A dashboard page at a path pattern (`/calls/:id`); the page gets the params. */
export interface PageRoute {
  pattern: string;
  page: ComponentType<{ params: Record<string, string> }>;
  /** The document title. */
  title: string;
}

/** Links in the header, in order. */
export const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Home' },
  { to: '/calls', label: 'Calls' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/quotes', label: 'Quotes' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/vocabulary', label: 'Vocabulary' },
  { to: '/trackers', label: 'Trackers' },
  { to: '/settings', label: 'Settings' },
];

/** Every signed-in page. */
export const ROUTES: PageRoute[] = [
  ...crmRoutes,
  ...callRoutes,
  { pattern: '/settings', page: SettingsPage, title: 'Settings' },
];
