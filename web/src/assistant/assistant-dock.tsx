import { AudioPlaybackPrompt, RemoteAudio } from '../live/remote-media';
import { AgentStateLine } from './agent-state';
import { PANEL_ID, TOGGLE_ID } from './assistant-panel';
import { useAssistant } from './assistant-provider';
import { PushToTalk } from './push-to-talk';

/**
 * The corner of every signed-in page (`.assistant-dock`): the panel toggle, and while voice is on
 * the agent's state, push-to-talk (unless hands-free) and the agent's voice (LiveKit's audio
 * renderer, with a button when the browser blocks playback).
 */
export function AssistantDock() {
  const { panelOpen, setPanelOpen, voice } = useAssistant();
  const room = voice.live?.room;
  return (
    <div className="assistant-dock" data-voice={voice.on ? voice.status : 'off'}>
      {voice.on && (
        <div className="assistant-dock-status">
          <AgentStateLine
            status={voice.status}
            agent={voice.agent.identity}
            state={voice.agent.state}
            late={voice.agentLate}
          />
          {voice.notice && (
            <span className="assistant-notice" role="status">
              {voice.notice}
            </span>
          )}
        </div>
      )}
      {voice.on && !voice.handsFree && <PushToTalk />}
      <button
        id={TOGGLE_ID}
        type="button"
        className="assistant-toggle"
        aria-expanded={panelOpen}
        aria-controls={PANEL_ID}
        onClick={() => setPanelOpen((o) => !o)}
      >
        Assistant
      </button>
      {room && (
        <>
          <RemoteAudio room={room} />
          <AudioPlaybackPrompt room={room} />
        </>
      )}
    </div>
  );
}
