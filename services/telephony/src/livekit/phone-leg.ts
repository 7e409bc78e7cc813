import {
  DisconnectReason,
  ParticipantKind,
  Room,
  RoomEvent,
  type RemoteParticipant,
} from '@livekit/rtc-node';
import { adminIdOf, DATA_TOPICS, dtmfMessageSchema, roomDataKey, sealData, type Logger } from '@booth/shared';
import { legToken, type LegIdentity } from './leg-token';
import { PhoneMicrophone } from './phone-microphone';
import { RoomListener } from './room-listener';

export interface PhoneLegOptions extends LegIdentity {
  livekitUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Identity prefix of Booth's agents (TRANSCRIBER_IDENTITY): never heard by the phone. */
  agentIdentityPrefix: string;
  logger: Logger;
  /** Someone joined or left (admin presence is re-read). */
  onParticipantsChanged?: () => void;
  /** LiveKit closed the connection without us leaving (the room was deleted, or we were removed). */
  onRoomLost?: (reason: string) => void;
}

/**
 * One phone (a Twilio media stream) as a participant of its LiveKit room: its audio published as a
 * microphone track, everyone else's mixed for it, its keypad digits published as signed data.
 */
export class PhoneLeg {
  readonly room = new Room();
  readonly microphone: PhoneMicrophone;
  readonly listener: RoomListener;
  private readonly log: Logger;
  private readonly dataKey: Promise<string>;
  private leaving: Promise<void> | undefined;
  private joined = false;
  /** Digits are sealed asynchronously: chained, so they reach the room in the order pressed. */
  private dtmfChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PhoneLegOptions) {
    this.log = opts.logger;
    this.microphone = new PhoneMicrophone(this.log);
    this.listener = new RoomListener(this.log);
    this.dataKey = roomDataKey(opts.apiSecret, opts.roomName);
  }

  get identity(): string {
    return this.opts.identity;
  }

  /** Joins the room and publishes the phone's audio. */
  async join(): Promise<void> {
    const changed = () => this.opts.onParticipantsChanged?.();
    this.room
      .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
        if (this.heard(participant)) this.listener.add(track, publication, participant);
      })
      .on(
        RoomEvent.TrackUnsubscribed,
        (_track, publication) => void this.listener.remove(publication.sid ?? ''),
      )
      .on(RoomEvent.ParticipantConnected, changed)
      .on(RoomEvent.ParticipantDisconnected, changed)
      .on(RoomEvent.Disconnected, (reason) => {
        if (this.leaving) return;
        this.opts.onRoomLost?.(DisconnectReason[reason] ?? String(reason));
      });
    const token = await legToken(this.opts.apiKey, this.opts.apiSecret, this.opts);
    await this.room.connect(this.opts.livekitUrl, token, { autoSubscribe: true, dynacast: false });
    this.joined = true;
    if (this.leaving) {
      // Left while connecting: disconnect() was a no-op then.
      await this.room.disconnect().catch(() => undefined);
      return;
    }
    const trackSid = await this.microphone.publish(this.room.localParticipant!);
    this.log.info({ trackSid, participants: this.room.remoteParticipants.size }, 'phone joined room');
    changed();
  }

  /** Admin identities in the room besides this leg (dashboard tabs and admins' phones). */
  adminIdentities(): string[] {
    return [...this.room.remoteParticipants.values()]
      .map((p) => p.identity)
      .filter((identity) => adminIdOf(identity) !== undefined);
  }

  /** Twilio audio for the room. */
  pushAudio(mulaw: Uint8Array): void {
    this.microphone.push(mulaw);
  }

  /** The next 20 ms of what the phone hears (8 kHz, 160 samples) into `out`. */
  mix(out: Int16Array): number {
    return this.listener.mix(out);
  }

  /** A keypad digit, reliably and signed with the room's data key (`booth.dtmf`). */
  async publishDtmf(digit: string): Promise<void> {
    const local = this.room.localParticipant;
    if (!this.joined || !local) return;
    const message = dtmfMessageSchema.parse({
      digit: digit.toUpperCase(),
      from: this.identity,
      at: Date.now(),
    });
    const bytes = await sealData(await this.dataKey, DATA_TOPICS.dtmf, message);
    await local.publishData(bytes, { reliable: true, topic: DATA_TOPICS.dtmf });
  }

  /** Leaves the room (idempotent). */
  leave(): Promise<void> {
    this.leaving ??= (async () => {
      await this.listener.close();
      await this.microphone.close();
      await this.room.disconnect().catch((err: unknown) => this.log.warn({ err }, 'leaving the room failed'));
      if (this.joined) this.log.info('phone left room');
    })();
    return this.leaving;
  }

  /** Whether the phone hears this participant: everyone but Booth's agents. */
  private heard(p: RemoteParticipant): boolean {
    return p.kind !== ParticipantKind.AGENT && !p.identity.startsWith(this.opts.agentIdentityPrefix);
  }
}
