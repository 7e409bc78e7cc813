import { useEffect, useState } from 'react';
import { sessionsApi, type JoinStatus } from '@booth/shared/api';
import { ApiError, call } from '../api/client';
import { JoinLobby, type LobbyChoice } from '../components/join-lobby';
import { JoinEnded, JoinInvalid, JoinLeft } from '../components/join-outcome';
import { JoinRoom } from '../components/join-room';
import { ROOM_OVER_REASONS, joinErrorText, useRoomConnection } from '../live/connection';
import { useLocation } from '../router';

type LinkCheck = JoinStatus | 'checking' | 'unreachable';

/**
 * What the link check says (GET /api/join/:roomName?code=…, which does not use up the invite), and
 * whether the consultation is recorded.
 */
function useLinkCheck(
  roomName: string,
  code: string,
): { status: LinkCheck; recorded: boolean; retry: () => void } {
  const [result, setResult] = useState<{ key: string; status: LinkCheck; recorded: boolean }>();
  const [attempt, setAttempt] = useState(0);
  const key = `${roomName}\n${code}\n${attempt}`;
  const wellFormed = code.length >= 8 && /^[a-zA-Z0-9_-]{3,128}$/.test(roomName);
  useEffect(() => {
    if (!wellFormed) return;
    const abort = new AbortController();
    call(sessionsApi.joinStatus, { params: { roomName }, query: { code } }, { signal: abort.signal }).then(
      (r) => setResult({ key, status: r.status, recorded: r.recorded }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const refused = err instanceof ApiError && err.status >= 400 && err.status < 500;
        setResult({ key, status: refused ? 'invalid' : 'unreachable', recorded: false });
      },
    );
    return () => abort.abort();
  }, [roomName, code, key, wellFormed]);
  const status: LinkCheck = !wellFormed ? 'invalid' : result?.key === key ? result.status : 'checking';
  const recorded = result?.key === key && result.recorded;
  return { status, recorded, retry: () => setAttempt((a) => a + 1) };
}

const invalidDetail = (err: ApiError) =>
  /no longer valid/i.test(err.message) ? 'This link has expired or has already been used.' : undefined;

/**
 * The client's join page (`/join/:roomName?code=…`, no sign-in): checks the link, then lets the
 * client give their name, test their microphone (and camera), agree to the transcription and join the
 * consultation; in the room they can mute, turn the camera on or off, leave, and see who is there.
 * An ended consultation and a bad link get their own pages, never a 404.
 */
export function JoinPage({ params }: { params: Record<string, string> }) {
  const roomName = params.roomName ?? '';
  const code = useLocation().query.get('code') ?? '';
  const link = useLinkCheck(roomName, code);
  const conn = useRoomConnection({ roomName, inviteCode: code });
  const [lobbyAgain, setLobbyAgain] = useState(false);
  const [name, setName] = useState<string>();
  const { phase, error, disconnectReason } = conn;

  useEffect(() => {
    document.title = 'Join your consultation · Booth';
  }, []);

  const join = (choice: LobbyChoice) => {
    setLobbyAgain(false);
    setName(choice.name);
    void conn.room.startAudio();
    void conn.join({ name: choice.name, microphone: choice.microphone, camera: choice.camera });
  };

  let content;
  if (link.status === 'checking') content = <p className="loading">Checking your link…</p>;
  else if (link.status === 'unreachable')
    content = (
      <section className="join-outcome">
        <h1>Booth cannot be reached</h1>
        <p>Check your internet connection, then try again.</p>
        <button type="button" onClick={link.retry}>
          Try again
        </button>
      </section>
    );
  else if (link.status === 'ended') content = <JoinEnded />;
  else if (link.status === 'invalid') content = <JoinInvalid />;
  else if (error instanceof ApiError && error.status === 410) content = <JoinEnded />;
  else if (error instanceof ApiError && error.status === 403)
    content = <JoinInvalid detail={invalidDetail(error)} />;
  else if (
    phase === 'disconnected' &&
    disconnectReason !== undefined &&
    ROOM_OVER_REASONS.includes(disconnectReason)
  )
    content = <JoinEnded />;
  else if (phase === 'disconnected' && !lobbyAgain)
    content = (
      <JoinLeft>
        <button type="button" className="live-primary" onClick={() => setLobbyAgain(true)}>
          Join again
        </button>
      </JoinLeft>
    );
  else if (phase === 'joining' || phase === 'connected' || phase === 'reconnecting')
    content = <JoinRoom live={conn} phase={phase} onLeave={() => void conn.leave()} />;
  else
    content = (
      <JoinLobby
        defaultName={name}
        recorded={link.recorded}
        error={error ? joinErrorText(error) : undefined}
        onJoin={join}
      />
    );

  return (
    <div className="join-page">
      <header className="join-header">
        <span className="join-brand">Booth</span>
      </header>
      <main id="main" className="join-main">
        {content}
      </main>
    </div>
  );
}
