import { useState } from 'react';
import type { ConsultationWithLink } from '@booth/shared/api';
import { ApiError, asApiError } from '../api/client';

/**
 * A request that mints a consultation's link (create or resend): busy while it runs, the API's
 * error, and the answer (its link is shown this once).
 */
export function useInviteAction(onDone?: (c: ConsultationWithLink) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [result, setResult] = useState<ConsultationWithLink | undefined>();
  const run = async (send: () => Promise<ConsultationWithLink>) => {
    setBusy(true);
    setError(undefined);
    try {
      const made = await send();
      setResult(made);
      onDone?.(made);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, result, run };
}
