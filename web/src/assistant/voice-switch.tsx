import { joinErrorText } from '../live/connection';
import { useAssistant } from './assistant-provider';

/**
 * Voice on/off (`button#assistant-voice`, aria-pressed): on joins the assistant room and keeps it
 * joined from page to page until turned off. A failure says why, with a retry.
 */
export function VoiceSwitch() {
  const { voice } = useAssistant();
  const { on, status, error, start, stop, retry } = voice;
  return (
    <div className="assistant-voice">
      <button id="assistant-voice" type="button" aria-pressed={on} onClick={() => (on ? stop() : start())}>
        Voice <span aria-hidden="true">{on ? 'on' : 'off'}</span>
      </button>
      {on && status === 'failed' && (
        <span className="error" role="alert">
          {error ? joinErrorText(error) : 'Voice is not available.'}{' '}
          <button type="button" onClick={retry}>
            Try again
          </button>
        </span>
      )}
      {on && status !== 'failed' && error && (
        <span className="error" role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}
