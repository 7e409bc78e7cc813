import { useState } from 'react';
import { RoomEvent, type Room } from 'livekit-client';
import { VIDEO_EVENTS, feedsOf, useAttachedVideo, type VideoFeed } from './remote-media';
import { useRoomValue } from './room';

const LOCAL_SHARE_EVENTS: readonly RoomEvent[] = [
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.Connected,
  RoomEvent.Disconnected,
];

/** Whether this browser can share a screen at all (phones' browsers mostly cannot). */
const canShareScreen = () =>
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/** Why a share did not start, in words (a dismissed picker is not an error). */
function shareErrorText(err: unknown): string | undefined {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'AbortError') return undefined;
  if (name === 'NotAllowedError') return 'Screen sharing was not allowed by the browser.';
  return 'Your screen could not be shared.';
}

/**
 * Share our screen, or stop (`button#share-screen`, pressed while sharing): the browser asks which
 * screen, window or tab. Hidden where the browser cannot share a screen.
 */
export function ScreenShareButton({ room }: { room: Room }) {
  const on = useRoomValue(room, LOCAL_SHARE_EVENTS, (r) => r.localParticipant.isScreenShareEnabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!canShareScreen()) return null;
  const toggle = () => {
    setBusy(true);
    setError(undefined);
    room.localParticipant
      .setScreenShareEnabled(!on)
      .catch((err: unknown) => setError(shareErrorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button id="share-screen" type="button" aria-pressed={on} disabled={busy} onClick={toggle}>
        {on ? 'Stop sharing' : 'Share screen'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function ScreenView({ feed, mine }: { feed: VideoFeed; mine: boolean }) {
  const ref = useAttachedVideo(feed.track);
  return (
    <figure className="live-screen" data-identity={feed.key.split('/')[0]}>
      <video ref={ref} autoPlay playsInline muted />
      <figcaption>{mine ? 'You are sharing your screen' : `${feed.name}'s screen`}</figcaption>
    </figure>
  );
}

/**
 * The screens shared in the room, shown large (ours too, so the sharer sees what the others see).
 * Nothing while nobody shares.
 */
export function ScreenStage({ room }: { room: Room }) {
  const feeds = useRoomValue(room, VIDEO_EVENTS, (r) => feedsOf(r, true, true));
  if (!feeds.length) return null;
  const localPrefix = `${room.localParticipant.identity}/`;
  return (
    <section className="live-stage" aria-label="Shared screens">
      {feeds.map((f) => (
        <ScreenView key={f.key} feed={f} mine={f.key.startsWith(localPrefix)} />
      ))}
    </section>
  );
}
