import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  LISTENABLE_KINDS,
  sessionsApi,
  type NotificationMessage,
  type SessionDetail,
} from '@booth/shared/api';
import { useApi } from '../api/use-api';
import { CallTalkAnalytics } from '../analytics/call-talk-analytics';
import { CallAnalysis } from '../components/call-analysis';
import { CallEndButton } from '../components/call-end';
import { CallPeople } from '../components/call-people-line';
import { callPath, when } from '../components/call-format';
import { CallInvite } from '../components/call-invite';
import { CallProblem } from '../components/call-problem';
import { CallNotes, CallSuggestions, CallTasks } from '../components/call-record';
import { speakerNames } from '../components/call-speakers';
import { CallStatus, kindLabel } from '../components/call-status';
import { CallTranscript } from '../components/call-transcript';
import { RecordingPlayer } from '../components/recording-player';
import { CallRecording } from '../components/recording-section';
import { TrackerHitsStrip } from '../components/recording-tracker-hits';
import { PhoneCallFacts } from '../components/phone-call-facts';
import { isPhoneCall } from '../components/phone-call-format';
import { InviteColleagues } from '../collaboration/invite-colleagues';
import { SharedAssistant } from '../collaboration/shared-assistant';
import { SharedPad } from '../pads';
import { CallRoom } from '../live/call-room';
import { useNotificationEvents } from '../live/notifications';
import { CallPlaybackProvider } from '../playback/call-playback';
import { momentOf } from '../playback/deep-link';
import { Link, navigate, useLocation } from '../router';

const RELOAD_EVENT = 'booth:call-reload';

/** Asks the open page of call `sessionId` (if any) to fetch its record again. */
export function reload(sessionId: string): void {
  window.dispatchEvent(new CustomEvent<string>(RELOAD_EVENT, { detail: sessionId }));
}

/** The worker's notifications that the call's analysis was written, or given up on. */
const ANALYSIS_EVENTS: readonly string[] = ['call_analyzed', 'call_analysis_failed'];

/** After joining, how often (and how many times) to look for LiveKit's room_started to mark the call started. */
const STARTED_POLL_MS = 1_500;
const STARTED_POLLS = 8;

/** The page's heading: who the call is with (a phone call's number when no contact). */
function title(s: SessionDetail): string {
  const kind = isPhoneCall(s) ? 'Phone call' : kindLabel(s.kind);
  if (s.contact) return `${kind} with ${s.contact.name}`;
  return isPhoneCall(s) ? `${kind} with ${s.phoneDisplay ?? 'an unknown caller'}` : s.roomName;
}

function Header({ s, onChanged }: { s: SessionDetail; onChanged: () => void }) {
  return (
    <div className="call-header">
      <h1>{title(s)}</h1>
      <p className="call-meta">
        <CallStatus status={s.status} missed={s.missed} />{' '}
        {isPhoneCall(s) ? <PhoneCallFacts call={s} /> : <span>{kindLabel(s.kind)}</span>}
        {s.contact && (
          <>
            <span>
              <Link to={`/contacts/${encodeURIComponent(s.contact.id)}`}>{s.contact.name}</Link>
            </span>
            <span className="hint">{s.roomName}</span>
          </>
        )}
        {s.startedAt && <span>Started {when(s.startedAt)}</span>}
        {s.endedAt && <span>Ended {when(s.endedAt)}</span>}
      </p>
      {s.status !== 'ended' && (
        <CallEndButton
          sessionId={s.id}
          label={s.kind === 'collaboration' ? 'Close the room' : 'End the call'}
          onEnded={onChanged}
        />
      )}
      <CallPeople participants={s.participants} />
      <CallInvite session={s} onChanged={onChanged} />
      <InviteColleagues session={s} />
    </div>
  );
}

/**
 * A call (`/calls/:id`): its header; the live room while it is not over; then its record: the analysis,
 * suggestions, tasks, notes, the recording with its player and the tracker hits, and the transcript
 * (`?at=<ms>`, or `?t=` / `#t=`, marks and scrolls to that moment and starts the player there). The
 * record is fetched again when the worker's `call_analyzed` (or `call_analysis_failed`) notification
 * for it arrives — also one missed while offline, fetched on reconnect —, when the live room reports
 * the call ended, and on {@link reload}.
 */
export function CallPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { query, hash } = useLocation();
  const at = momentOf(query, hash);
  const answer = query.get('answer') === '1';
  /** Asked to listen in (a colleague's invitation): join hidden from the client. */
  const listen = query.get('listen') === '1';
  const detail = useApi(sessionsApi.get, { params: { id } });
  const transcript = useApi(sessionsApi.transcript, { params: { id } });
  const { reload: reloadDetail } = detail;
  const { reload: reloadTranscript } = transcript;
  const reloadAll = useCallback(() => {
    reloadDetail();
    reloadTranscript();
  }, [reloadDetail, reloadTranscript]);

  useNotificationEvents(
    useCallback(
      (n: NotificationMessage) => {
        if (n.sessionId === id && ANALYSIS_EVENTS.includes(n.type)) reloadAll();
      },
      [id, reloadAll],
    ),
  );
  useEffect(() => {
    const on = (e: Event) => {
      if ((e as CustomEvent<string>).detail === id) reloadAll();
    };
    window.addEventListener(RELOAD_EVENT, on);
    return () => window.removeEventListener(RELOAD_EVENT, on);
  }, [id, reloadAll]);

  const s = detail.data;
  // Joined a call not yet marked started: the room_started webhook is on its way; look again briefly.
  const [startPolls, setStartPolls] = useState(0);
  const notStarted = s?.status === 'scheduled';
  useEffect(() => {
    if (!notStarted || startPolls === 0 || startPolls > STARTED_POLLS) return;
    const timer = window.setTimeout(() => {
      reloadDetail();
      setStartPolls((n) => n + 1);
    }, STARTED_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [notStarted, startPolls, reloadDetail]);
  const onJoined = useCallback(() => {
    reloadDetail();
    setStartPolls(1);
    // Answered: a reload of the page must not join again by itself.
    if (new URLSearchParams(window.location.search).has('answer')) navigate(callPath(id), { replace: true });
  }, [reloadDetail, id]);

  // A word clicked here moves `?at=` without scrolling; a link that opened the page scrolls to it.
  const [picked, setPicked] = useState<number | undefined>();
  const pick = useCallback(
    (ms: number) => {
      setPicked(ms);
      navigate(callPath(id, ms), { replace: true });
    },
    [id],
  );
  const speakerName = useMemo(() => speakerNames(s?.participants ?? []), [s?.participants]);

  if (!s) {
    if (detail.error?.status === 404) {
      return (
        <section>
          <h1>Call not found</h1>
          <p>
            There is no call {id}. <Link to="/calls">All calls</Link>
          </p>
        </section>
      );
    }
    return detail.error ? (
      <CallProblem error={detail.error} what="Could not load the call" />
    ) : (
      <p className="loading">Loading…</p>
    );
  }

  const page = (
    <article className="call">
      <Header s={s} onChanged={reloadAll} />
      <CallProblem error={detail.error} what="Could not refresh the call" />
      {s.status !== 'ended' && (
        <section className="call-section call-live" aria-labelledby="live-heading">
          <h2 id="live-heading">Live room</h2>
          <CallRoom
            session={{ id: s.id, roomName: s.roomName, kind: s.kind, status: s.status }}
            onLeft={reloadAll}
            onJoined={onJoined}
            autoJoin={answer && !listen}
            listenOnly={listen && LISTENABLE_KINDS.includes(s.kind)}
            aside={
              s.kind === 'collaboration'
                ? ({ live, captions }) => <SharedAssistant sessionId={s.id} live={live} captions={captions} />
                : undefined
            }
          />
        </section>
      )}
      {s.kind === 'collaboration' && (
        <section className="call-section" aria-labelledby="room-notes-heading">
          <h2 id="room-notes-heading">Room notes</h2>
          <SharedPad scope="session" id={s.id} label="Room notes" />
        </section>
      )}
      <CallAnalysis session={s} onChanged={reloadAll} />
      {s.status === 'ended' && <CallTalkAnalytics sessionId={s.id} />}
      <CallSuggestions sessionId={s.id} suggestions={s.suggestions} />
      <CallTasks tasks={s.tasks} />
      <CallNotes notes={s.notes} />
      <CallRecording sessionStatus={s.status} />
      <TrackerHitsStrip />
      <section className="call-section" aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">Transcript</h2>
        <RecordingPlayer />
        <CallProblem error={transcript.error} what="Could not load the transcript" />
        {transcript.data ? (
          <CallTranscript
            segments={transcript.data.segments}
            gaps={s.gaps}
            speakerName={speakerName}
            atMs={at}
            scroll={at !== picked}
            onPick={pick}
          />
        ) : (
          !transcript.error && <p className="loading">Loading…</p>
        )}
      </section>
    </article>
  );
  return (
    <CallPlaybackProvider
      sessionId={s.id}
      sessionStatus={s.status}
      segments={transcript.data?.segments}
      atMs={at}
    >
      {page}
    </CallPlaybackProvider>
  );
}
