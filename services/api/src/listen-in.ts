import { badRequest } from '@booth/shared';
import { LISTENABLE_KINDS } from '@booth/shared/api';

/** Refuses listening in (`listenOnly`) on a room of `kind` that cannot be listened in on: a 400 naming the field. */
export function requireListenable(kind: string): void {
  if (LISTENABLE_KINDS.includes(kind)) return;
  throw badRequest('invalid request', [
    { path: 'listenOnly', message: 'only calls and consultations can be listened in on' },
  ]);
}
