import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import { DisconnectReason } from 'livekit-client';
import { PushToTalkButton } from '../collaboration/push-to-talk-button';
import { WhisperBox } from '../collaboration/whisper-box';
import { WhisperList } from '../collaboration/whisper-list';
import { useWhispers } from '../collaboration/whispers';
import { LeaveButton, MicSwitch, MuteButton } from './call-controls';
import { CaptionList } from './caption-list';
import { useCaptions, type Caption } from './captions';
import { ROOM_OVER_REASONS, joinErrorText, useRoomConnection, type RoomConnection } from './connection';
import { useMediaDevices } from './devices';
import { MicSelect } from './mic-select';
import { ParticipantList } from './participant-list';
import { useParticipants } from './participants';
import { AudioPlaybackPrompt, RemoteAudio, RoomVideos } from './remote-media';
import { RoomStatus } from './room-status';
import { ScreenShareButton, ScreenStage } from './screen-share';
import { usePrivateAssistantTurns } from './private-assistant';
import { ContextPanel } from './context-panel';
import { useSessionContext } from './session-context';
import { SuggestionList } from './suggestion-list';
import { useSuggestions } from './suggestions';

export interface CallRoomProps {
  session: { id: string; roomName: string; kind: string; status: string };
  /** Called when the admin left, or the room closed because the session ended. */
  onLeft?: () => void;
  /** Called once connected (the session has started: its record shows it). */
  onJoined?: () => void;
  /** Join at once with the default microphone (an incoming call answered: the click was the gesture). */
  autoJoin?: boolean;
  /**
   * Listen in: join hidden from everyone in the room (the client never sees this admin), publishing
   * nothing, with a box to whisper to the call's admins. Default false.
   */
  listenOnly?: boolean;
  /** More panels beside the participants (a collaboration room's shared assistant), over this room. */
  aside?: (room: { live: RoomConnection; captions: readonly Caption[] }) => ReactNode;
}

const isOver = (reason: DisconnectReason | undefined) =>
  reason !== undefined && ROOM_OVER_REASONS.includes(reason);

/**
 * A live call for an admin: pick a microphone and join; in the room, mute, switch microphone, leave,
 * see who is there and who is speaking, the live captions (signed by the transcriber), the contact's
 * record with talking points (the context panel) and the live suggestions (signed by the worker) as
 * they arrive, with their one-click actions.
 */
export function CallRoom({
  session,
  onLeft,
  onJoined,
  autoJoin = false,
  listenOnly = false,
  aside,
}: CallRoomProps) {
  const conn = useRoomConnection(
    { roomName: session.roomName, listenOnly },
    {
      onDisconnected: (reason) => {
        if (reason === DisconnectReason.CLIENT_INITIATED || isOver(reason)) onLeft?.();
      },
    },
  );
  const { room, phase, error, disconnectReason } = conn;
  const participants = useParticipants(room);
  usePrivateAssistantTurns(room);
  const captions = useCaptions(conn);
  const suggestions = useSuggestions(conn, session.id);
  const whispers = useWhispers(conn, session.id);
  const collaboration = session.kind === 'collaboration';
  const context = useSessionContext(session.id);
  const ended = session.status === 'ended' || (phase === 'disconnected' && isOver(disconnectReason));
  const mics = useMediaDevices('audioinput', !ended);
  const [micId, setMicId] = useState('');
  const inRoom = phase === 'connected' || phase === 'reconnecting';
  const joined = useEffectEvent(() => onJoined?.());
  useEffect(() => {
    if (phase === 'connected') joined();
  }, [phase]);

  const join = () => {
    // Inside the click: the browser lets audio play after a user gesture.
    void room.startAudio();
    void conn.join({ microphone: listenOnly ? false : micId || true });
  };
  // Answering: joined once, right away (the Answer click moments ago still counts as the gesture).
  const autoJoined = useRef(false);
  const joinNow = useEffectEvent(join);
  useEffect(() => {
    if (!autoJoin || autoJoined.current || ended || phase !== 'idle') return;
    autoJoined.current = true;
    joinNow();
  }, [autoJoin, ended, phase]);

  return (
    <section className="live-call" aria-label="Live call" data-phase={phase}>
      <div className="live-bar">
        <RoomStatus phase={phase} reason={disconnectReason} ended={ended} />
        {!ended && !inRoom && (
          <div className="live-join">
            {!listenOnly && (
              <MicSelect
                devices={mics.devices}
                value={micId || (mics.devices[0]?.deviceId ?? '')}
                onChange={setMicId}
                disabled={phase === 'joining'}
              />
            )}
            <button
              id="join-call"
              type="button"
              className="live-primary"
              disabled={phase === 'joining'}
              onClick={join}
            >
              {listenOnly ? 'Listen in' : collaboration ? 'Join room' : 'Join call'}
            </button>
          </div>
        )}
        {inRoom && listenOnly && (
          <div className="live-controls">
            <span className="live-listening" id="listening-in">
              Listening in: the client cannot see you
            </span>
            <LeaveButton onLeave={() => void conn.leave()} />
            <AudioPlaybackPrompt room={room} />
          </div>
        )}
        {inRoom && !listenOnly && (
          <div className="live-controls">
            <MicSwitch room={room} devices={mics.devices} />
            <MuteButton room={room} />
            {collaboration && <PushToTalkButton room={room} />}
            <ScreenShareButton room={room} />
            <LeaveButton onLeave={() => void conn.leave()} />
            <AudioPlaybackPrompt room={room} />
          </div>
        )}
      </div>
      {mics.error && !inRoom && !ended && (
        <p className="error" role="alert">
          The microphone is not available: {mics.error.message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {joinErrorText(error)}
        </p>
      )}
      <RoomVideos room={room} />
      <div className="live-grid">
        <div className="live-side">
          {listenOnly && inRoom && <WhisperBox sessionId={session.id} />}
          <WhisperList whispers={whispers} />
          {aside?.({ live: conn, captions })}
          <ParticipantList participants={participants} />
          <SuggestionList
            suggestions={suggestions}
            sessionId={session.id}
            record={context.data}
            onRecordChanged={context.reload}
          />
          <ContextPanel state={context} />
        </div>
        <ScreenStage room={room} />
        <CaptionList captions={captions} />
      </div>
      <RemoteAudio room={room} />
    </section>
  );
}
