import { useState } from 'react';
import { sessionsApi } from '@booth/shared/api';
import { ApiError, asApiError, call } from '../api/client';
import { CallProblem } from './call-problem';

/**
 * End (asks once more first): ends the session for everyone in it, closes its room and queues the
 * call's analysis (POST /api/sessions/:id/end).
 */
export function CallEndButton({
  sessionId,
  label = 'End',
  onEnded,
}: {
  sessionId: string;
  label?: string;
  onEnded: () => void;
}) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [error, setError] = useState<ApiError | undefined>();
  const end = async () => {
    setStep('busy');
    setError(undefined);
    try {
      await call(sessionsApi.end, { params: { id: sessionId } });
      setStep('idle');
      onEnded();
    } catch (err) {
      setStep('confirm');
      setError(asApiError(err));
    }
  };
  return (
    <span className="call-end">
      {step === 'idle' ? (
        <button type="button" onClick={() => setStep('confirm')}>
          {label}
        </button>
      ) : (
        <>
          <button type="button" className="call-danger" disabled={step === 'busy'} onClick={() => void end()}>
            End for everyone
          </button>{' '}
          <button type="button" disabled={step === 'busy'} onClick={() => setStep('idle')}>
            Cancel
          </button>
        </>
      )}
      <CallProblem error={error} what="Could not end it" />
    </span>
  );
}
