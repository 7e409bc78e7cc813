import type { PageRoute } from '../routes';
import { JoinPage } from './join';
import { SetupPage } from './setup';
import { SignPage } from './sign';

/**
 * Pages that need no sign-in: the client join page behind a consultation's `joinUrl`, the client's
 * contract signing page behind a signing link, first-admin setup.
 */
export const PUBLIC_ROUTES: PageRoute[] = [
  { pattern: '/setup', page: SetupPage, title: 'Set up Booth' },
  { pattern: '/join/:roomName', page: JoinPage, title: 'Join your consultation' },
  { pattern: '/sign/:id', page: SignPage, title: 'Sign your contract' },
];
