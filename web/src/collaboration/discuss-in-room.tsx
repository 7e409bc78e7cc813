import { sessionsApi } from '@booth/shared/api';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { CallProblem } from '../components/call-problem';
import { callPath } from '../components/call-format';
import { navigate } from '../router';

/**
 * "Discuss in a room" (`button#discuss-in-room`): opens a collaboration room about the contact (its
 * record in the context panel, a shared assistant and notes) and goes there, to ask colleagues in.
 */
export function DiscussInRoom({ contactId }: { contactId: string }) {
  const open = useAction<{ id: string }>((s) => navigate(callPath(s.id)));
  return (
    <div className="discuss-in-room">
      <button
        id="discuss-in-room"
        type="button"
        disabled={open.busy}
        onClick={() =>
          void open.run(() => call(sessionsApi.create, { body: { kind: 'collaboration', contactId } }))
        }
      >
        Discuss in a room
      </button>
      <CallProblem error={open.error} what="Could not open the room" />
    </div>
  );
}
