import { sessionContextApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { useNotificationEvents } from './notifications';

/**
 * The context of a call (its contact's record, past calls, talking points), fetched once per call
 * and again on `reload` (after a suggestion card changed the contact) and whenever a notification
 * about the contact arrives (the client signed the contract, paid an invoice).
 */
export function useSessionContext(sessionId: string) {
  const state = useApi(sessionContextApi.get, { params: { id: sessionId } });
  const contactId = state.data?.contact?.id;
  useNotificationEvents((n) => {
    if (contactId && n.contactId === contactId) state.reload();
  });
  return state;
}

export type SessionContextState = ReturnType<typeof useSessionContext>;
