import { useId, useState, type FormEvent } from 'react';
import { collaborationApi } from '@booth/shared/api';
import { call } from '../api/client';
import { ActionStatus } from '../api/action-status';
import { useAction } from '../api/use-action';

/**
 * For a colleague listening in (`form#whisper`): a suggestion whispered to the call's admins, never
 * to the client.
 */
export function WhisperBox({ sessionId }: { sessionId: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const send = useAction<{ delivered: number }>(() => setText(''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const said = text.trim();
    if (!said) return;
    void send.run(() => call(collaborationApi.whisper, { params: { id: sessionId }, body: { text: said } }));
  };
  return (
    <form id="whisper" className="live-panel whisper-box" onSubmit={submit}>
      <label htmlFor={id}>Whisper to the admin</label>
      <div className="whisper-row">
        <input
          id={id}
          value={text}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
          placeholder="Ask about the budget next"
        />
        <button type="submit" disabled={send.busy || !text.trim()}>
          Whisper
        </button>
      </div>
      <ActionStatus
        action={send}
        done={(r) => `Whispered to ${r.delivered === 1 ? 'the admin' : `${r.delivered} admins`}.`}
        idle="The client cannot see you or your whispers."
      />
    </form>
  );
}
