import { useEffect, useRef } from 'react';
import { RoomEvent, Track, type RemoteTrack, type Room, type VideoTrack } from 'livekit-client';
import { displayNameOf } from './participants';
import { useRoomValue } from './room';

/**
 * Plays everyone else's audio: every subscribed remote audio track is attached to an <audio> element
 * in a hidden container for as long as it stays subscribed.
 */
export function RemoteAudio({ room }: { room: Room }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const attach = (track: RemoteTrack) => {
      if (track.kind !== Track.Kind.Audio) return;
      container.append(track.attach());
    };
    const detach = (track: RemoteTrack) => {
      for (const el of track.detach()) el.remove();
    };
    for (const p of room.remoteParticipants.values())
      for (const pub of p.audioTrackPublications.values()) if (pub.track) attach(pub.track);
    room.on(RoomEvent.TrackSubscribed, attach).on(RoomEvent.TrackUnsubscribed, detach);
    return () => {
      room.off(RoomEvent.TrackSubscribed, attach).off(RoomEvent.TrackUnsubscribed, detach);
      for (const p of room.remoteParticipants.values())
        for (const pub of p.audioTrackPublications.values()) if (pub.track) detach(pub.track);
    };
  }, [room]);
  return <div ref={box} className="live-remote-audio" hidden />;
}

const PLAYBACK_EVENTS: readonly RoomEvent[] = [RoomEvent.AudioPlaybackStatusChanged, RoomEvent.Connected];

/** A button to start audio when the browser blocked playback (autoplay policy). */
export function AudioPlaybackPrompt({ room }: { room: Room }) {
  const canPlay = useRoomValue(room, PLAYBACK_EVENTS, (r) => r.canPlaybackAudio);
  if (canPlay) return null;
  return (
    <button type="button" className="live-start-audio" onClick={() => void room.startAudio()}>
      Allow audio
    </button>
  );
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
