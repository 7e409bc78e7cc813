import { WebSocket, type RawData } from 'ws';
import type { RoomServiceClient } from 'livekit-server-sdk';
import {
  adminAttributes,
  connectStreamTwiml,
  encodeMulaw,
  parseStreamMessage,
  PHONE_ATTRIBUTES,
  PHONE_FRAME_BYTES,
  phoneAdminIdentity,
  phoneCallerIdentity,
  signStreamToken,
  STREAM_TOKEN_PARAMETER,
  streamClear,
  streamMark,
  streamMedia,
  verifyStreamToken,
  type Logger,
  type StreamGrant,
  type TwilioStartMessage,
  type TwilioStreamMessage,
} from '@booth/shared';
import { HoldAudio } from './audio/hold-audio';
import { Pacer } from './audio/pacer';
import { PhoneLeg } from './livekit/phone-leg';
import { AdminPhone } from './twilio/admin-phone';
import type { PhoneCalls } from './twilio/rest-calls';

/** What every stream needs from the bridge. */
export interface StreamDeps {
  livekit: { url: string; apiKey: string; apiSecret: string };
  /** Room deletion (ends the session: LiveKit's room_finished webhook). */
  rooms: Pick<RoomServiceClient, 'deleteRoom'>;
  agentIdentityPrefix: string;
  /** The caller's greeting, 8 kHz µ-law (undefined: ringback only). */
  greeting: () => Promise<Uint8Array | undefined>;
  /** Ringing the admin's phone; undefined when Twilio or TELEPHONY_ADMIN_PHONE is not configured. */
  adminPhone?: { calls: PhoneCalls; number: string; afterMs: number; streamUrl: string };
  logger: Logger;
  /** A frame larger than this is ignored (bytes). Default 64 KiB. */
  maxMessageBytes?: number;
  /** A stream without a valid `start` this long after opening is closed. Default 10 s. */
  startTimeoutMs?: number;
}

/** Twilio's media frames waiting in the WebSocket at most (a slow link): beyond it frames are dropped. */
export const OUTBOUND_BUFFER_FRAMES = 10;
/** A media message's size on the wire, about (160 bytes as base64 in JSON). */
const MEDIA_MESSAGE_BYTES = 300;
/** The mark sent after the greeting's last frame (Twilio echoes it when the caller has heard it). */
export const GREETING_MARK = 'greeting';
/** Close code for a stream Booth refuses (RFC 6455 policy violation). */
export const POLICY_VIOLATION = 1008;
/** Lifetime of the admin leg's stream token: it is checked when the admin picks up, after ringing. */
const ADMIN_TOKEN_TTL_MS = 5 * 60_000;

type State = 'awaiting-start' | 'live' | 'ended';

/**
 * One Twilio media stream (`<Connect><Stream>`): `connected`, then `start` with the signed per-call
 * token, then media both ways until `stop` or a close. The caller leg hears a greeting and ringback
 * until an admin is in the room, then the room's mix; the admin leg (the admin's own phone answering)
 * hears the room at once.
 */
export class StreamSession {
  private state: State = 'awaiting-start';
  private log: Logger;
  private grant: StreamGrant | undefined;
  private streamSid = '';
  private leg: PhoneLeg | undefined;
  private hold: HoldAudio | undefined;
  private adminPhone: AdminPhone | undefined;
  private readonly pacer: Pacer;
  private readonly startTimer: NodeJS.Timeout;
  private readonly pcm = new Int16Array(PHONE_FRAME_BYTES);
  private ending: Promise<void> | undefined;
  private ignored = 0;
  private droppedOut = 0;
  /** Resolves when the stream is over and its room has been left. */
  readonly done: Promise<void>;
  private finished!: () => void;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: StreamDeps,
  ) {
    this.log = deps.logger;
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.pacer = new Pacer({ intervalMs: 20 }, () => this.tick());
    this.startTimer = setTimeout(() => this.refuse('no start message'), deps.startTimeoutMs ?? 10_000);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code) => void this.end('stream closed', { code }));
    ws.on('error', (err) => this.log.warn({ err: err.message }, 'media stream error'));
  }

  /** Ends the stream (Booth is shutting down): the call ends as if the caller had hung up. */
  shutdown(): Promise<void> {
    return this.end('shutting down', { closeCode: 1001 });
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary || buf.length > (this.deps.maxMessageBytes ?? 64 * 1024)) {
      this.warnIgnored(isBinary ? 'binary frame' : 'oversized frame', { bytes: buf.length });
      return;
    }
    const parsed = parseStreamMessage(buf.toString('utf8'));
    if (!parsed.ok) {
      if (parsed.ignored) this.log.debug({ event: parsed.event }, 'unknown media stream event ignored');
      else this.warnIgnored('malformed message', { error: parsed.error });
      return;
    }
    try {
      this.handle(parsed.message);
    } catch (err) {
      this.log.warn({ err }, 'media stream message failed');
    }
  }

  private handle(msg: TwilioStreamMessage): void {
    switch (msg.event) {
      case 'connected':
        this.log.debug('media stream connected');
        return;
      case 'start':
        if (this.state !== 'awaiting-start') return this.warnIgnored('second start message', {});
        return this.start(msg);
      case 'media':
        if (this.state !== 'live' || (msg.media.track && !msg.media.track.startsWith('inbound'))) return;
        this.leg?.pushAudio(new Uint8Array(Buffer.from(msg.media.payload, 'base64')));
        return;
      case 'dtmf':
        if (this.state !== 'live') return;
        this.leg?.publishDtmf(msg.dtmf.digit).then(
          () => this.log.info({ pii: { digit: msg.dtmf.digit } }, 'keypad digit forwarded'),
          (err: unknown) => this.log.warn({ err }, 'could not forward a keypad digit'),
        );
        return;
      case 'mark':
        this.log.info({ mark: msg.mark.name }, 'mark played');
        return;
      case 'stop':
        void this.end('twilio stopped the stream');
        return;
    }
  }

  private start(msg: TwilioStartMessage): void {
    const check = verifyStreamToken(
      this.deps.livekit.apiSecret,
      msg.start.customParameters[STREAM_TOKEN_PARAMETER],
    );
    if (!check.ok) return this.refuse(check.reason);
    const grant = check.grant;
    if (grant.leg === 'caller' && grant.callSid !== msg.start.callSid) {
      return this.refuse('token is for another call');
    }
    if (grant.leg === 'admin' && !grant.adminId) return this.refuse('admin token without an admin');
    clearTimeout(this.startTimer);
    this.state = 'live';
    this.grant = grant;
    this.streamSid = msg.streamSid;
    this.log = this.deps.logger.child({
      room: grant.roomName,
      callSid: grant.callSid,
      leg: grant.leg,
      streamSid: msg.streamSid,
    });
    this.log.info({ pii: { from: grant.from, callerName: grant.callerName } }, 'media stream started');
    this.leg = new PhoneLeg({
      livekitUrl: this.deps.livekit.url,
      apiKey: this.deps.livekit.apiKey,
      apiSecret: this.deps.livekit.apiSecret,
      roomName: grant.roomName,
      ...(grant.leg === 'caller' ? callerIdentity(grant) : adminLegIdentity(grant)),
      agentIdentityPrefix: this.deps.agentIdentityPrefix,
      logger: this.log,
      onParticipantsChanged: () => this.onParticipants(),
      onRoomLost: (reason) => {
        this.log.info({ reason }, 'room closed under the phone');
        void this.end('room closed', { keepRoom: true });
      },
    });
    void this.goLive(grant);
  }

  private async goLive(grant: StreamGrant): Promise<void> {
    if (grant.leg === 'caller') {
      this.hold = new HoldAudio(await this.deps.greeting());
      if (this.state !== 'live') return;
      this.armAdminPhone(grant);
    }
    this.pacer.start();
    try {
      await this.leg!.join();
    } catch (err) {
      this.log.error({ err }, 'could not join the room');
      await this.end('could not join the room', { closeCode: 1011 });
    }
  }

  private armAdminPhone(grant: StreamGrant): void {
    const ring = this.deps.adminPhone;
    if (!ring || !grant.adminId || ring.afterMs < 0) return;
    const { exp: _exp, ...rest } = grant;
    const adminGrant = { ...rest, leg: 'admin' as const };
    this.adminPhone = new AdminPhone({
      calls: ring.calls,
      to: ring.number,
      from: grant.to,
      afterMs: ring.afterMs,
      phoneIdentity: phoneAdminIdentity(grant.adminId, grant.callSid),
      twiml: () =>
        connectStreamTwiml(ring.streamUrl, {
          [STREAM_TOKEN_PARAMETER]: signStreamToken(
            this.deps.livekit.apiSecret,
            adminGrant,
            ADMIN_TOKEN_TTL_MS,
          ),
        }),
      log: this.log,
    });
    this.adminPhone.arm(() => (this.leg?.adminIdentities().length ?? 0) === 0);
  }

  /** Someone joined or left: the caller stops holding once an admin is in the room. */
  private onParticipants(): void {
    const admins = this.leg?.adminIdentities() ?? [];
    this.adminPhone?.onAdmins(admins);
    if (this.hold && admins.length > 0) {
      this.hold = undefined;
      this.send(streamClear(this.streamSid));
      this.log.info({ admins: admins.length }, 'admin answered; caller hears the room');
    }
  }

  /** Every 20 ms: one frame to Twilio (hold audio, or the room's mix). */
  private tick(): void {
    if (this.state !== 'live' || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > OUTBOUND_BUFFER_FRAMES * MEDIA_MESSAGE_BYTES) {
      this.droppedOut++;
      return;
    }
    // The room is mixed every tick, heard or not: its queues never fill up while the caller holds.
    this.leg?.mix(this.pcm);
    if (this.hold) {
      const { frame, greetingEnded } = this.hold.next();
      this.send(streamMedia(this.streamSid, frame));
      if (greetingEnded) this.send(streamMark(this.streamSid, GREETING_MARK));
      return;
    }
    this.send(streamMedia(this.streamSid, encodeMulaw(this.pcm)));
  }

  private send(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  private refuse(reason: string): void {
    if (this.state === 'ended') return;
    this.log.warn({ reason }, 'media stream refused');
    void this.end(reason, { closeCode: POLICY_VIOLATION, keepRoom: true });
  }

  private warnIgnored(why: string, fields: Record<string, unknown>): void {
    this.ignored++;
    // The first few, then every hundredth: a broken peer does not flood the log.
    if (this.ignored <= 5 || this.ignored % 100 === 0) {
      this.log.warn({ why, ignored: this.ignored, ...fields }, 'media stream message ignored');
    }
  }

  /**
   * The stream is over: stop sending, leave the room, and end the call's session. The caller leg
   * deletes the room (LiveKit's room_finished ends the session and queues its analysis); the admin
   * leg deletes it only when no other admin is still there.
   */
  private end(
    why: string,
    opts: { code?: number; closeCode?: number; keepRoom?: boolean } = {},
  ): Promise<void> {
    this.ending ??= (async () => {
      const wasLive = this.state === 'live';
      this.state = 'ended';
      clearTimeout(this.startTimer);
      this.pacer.stop();
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
        this.ws.close(opts.closeCode ?? 1000, why.slice(0, 120));
      }
      if (wasLive) {
        this.log.info(
          { why, code: opts.code, droppedFrames: this.droppedOut, skippedTicks: this.pacer.skipped },
          'media stream ended',
        );
      }
      await this.adminPhone?.close();
      const leg = this.leg;
      const grant = this.grant;
      if (leg && grant) {
        const otherAdmins = leg.adminIdentities().length;
        await leg.leave();
        const deleteRoom = !opts.keepRoom && (grant.leg === 'caller' || otherAdmins === 0);
        if (deleteRoom) await this.deleteRoom(grant.roomName);
      }
      this.finished();
    })();
    return this.ending;
  }

  private async deleteRoom(roomName: string): Promise<void> {
    try {
      await this.deps.rooms.deleteRoom(roomName);
      this.log.info('room deleted');
    } catch (err) {
      // Already gone (everyone left and LiveKit closed it): nothing to end.
      this.log.debug({ err: (err as Error).message }, 'room not deleted');
    }
  }
}

function callerIdentity(grant: StreamGrant) {
  const attributes: Record<string, string> = {
    [PHONE_ATTRIBUTES.leg]: 'caller',
    [PHONE_ATTRIBUTES.number]: grant.from,
    [PHONE_ATTRIBUTES.callSid]: grant.callSid,
  };
  if (grant.contactId) attributes[PHONE_ATTRIBUTES.contactId] = grant.contactId;
  return { identity: phoneCallerIdentity(grant.callSid), name: grant.callerName || grant.from, attributes };
}

function adminLegIdentity(grant: StreamGrant) {
  const adminId = grant.adminId!;
  return {
    identity: phoneAdminIdentity(adminId, grant.callSid),
    name: 'Admin (phone)',
    attributes: { ...adminAttributes(adminId), [PHONE_ATTRIBUTES.leg]: 'admin' },
  };
}
