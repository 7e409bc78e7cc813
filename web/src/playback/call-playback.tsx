import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { trackersApi, type ResponseOf, type TranscriptSegmentView } from '@booth/shared/api';
import { useApi, type ApiState } from '../api/use-api';
import { trackedWords, type TrackedWords } from './tracked-words';
import { usePlayback, type Playback } from './use-playback';
import { useRecording, type RecordingState } from './use-recording';

type TrackerHits = ApiState<ResponseOf<typeof trackersApi.sessionHits>>;

export interface CallPlayback {
  sessionId: string;
  recording: RecordingState;
  /** The ready recording's audio (`/api/recordings/<id>/audio`), else undefined. */
  audioUrl: string | undefined;
  playback: Playback;
  /** Plays the recording from `ms` when there is one to play; false when there is none. */
  playFrom: (ms: number) => boolean;
  /** The transcript the moments are in (empty while it loads). */
  segments: readonly TranscriptSegmentView[];
  trackerHits: TrackerHits;
  /** The words the call's tracker hits cover, per segment. */
  tracked: TrackedWords;
}

const Context = createContext<CallPlayback | undefined>(undefined);

const NO_SEGMENTS: readonly TranscriptSegmentView[] = [];

/**
 * Everything that plays a call's recording, for the whole call page: the recording's state, the one
 * `<audio>` element's controls (the player renders the element), the tracker hits, and the moment
 * the address points at (`?at=`, `?t=`, `#t=`): the player starts there, and moves there again when
 * a link on the page changes it.
 */
export function CallPlaybackProvider({
  sessionId,
  sessionStatus,
  segments = NO_SEGMENTS,
  atMs,
  children,
}: {
  sessionId: string;
  sessionStatus: string;
  segments: readonly TranscriptSegmentView[] | undefined;
  atMs: number | undefined;
  children: ReactNode;
}) {
  const recording = useRecording(sessionId, sessionStatus);
  const playback = usePlayback();
  const trackerHits = useApi(trackersApi.sessionHits, { params: { id: sessionId } });
  const ready = recording.info?.recording?.status === 'ready' && !recording.deleted;
  const audioUrl = ready ? (recording.info?.recording?.audioUrl ?? undefined) : undefined;

  // The last moment asked for, so the address catching up with a click does not seek a second time.
  const asked = useRef<number | undefined>(undefined);
  const { seek, playFrom: startFrom } = playback;
  const playFrom = useCallback(
    (ms: number) => {
      if (!audioUrl) return false;
      asked.current = ms;
      startFrom(ms);
      return true;
    },
    [audioUrl, startFrom],
  );
  useEffect(() => {
    if (atMs === undefined || asked.current === atMs) return;
    asked.current = atMs;
    seek(atMs);
  }, [atMs, seek]);

  const data = trackerHits.data;
  const tracked = useMemo(
    () => trackedWords(segments, data?.hits ?? [], data?.counts ?? []),
    [segments, data],
  );
  const value = useMemo(
    () => ({ sessionId, recording, audioUrl, playback, playFrom, segments, trackerHits, tracked }),
    [sessionId, recording, audioUrl, playback, playFrom, segments, trackerHits, tracked],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** The call page's playback; undefined outside {@link CallPlaybackProvider}. */
export const useCallPlayback = (): CallPlayback | undefined => useContext(Context);
