import { useEffect, useRef } from 'react';
import { RoomAudioRenderer, StartAudio } from '@livekit/components-react';
import { RoomEvent, Track, type Room, type VideoTrack } from 'livekit-client';
import { displayNameOf } from './participants';
import { useRoomValue } from './room';

/** Plays everyone else's audio (LiveKit's renderer: every subscribed microphone and screen-share track). */
export function RemoteAudio({ room }: { room: Room }) {
  return <RoomAudioRenderer room={room} />;
}

/** A button to start audio when the browser blocked playback (autoplay policy); hidden otherwise. */
export function AudioPlaybackPrompt({ room }: { room: Room }) {
  return <StartAudio room={room} label="Allow audio" className="live-start-audio" />;
}

export interface VideoFeed {
  key: string;
  name: string;
  track: VideoTrack;
}

/** The room's video events (a module constant, as useRoomValue wants). */
export const VIDEO_EVENTS: readonly RoomEvent[] = [
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  // A remote track still sits in its publication while TrackUnsubscribed fires; gone by this one.
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.Disconnected,
];

/** The room's video of one kind: cameras, or screen shares (ours too when `withLocal`). */
export function feedsOf(room: Room, withLocal: boolean, screens: boolean): VideoFeed[] {
  const feeds: VideoFeed[] = [];
  const participants = [...(withLocal ? [room.localParticipant] : []), ...room.remoteParticipants.values()];
  for (const p of participants) {
    for (const pub of p.videoTrackPublications.values()) {
      const track = pub.videoTrack;
      if (!track || pub.isMuted) continue;
      if ((pub.source === Track.Source.ScreenShare) !== screens) continue;
      feeds.push({ key: `${p.identity}/${pub.trackSid}`, name: displayNameOf(p), track });
    }
  }
  return feeds;
}

/** A video element showing `track` while mounted. */
export function useAttachedVideo(track: VideoTrack) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    track.attach(el);
    return () => {
      track.detach(el);
    };
  }, [track]);
  return ref;
}

function VideoTile({ feed }: { feed: VideoFeed }) {
  const ref = useAttachedVideo(feed.track);
  return (
    <figure className="live-video">
      <video ref={ref} autoPlay playsInline muted />
      <figcaption>{feed.name}</figcaption>
    </figure>
  );
}

/** Camera video in the room (ours too when `withLocal`); screen shares go on the ScreenStage. Nothing when nobody shows any. */
export function RoomVideos({ room, withLocal = false }: { room: Room; withLocal?: boolean }) {
  const feeds = useRoomValue(room, VIDEO_EVENTS, (r) => feedsOf(r, withLocal, false));
  if (!feeds.length) return null;
  return (
    <div className="live-videos">
      {feeds.map((f) => (
        <VideoTile key={f.key} feed={f} />
      ))}
    </div>
  );
}
