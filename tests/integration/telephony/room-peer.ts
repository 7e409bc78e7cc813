import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { adminAttributes, adminIdentity, dataVerifier, roomDataKey } from '@booth/shared';

/**
 * A dashboard admin in a call room, as the browser would be (rtc-node): plays a tone as its
 * microphone, records what it hears from each participant at 8 kHz, and opens Booth's signed data.
 */
export interface RoomPeer {
  room: Room;
  identity: string;
  /** PCM heard from `identity` so far (8 kHz mono), concatenated. */
  heard(identity: string): Int16Array;
  /** Samples heard from `identity` so far (an index to slice `heard` from). */
  heardLength(identity: string): number;
  /** Booth-signed payloads received on `topic`; unsigned or forged ones counted in `rejected`. */
  data(topic: string): { messages: unknown[]; rejected: number };
  /** Wall-clock ms when the first audio louder than `rms` from `identity` arrived after `since`. */
  onsetAfter(identity: string, since: number, rms?: number): number | undefined;
  /** Publishes a sine (48 kHz) as its microphone, silent while `on(false)`, until `stop()`. */
  playTone(freq: number, amplitude?: number): Promise<{ on(playing: boolean): void; stop(): Promise<void> }>;
  /** Resolves when LiveKit disconnects this peer (the room was deleted). */
  disconnected: Promise<unknown>;
  leave(): Promise<void>;
}

export async function joinAsAdmin(roomName: string, adminId: string): Promise<RoomPeer> {
  const identity = adminIdentity(adminId);
  const at = new AccessToken(process.env.LIVEKIT_API_KEY!, process.env.LIVEKIT_API_SECRET!, {
    identity,
    name: 'Dashboard admin',
    attributes: adminAttributes(adminId),
  });
  at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
  const room = new Room();
  const audio = new Map<string, Int16Array[]>();
  const arrivals = new Map<string, { at: number; rms: number }[]>();
  const topics = new Map<string, { messages: unknown[]; rejected: number }>();
  const verifier = roomDataKey(process.env.LIVEKIT_API_SECRET!, roomName).then(dataVerifier);
  room.on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    const chunks: Int16Array[] = [];
    const times: { at: number; rms: number }[] = [];
    audio.set(participant.identity, chunks);
    arrivals.set(participant.identity, times);
    void (async () => {
      for await (const frame of new AudioStream(track, { sampleRate: 8000, numChannels: 1 })) {
        chunks.push(new Int16Array(frame.data));
        let sum = 0;
        for (const x of frame.data) sum += x * x;
        times.push({ at: Date.now(), rms: Math.sqrt(sum / Math.max(1, frame.data.length)) });
      }
    })().catch(() => undefined);
  });
  room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => {
    const got = topics.get(topic ?? '');
    if (!got || !topic) return;
    void verifier
      .then((v) => v.open(payload, topic))
      .then((msg) => {
        if (msg === undefined) got.rejected++;
        else got.messages.push(msg);
      });
  });
  const disconnected = new Promise((resolve) => room.once(RoomEvent.Disconnected, resolve));
  await room.connect(process.env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: true, dynacast: false });
  const concat = (chunks: Int16Array[]) => {
    const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  };
  return {
    room,
    identity,
    heard: (who) => concat(audio.get(who) ?? []),
    heardLength: (who) => (audio.get(who) ?? []).reduce((n, c) => n + c.length, 0),
    onsetAfter: (who, since, rms = 1000) =>
      (arrivals.get(who) ?? []).find((c) => c.at > since && c.rms > rms)?.at,
    data(topic) {
      let got = topics.get(topic);
      if (!got) topics.set(topic, (got = { messages: [], rejected: 0 }));
      return got;
    },
    async playTone(freq, amplitude = 8000) {
      const rate = 48_000;
      const source = new AudioSource(rate, 1, 100);
      const track = LocalAudioTrack.createAudioTrack('microphone', source);
      const options = new TrackPublishOptions();
      options.source = TrackSource.SOURCE_MICROPHONE;
      await room.localParticipant!.publishTrack(track, options);
      let stop = false;
      let playing = true;
      let n = 0;
      const loop = (async () => {
        while (!stop) {
          const frame = new Int16Array(rate / 100);
          for (let i = 0; i < frame.length; i++, n++) {
            if (playing) frame[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * n) / rate));
          }
          await source.captureFrame(new AudioFrame(frame, rate, 1, frame.length));
        }
      })().catch(() => undefined);
      return {
        on: (p: boolean) => void (playing = p),
        async stop() {
          stop = true;
          await loop;
          await source.close();
        },
      };
    },
    disconnected,
    leave: () => room.disconnect(),
  };
}
