import { useEffect, useRef } from 'react';
import { RoomAudioRenderer, StartAudio } from '@livekit/components-react';
import { RoomEvent, type Room, type VideoTrack } from 'livekit-client';
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

interface VideoFeed {
  key: string;
  name: string;
  track: VideoTrack;
}

const VIDEO_EVENTS: readonly RoomEvent[] = [
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.Disconnected,
];

function feedsOf(room: Room, withLocal: boolean): VideoFeed[] {
  const feeds: VideoFeed[] = [];
  const participants = [...(withLocal ? [room.localParticipant] : []), ...room.remoteParticipants.values()];
  for (const p of participants) {
    for (const pub of p.videoTrackPublications.values()) {
      const track = pub.videoTrack;
      if (!track || pub.isMuted) continue;
      feeds.push({ key: `${p.identity}/${pub.trackSid}`, name: displayNameOf(p), track });
    }
  }
  return feeds;
}

function VideoTile({ feed }: { feed: VideoFeed }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    feed.track.attach(el);
    return () => {
      feed.track.detach(el);
    };
  }, [feed.track]);
  return (
    <figure className="live-video">
      <video ref={ref} autoPlay playsInline muted />
      <figcaption>{feed.name}</figcaption>
    </figure>
  );
}

/** Camera and screen-share video in the room (ours too when `withLocal`). Nothing when nobody shows any. */
export function RoomVideos({ room, withLocal = false }: { room: Room; withLocal?: boolean }) {
  const feeds = useRoomValue(room, VIDEO_EVENTS, (r) => feedsOf(r, withLocal));
  if (!feeds.length) return null;
  return (
    <div className="live-videos">
      {feeds.map((f) => (
        <VideoTile key={f.key} feed={f} />
      ))}
    </div>
  );
}
