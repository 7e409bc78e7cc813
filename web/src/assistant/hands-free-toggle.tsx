import { useAssistant } from './assistant-provider';

/**
 * Hands-free on/off (`button#assistant-hands-free`, aria-pressed): on, the microphone stays open and
 * the agent listens for "Hey Booth"; off, push-to-talk. The provider tells the agent
 * (`booth.hands_free`) when it changes and whenever the agent joins.
 */
export function HandsFreeToggle() {
  const { voice } = useAssistant();
  const { handsFree, setHandsFree, status, micLive } = voice;
  return (
    <div className="assistant-hands-free">
      <button
        id="assistant-hands-free"
        type="button"
        aria-pressed={handsFree}
        disabled={status !== 'connected'}
        onClick={() => setHandsFree(!handsFree)}
      >
        Hands-free
      </button>
      {handsFree && (
        <span className="assistant-mic-state" data-live={micLive ? 'true' : 'false'}>
          {micLive ? 'Microphone open · say “Hey Booth…”' : 'Opening the microphone…'}
        </span>
      )}
    </div>
  );
}
