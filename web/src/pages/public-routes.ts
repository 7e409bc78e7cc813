import type { PageRoute } from '../routes';
import { JoinPage } from './join';
import { SetupPage } from './setup';

/** Pages that need no sign-in: the client join page behind a consultation's `joinUrl`, first-admin setup. */
export const PUBLIC_ROUTES: PageRoute[] = [
  { pattern: '/setup', page: SetupPage, title: 'Set up Booth' },
  { pattern: '/join/:roomName', page: JoinPage, title: 'Join your consultation' },
];
