import { contractSigningApi, type Contract, type ResponseOf } from '@booth/shared/api';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { CallProblem } from '../components/call-problem';
import { money } from '../components/crm-format';

/** What a sending did, in words: where the link went. */
function sentText(r: { emailedTo: string | null; emailError: string | null; sharedInRoom: boolean }): string {
  const went = [
    r.sharedInRoom && 'shown to the client in the room',
    r.emailedTo && !r.emailError && `emailed to ${r.emailedTo}`,
  ].filter(Boolean);
  const head = went.length
    ? `Sent for signature: ${went.join(' and ')}.`
    : 'The signing link is ready (no client in the room, no email sent).';
  return r.emailError ? `${head} ${r.emailError}` : head;
}

/**
 * "Send for signature" on a suggestion card: the contract's signing link goes into the consultation
 * (to the client's page) and by email to the contact; the admin sees where it went.
 */
export function SendContract({
  contract,
  sessionId,
  hasEmail,
  onSent,
}: {
  contract: Pick<Contract, 'id' | 'title' | 'amountCents' | 'status'>;
  sessionId: string;
  hasEmail: boolean;
  onSent: () => void;
}) {
  const action = useAction<ResponseOf<typeof contractSigningApi.send>>(onSent);
  const send = () =>
    action.run(() =>
      call(contractSigningApi.send, {
        params: { id: contract.id },
        body: { sessionId, ...(hasEmail ? { email: {} } : {}) },
      }),
    );
  const done = action.result && sentText(action.result);
  if (done) {
    return (
      <p className="suggestion-answer" role="status">
        {done}
      </p>
    );
  }
  return (
    <>
      <button type="button" disabled={action.busy} onClick={() => void send()}>
        Send “{contract.title}” ({money(contract.amountCents)}) for signature
      </button>
      <CallProblem error={action.error} what="The contract could not be sent" />
    </>
  );
}
