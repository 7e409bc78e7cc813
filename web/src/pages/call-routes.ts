import type { PageRoute } from '../routes';

/** Call pages: the calls list, a call (live room or its record), transcript search. */
export const callRoutes: PageRoute[] = [];
