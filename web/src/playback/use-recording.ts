import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { recordingsApi, type SessionRecording } from '@booth/shared/api';
import { ApiError, asApiError, call } from '../api/client';
import { useApi } from '../api/use-api';

/** A call's recording as GET /api/sessions/:id/recording answers it. */
export type RecordingInfo = SessionRecording;

/** How often to look again while the playback file is being made. */
const MIXING_POLL_MS = 4_000;

export interface RecordingState {
  info: RecordingInfo | undefined;
  /** The last GET failed (the previous answer, if any, is kept). */
  error: ApiError | undefined;
  /** Deleted from this page (the API then answers `recording: null` like for a call never recorded). */
  deleted: boolean;
  /** A change (switching recording, deleting) is on its way. */
  busy: boolean;
  /** Why the last change failed. */
  changeError: ApiError | undefined;
  setEnabled: (enabled: boolean) => Promise<void>;
  remove: () => Promise<void>;
  reload: () => void;
}

/**
 * The recording of call `sessionId`: fetched on mount, again when the call's status moves (an ended
 * call's recording starts mixing) and every few seconds while it is being mixed; switching recording
 * on or off for the call, and deleting it.
 */
export function useRecording(sessionId: string, sessionStatus: string): RecordingState {
  const got = useApi(recordingsApi.get, { params: { id: sessionId } });
  const { reload } = got;
  const [deleted, setDeleted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [changeError, setChangeError] = useState<ApiError | undefined>();
  const [changed, setChanged] = useState<RecordingInfo | undefined>();

  // The answer of a change is the newest state until the next GET answers.
  const info = changed ?? got.data;
  useEffect(() => setChanged(undefined), [got.data]);

  const status = info?.recording?.status;
  const ended = sessionStatus === 'ended';
  useEffect(() => {
    if (!(status === 'mixing' || (status === 'recording' && ended))) return;
    const timer = window.setInterval(reload, MIXING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [status, ended, reload]);
  const seenStatus = useRef(sessionStatus);
  useEffect(() => {
    if (seenStatus.current === sessionStatus) return;
    seenStatus.current = sessionStatus;
    reload();
  }, [sessionStatus, reload]);

  const setEnabled = useCallback(
    async (enabled: boolean) => {
      setBusy(true);
      setChangeError(undefined);
      try {
        setChanged(await call(recordingsApi.update, { params: { id: sessionId }, body: { enabled } }));
      } catch (err) {
        setChangeError(asApiError(err));
      } finally {
        setBusy(false);
      }
    },
    [sessionId],
  );
  const remove = useCallback(async () => {
    setBusy(true);
    setChangeError(undefined);
    try {
      await call(recordingsApi.remove, { params: { id: sessionId } });
      setDeleted(true);
      reload();
    } catch (err) {
      setChangeError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }, [sessionId, reload]);

  const error = got.error;
  return useMemo(
    () => ({ info, error, deleted, busy, changeError, setEnabled, remove, reload }),
    [info, error, deleted, busy, changeError, setEnabled, remove, reload],
  );
}
