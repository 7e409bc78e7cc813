import { useEffect, useRef, useState } from 'react';
import type { Room } from 'livekit-client';
import { useHeldMicrophone } from './held-microphone';
import type { Caption } from '../live/captions';

/** After release, how long to wait for the transcriber to show anything said while held. */
const HEARD_WAIT_MS = 12_000;
/** Once it has, how long at most for what it heard to become final (a busy transcriber lags). */
const FINAL_WAIT_MS = 60_000;
/** Once all of it is final, how long without another before the question is taken as complete. */
const SETTLE_MS = 1_200;
const POLL_MS = 200;

/**
 * Hold to ask the shared assistant by voice (`button#ask-by-voice`): while held the microphone is
 * on; the room's transcriber turns what this admin said into finals (the captions everyone sees),
 * and once they settle after the release their text is the turn, sent with source `voice`. Only
 * utterances that began while it was held count: one already under way at the press is left out,
 * and so is what is said after the release.
 */
export function AskByVoice({
  room,
  identity,
  captions,
  onSaid,
}: {
  room: Room;
  identity: string | undefined;
  captions: readonly Caption[];
  onSaid: (text: string) => void;
}) {
  const latest = useRef(captions);
  latest.current = captions;
  const [state, setState] = useState<'idle' | 'held' | 'listening'>('idle');
  const [unheard, setUnheard] = useState(false);
  const before = useRef(new Set<string>());
  /** When the button went down, and how long it was held (page clock, ms). */
  const pressedAt = useRef(0);
  const heldMs = useRef(0);
  const microphone = useHeldMicrophone(room);
  const mine = () => latest.current.filter((c) => c.speakerIdentity === identity);

  const press = () => {
    if (state !== 'idle' || !identity) return;
    // Anything already being said (an interim shown) or said is not the question.
    setUnheard(false);
    before.current = new Set(mine().map((c) => c.segmentId));
    pressedAt.current = Date.now();
    setState('held');
    microphone.open();
  };
  const release = () => {
    if (state !== 'held') return;
    heldMs.current = Date.now() - pressedAt.current;
    setState('listening');
  };

  useEffect(() => {
    if (state !== 'listening') return;
    const startedAt = Date.now();
    let lastCount = 0;
    let lastChange = startedAt;
    const timer = window.setInterval(() => {
      // The question began after the press, so none of it starts later than the hold lasted after
      // its first word: what does (the microphone stays open for talk) was said after the release.
      const after = mine()
        .filter((c) => !before.current.has(c.segmentId))
        .sort((a, b) => a.startMs - b.startMs);
      const first = after[0]?.startMs ?? 0;
      const heard = after.filter((c) => c.startMs <= first + heldMs.current);
      const fresh = heard.filter((c) => c.final);
      const count = heard.length + fresh.length;
      if (count !== lastCount) {
        lastCount = count;
        lastChange = Date.now();
      }
      const waited = Date.now() - startedAt;
      const settled =
        fresh.length > 0 && fresh.length === heard.length && Date.now() - lastChange >= SETTLE_MS;
      const giveUp = waited >= (heard.length ? FINAL_WAIT_MS : HEARD_WAIT_MS);
      if (!settled && !giveUp) return;
      window.clearInterval(timer);
      // The microphone stayed open until what was said came back (muted, the utterance may not end).
      microphone.close();
      setState('idle');
      const text = fresh
        .map((c) => c.text.trim())
        .join(' ')
        .trim();
      if (text) onSaid(text);
      else setUnheard(true);
    }, POLL_MS);
    return () => window.clearInterval(timer);
    // `mine` reads the ref; the effect runs once per release.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  return (
    <>
      <button
        id="ask-by-voice"
        type="button"
        aria-pressed={state === 'held'}
        disabled={state === 'listening'}
        onPointerDown={press}
        onPointerUp={release}
        onPointerCancel={release}
        onPointerLeave={release}
        onContextMenu={(e) => e.preventDefault()}
      >
        {state === 'listening' ? 'Listening…' : 'Hold to ask'}
      </button>
      {unheard && (
        <span role="status" className="hint">
          Nothing was heard: hold the button while you speak.
        </span>
      )}
    </>
  );
}
