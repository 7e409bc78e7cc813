import type { WhisperMessage } from '@booth/shared/api';

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** What colleagues listening in whispered (`#live-whispers`): only the call's admins ever get these. */
export function WhisperList({ whispers }: { whispers: WhisperMessage[] }) {
  if (!whispers.length) return null;
  return (
    <section className="live-panel live-whispers" aria-labelledby="whispers-heading">
      <h2 id="whispers-heading">Whispers</h2>
      <ul id="live-whispers" aria-live="polite">
        {whispers.map((w) => (
          <li key={w.id} data-whisper-id={w.id}>
            <strong>{w.from.name}</strong> <span className="whisper-text">{w.text}</span>{' '}
            <time className="hint">{clock(w.at)}</time>
          </li>
        ))}
      </ul>
      <p className="hint">Only the call&apos;s admins see whispers; the client does not.</p>
    </section>
  );
}
