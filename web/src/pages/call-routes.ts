import type { PageRoute } from '../routes';
import { CallPage } from './call';
import { CallsPage } from './calls';
import { SearchPage } from './search';

/** Call pages: the calls list, a call (live room or its record), transcript search. */
export const callRoutes: PageRoute[] = [
  { pattern: '/calls', page: CallsPage, title: 'Calls' },
  { pattern: '/calls/:id', page: CallPage, title: 'Call' },
  { pattern: '/search', page: SearchPage, title: 'Search' },
];
