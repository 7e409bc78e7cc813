import { sessionContextApi } from '@booth/shared/api';
import { useApi } from '../api/use-api';

/**
 * The context of a call (its contact's record, past calls, talking points), fetched once per call
 * and again on `reload` (after a suggestion card changed the contact).
 */
export const useSessionContext = (sessionId: string) =>
  useApi(sessionContextApi.get, { params: { id: sessionId } });

export type SessionContextState = ReturnType<typeof useSessionContext>;
