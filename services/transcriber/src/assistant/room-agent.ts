import {
  AudioStream,
  ParticipantKind,
  Room,
  RoomEvent,
  RpcError,
  TrackKind,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type RpcInvocationData,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { z } from 'zod';
import type { Assistant } from '@booth/assistant';
import {
  AGENT_STATE_ATTRIBUTE,
  ASSISTANT_RPC,
  DATA_TOPICS,
  adminIdOf,
  handsFreePayloadSchema,
  roomDataKey,
  sealData,
  turnRpcPayloadSchema,
  type AssistantData,
  type Logger,
  type Navigation,
} from '@booth/shared';
import type { RecognizerPool } from '../recognizer/pool';
import type { SegmenterOptions, Utterance } from '../vad/segmenter';
import type { SileroVad } from '../vad/silero';
import { AgentStateAttribute } from './agent-state';
import { OwnerMic } from './owner-mic';
import { ReplySpeaker } from './reply-speaker';
import { EspeakSynthesizer, type Synthesizer } from './tts';
import { isUnheard, quietTail, quietTailFrom, rms, speechMs } from './turn-capture';
import { matchWake, wakePhrasePrompt } from './wake-word';

export interface AssistantRoomAgentOptions {
  livekitUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Identity prefix of the agent participant; a random suffix is added. Default `booth-assistant`. */
  identity?: string;
  roomName: string;
  sessionId: string;
  /** The admin whose assistant room this is (the session's `ownerId`): only their audio and RPCs count. */
  ownerId: string;
  /** The assistant's core: turns go to it. */
  assistant: Assistant;
  vad: SileroVad;
  recognizer: RecognizerPool;
  /** Hands-free endpointing (VAD_*). Default {@link DEFAULT_SEGMENTER_OPTIONS}. */
  segmenter?: Partial<SegmenterOptions>;
  /** Whisper initial prompt from the business vocabulary; the wake phrase is added. Default none. */
  prompt?: string;
  /** ASSISTANT_WAKE_PHRASE. Default `hey booth`. */
  wakePhrase?: string;
  /** ASSISTANT_WAKE_WINDOW_MS: after the phrase alone, the next utterance this soon is the command. Default 6000. */
  wakeWindowMs?: number;
  /** The voice. Default espeak-ng, `en-us`, 175 wpm. */
  synthesizer?: Synthesizer;
  /** Leave this long after the owner's last connection left. Default 3000 ms. */
  emptyGraceMs?: number;
  /** Push-to-talk audio kept from before `start_turn`, ms. Default 300. */
  prerollMs?: number;
  /** Audio still taken after `end_turn` (the last syllable in flight), ms. Default 150. */
  /** Decode push-to-talk turns greedily (faster) instead of with beam search. Default true. */
  greedyTurns?: boolean;
  turnTailMs?: number;
  /** Longest push-to-talk utterance, ms. Default 30000. */
  maxTurnMs?: number;
  /** Push-to-talk audio quieter than this RMS (or shorter than 200 ms) is unheard without decoding. Default 0.002. */
  silenceRms?: number;
  /** Push-to-talk audio with less speech than this (Silero VAD) is unheard without decoding, ms. Default 100. */
  minTurnSpeechMs?: number;
  /** Hands-free speech this long interrupts a reply being spoken (barge-in), ms. Default 200. */
  bargeInMs?: number;
  /** How long `booth.navigate` on the page may take, ms. Default 3000. */
  navigateTimeoutMs?: number;
  logger: Logger;
}

/** RPC error codes the agent answers with (1001–1999 are LiveKit's own); the page uses the same. */
export const AGENT_RPC_ERRORS = { invalid: 4400, notAllowed: 4403, conflict: 4409 } as const;

/** What the admin talks to the assistant about, spelled for Whisper's prompt. */
const ASSISTANT_GLOSSARY = 'Contacts, leads, tasks, invoices, quotes, calls, consultations.';

/** Spoken when a turn fails. */
const SORRY = 'Sorry, something went wrong.';
const MIN_TURN_SAMPLES = 16000 * 0.2;
/** How often a held turn is looked at for a pause worth decoding ahead of the release. */
const SPECULATE_EVERY_MS = 200;

/** LiveKit delivers reliable data packets up to about 15 KiB. */
const MAX_DATA_BYTES = 15_000;

interface PushToTalk {
  identity: string;
  conversationId: string | undefined;
}

/**
 * The voice agent of one admin's assistant room: joins as an agent participant ("Booth assistant"),
 * listens to the owner only, and turns what they say into assistant turns whose replies it speaks.
 *
 * - Push-to-talk: `start_turn` captures the caller's mic (with pre-roll), `end_turn` makes it final at
 *   once (Whisper, then `assistant.turn`; the RPC returns before the reply), `cancel_turn` drops it.
 * - Hands-free (`booth.hands_free`): VAD utterances that start with the wake phrase are commands (the
 *   rest of the utterance, or the next one within the wake window); anything else is ignored.
 * - Replies: the turn is published signed on `booth.assistant`, the page is sent to `reply.navigate`
 *   (`booth.navigate` RPC), and `reply.speech ?? reply.text` is spoken (espeak-ng) on the agent's track;
 *   the owner speaking (hands-free) or a new `start_turn` stops it (barge-in).
 * - `lk.agent.state`: initializing → listening ⇄ thinking → speaking.
 *
 * Nothing is stored as a transcript: the assistant core stores the conversation. `run()` resolves when
 * the owner has been gone for `emptyGraceMs`, the room closed, or after `stop()`.
 */
export class AssistantRoomAgent {
  private readonly room = new Room();
  private readonly log: Logger;
  private readonly mics = new Map<string, OwnerMic>();
  private readonly speaker: ReplySpeaker;
  private readonly state: AgentStateAttribute;
  private readonly dataKey: Promise<string>;
  private readonly prompt: string;
  private readonly wakePhrase: string;
  /** Background work (navigations, the end of a turn) that `stop()` waits for. */
  private readonly pending = new Set<Promise<unknown>>();
  private turnChain: Promise<void> = Promise.resolve();
  private ptt: PushToTalk | undefined;
  /**
   * A decode of the turn so far, started while the admin still holds the key after they stopped
   * talking: on release, if nothing was said since, it is the turn's text (no decode left to wait for).
   */
  private speculation: { ptt: PushToTalk; samples: number; text: Promise<string | undefined> } | undefined;
  private speculateTimer: NodeJS.Timeout | undefined;
  /** The recognizer pool's key for this room's speculative decode (a newer one replaces it). */
  private get speculationKey(): string {
    return `assistant/${this.opts.roomName}`;
  }
  private handsFree = false;
  /** Until when (wall-clock ms) an utterance without the wake phrase is still a command. */
  private wakeUntil = 0;
  private conversationId: string | undefined;
  /** The owner's today, as their page last said (default the server's). */
  private today: string | undefined;
  private turns = 0;
  private emptyTimer: NodeJS.Timeout | undefined;
  private finished!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finished = resolve));
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: AssistantRoomAgentOptions) {
    this.log = opts.logger.child({ room: opts.roomName });
    this.wakePhrase = opts.wakePhrase ?? 'hey booth';
    // The phrase and the dashboard's nouns in the prompt so Whisper spells them ("invoices", not "in
    // voices"); no example command: Whisper would hallucinate it on near-silence.
    this.prompt = [opts.prompt, `${wakePhrasePrompt(this.wakePhrase)}. ${ASSISTANT_GLOSSARY}`]
      .filter(Boolean)
      .join(' ');
    this.speaker = new ReplySpeaker({
      synthesizer: opts.synthesizer ?? new EspeakSynthesizer(),
      logger: this.log,
    });
    this.state = new AgentStateAttribute(() => this.room.localParticipant, this.log);
    this.dataKey = roomDataKey(opts.apiSecret, opts.roomName);
  }

  /** Voice turns answered so far. */
  get turnCount(): number {
    return this.turns;
  }

  async run(): Promise<void> {
    const at = new AccessToken(this.opts.apiKey, this.opts.apiSecret, {
      identity: `${this.opts.identity ?? 'booth-assistant'}-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Booth assistant',
      ttl: '24h',
      attributes: { [AGENT_STATE_ATTRIBUTE]: 'initializing' },
    });
    at.kind = 'agent';
    at.addGrant({
      roomJoin: true,
      room: this.opts.roomName,
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      // lk.agent.state is an attribute of our own.
      canUpdateOwnMetadata: true,
      agent: true,
    });
    this.room
      .on(RoomEvent.TrackPublished, (publication, participant) =>
        this.maybeSubscribe(publication, participant),
      )
      .on(RoomEvent.TrackSubscribed, (track, publication, participant) =>
        this.onTrack(track, publication, participant),
      )
      .on(RoomEvent.TrackUnsubscribed, (_track, publication) => void this.closeMic(publication.sid ?? ''))
      .on(RoomEvent.ParticipantConnected, () => this.checkEmpty())
      .on(RoomEvent.ParticipantDisconnected, (p) => this.onLeft(p))
      .on(RoomEvent.Disconnected, () => void this.stop());
    try {
      await this.room.connect(this.opts.livekitUrl, await at.toJwt(), {
        autoSubscribe: false,
        dynacast: false,
      });
      const local = this.room.localParticipant!;
      this.registerRpcs();
      await this.speaker.publish(local);
      for (const p of this.room.remoteParticipants.values())
        for (const pub of p.trackPublications.values()) this.maybeSubscribe(pub, p);
      this.state.set('listening');
      this.log.info({ participants: this.room.remoteParticipants.size }, 'assistant joined room');
    } catch (err) {
      this.log.error({ err }, 'assistant could not join the room');
      await this.stop();
      throw err;
    }
    this.checkEmpty();
    await this.done;
  }

  /** Stops listening, finishes the turn in flight (without speaking it), leaves. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.emptyTimer);
      clearInterval(this.speculateTimer);
      this.ptt = undefined;
      for (const mic of this.mics.values()) mic.capture.cancel();
      await this.speaker.close();
      await Promise.allSettled([...this.pending]);
      await this.turnChain;
      await Promise.all([...this.mics.keys()].map((sid) => this.closeMic(sid)));
      await this.state.flush();
      await this.room.disconnect().catch(() => undefined);
      this.log.info({ turns: this.turns }, 'assistant left room');
      this.finished();
    })();
    return this.stopping;
  }

  // ---- participants and tracks -------------------------------------------------------------

  private isOwner(identity: string): boolean {
    return adminIdOf(identity) === this.opts.ownerId;
  }

  /** The owner's connections in the room (a tab each). */
  private ownerIdentities(): string[] {
    return [...this.room.remoteParticipants.values()]
      .filter((p) => p.kind !== ParticipantKind.AGENT && this.isOwner(p.identity))
      .map((p) => p.identity);
  }

  private checkEmpty(): void {
    clearTimeout(this.emptyTimer);
    if (this.ownerIdentities().length > 0 || this.stopping) return;
    this.emptyTimer = setTimeout(() => {
      if (this.ownerIdentities().length === 0) void this.stop();
    }, this.opts.emptyGraceMs ?? 3000);
  }

  private onLeft(p: RemoteParticipant): void {
    if (this.ptt?.identity === p.identity) this.ptt = undefined;
    for (const [sid, mic] of this.mics) if (mic.identity === p.identity) void this.closeMic(sid);
    this.checkEmpty();
  }

  /** Only the owner's audio is subscribed to; everyone else's is never received. */
  private maybeSubscribe(publication: RemoteTrackPublication, participant: RemoteParticipant): void {
    if (this.stopping || publication.kind !== TrackKind.KIND_AUDIO) return;
    if (participant.kind === ParticipantKind.AGENT || !this.isOwner(participant.identity)) return;
    if (!publication.subscribed) publication.setSubscribed(true);
  }

  private onTrack(
    track: RemoteTrack,
    publication: RemoteTrackPublication,
    participant: RemoteParticipant,
  ): void {
    if (track.kind !== TrackKind.KIND_AUDIO || this.stopping || !this.isOwner(participant.identity)) return;
    if (participant.kind === ParticipantKind.AGENT) return;
    const trackSid = publication.sid ?? track.sid ?? 'unknown';
    if (this.mics.has(trackSid)) return;
    const identity = participant.identity;
    const mic = new OwnerMic({
      identity,
      trackSid,
      reader: new AudioStream(track, { sampleRate: 16000, numChannels: 1 }).getReader(),
      vad: this.opts.vad,
      segmenter: this.opts.segmenter,
      capture: { prerollMs: this.opts.prerollMs ?? 300, maxMs: this.opts.maxTurnMs ?? 30_000 },
      bargeInMs: this.opts.bargeInMs,
      onUtterance: (u, spokeAt) => this.onUtterance(u, spokeAt),
      onSpeech: () => this.bargeIn('speech'),
      logger: this.log,
    });
    mic.setHandsFree(this.handsFree);
    if (this.ptt?.identity === identity) mic.startTurn();
    this.mics.set(trackSid, mic);
    this.log.info({ trackSid, identity }, 'listening to the owner');
  }

  private async closeMic(trackSid: string): Promise<void> {
    const mic = this.mics.get(trackSid);
    if (!mic) return;
    this.mics.delete(trackSid);
    await mic.close();
  }

  private micsOf(identity: string): OwnerMic[] {
    return [...this.mics.values()].filter((m) => m.identity === identity);
  }

  // ---- RPCs ---------------------------------------------------------------------------------

  private registerRpcs(): void {
    const local = this.room.localParticipant!;
    const method = (name: string, handler: (data: RpcInvocationData) => string) =>
      local.registerRpcMethod(name, async (data) => {
        if (!this.isOwner(data.callerIdentity)) {
          this.log.warn(
            { method: name, caller: data.callerIdentity },
            'refused an RPC from someone not the owner',
          );
          throw new RpcError(AGENT_RPC_ERRORS.notAllowed, 'only the owner of this assistant room may use it');
        }
        if (this.stopping) throw new RpcError(AGENT_RPC_ERRORS.conflict, 'the assistant is leaving');
        return handler(data);
      });
    method(ASSISTANT_RPC.startTurn, (d) => this.startTurn(d));
    method(ASSISTANT_RPC.endTurn, (d) => this.endTurn(d));
    method(ASSISTANT_RPC.cancelTurn, (d) => this.cancelTurn(d));
    method(ASSISTANT_RPC.handsFree, (d) => this.setHandsFree(d));
  }

  /** The payload parsed with `schema`; an empty payload is `{}`. Throws an RPC error when it does not parse. */
  private payload<T extends z.ZodTypeAny>(data: RpcInvocationData, schema: T): z.output<T> {
    let json: unknown = {};
    if (data.payload.trim() !== '') {
      try {
        json = JSON.parse(data.payload);
      } catch {
        throw new RpcError(AGENT_RPC_ERRORS.invalid, 'the payload is not JSON');
      }
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RpcError(AGENT_RPC_ERRORS.invalid, 'invalid payload');
    return parsed.data as z.output<T>;
  }

  private startTurn(data: RpcInvocationData): string {
    const { conversationId, today } = this.payload(data, turnRpcPayloadSchema);
    if (today) this.today = today;
    this.bargeIn('start_turn');
    for (const mic of this.mics.values()) mic.capture.cancel();
    this.ptt = { identity: data.callerIdentity, conversationId };
    this.speculation = undefined;
    clearInterval(this.speculateTimer);
    this.speculateTimer = setInterval(() => this.speculate(), SPECULATE_EVERY_MS);
    for (const mic of this.micsOf(data.callerIdentity)) mic.startTurn();
    this.state.set('listening');
    this.log.debug('push-to-talk turn started');
    return 'ok';
  }

  private endTurn(data: RpcInvocationData): string {
    this.payload(data, turnRpcPayloadSchema);
    const ptt = this.ptt;
    if (!ptt || ptt.identity !== data.callerIdentity)
      throw new RpcError(AGENT_RPC_ERRORS.conflict, 'no turn in progress');
    const releasedAt = Date.now();
    clearInterval(this.speculateTimer);
    const mics = this.micsOf(ptt.identity);
    // Returned at once; the last syllable still in flight is taken, then the utterance is final.
    // When the admin had already stopped talking (a quiet tail, decoded while they held the key),
    // nothing is in flight worth waiting for.
    const settled =
      this.speculation?.ptt === ptt && mics.some((m) => quietTail(m.capture.peek() ?? new Float32Array(0)));
    this.track(
      (async () => {
        const tail = settled ? 0 : (this.opts.turnTailMs ?? 150);
        if (tail > 0) await new Promise((r) => setTimeout(r, tail));
        if (this.ptt !== ptt) return; // cancelled or superseded meanwhile
        this.ptt = undefined;
        let audio: Float32Array | undefined;
        for (const mic of mics) {
          const a = mic.capture.finish();
          if (a && (!audio || a.length > audio.length)) audio = a;
        }
        if (ptt.conversationId) this.conversationId = ptt.conversationId;
        const spec = this.speculation?.ptt === ptt ? this.speculation : undefined;
        this.speculation = undefined;
        // The decode made while they held on saw everything said (what came after is quiet): use it.
        const usable =
          spec && audio && audio.length >= spec.samples && quietTailFrom(audio, spec.samples)
            ? spec
            : undefined;
        if (usable) this.opts.recognizer.promote(this.speculationKey);
        this.enqueue(() => this.pushToTalkTurn(audio ?? new Float32Array(0), releasedAt, usable?.text));
      })(),
    );
    return 'ok';
  }

  private cancelTurn(data: RpcInvocationData): string {
    this.payload(data, turnRpcPayloadSchema);
    if (this.ptt?.identity === data.callerIdentity) {
      this.ptt = undefined;
      this.speculation = undefined;
      clearInterval(this.speculateTimer);
      for (const mic of this.micsOf(data.callerIdentity)) mic.capture.cancel();
      this.log.debug('push-to-talk turn cancelled');
    }
    return 'ok';
  }

  private setHandsFree(data: RpcInvocationData): string {
    const { on, conversationId, today } = this.payload(data, handsFreePayloadSchema);
    if (conversationId) this.conversationId = conversationId;
    if (today) this.today = today;
    this.handsFree = on;
    if (!on) this.wakeUntil = 0;
    for (const mic of this.mics.values()) mic.setHandsFree(on);
    this.log.info({ on }, 'hands-free');
    return 'ok';
  }

  // ---- turns --------------------------------------------------------------------------------

  private track<T>(p: Promise<T>): void {
    const tracked = p.catch((err: unknown) => this.log.error({ err }, 'assistant background work failed'));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Turns run one at a time, in order. */
  private enqueue(job: () => Promise<void>): void {
    this.turnChain = this.turnChain
      .then(job)
      .catch((err: unknown) => this.log.error({ err }, 'assistant turn crashed'));
  }

  private bargeIn(reason: 'speech' | 'start_turn'): void {
    if (!this.speaker.speaking) return;
    this.speaker.interrupt();
    this.log.info({ reason }, 'barge-in: stopped speaking');
  }

  /**
   * What was said. Push-to-talk turns decode greedily: the admin is waiting on it, and a command of a
   * few seconds loses little to beam search's extra candidates (bench:assistant measures both ways).
   * Hands-free utterances keep the beam: the wake phrase has to come out right.
   */
  private async transcribe(audio: Float32Array, mode: 'turn' | 'hands-free'): Promise<string> {
    const greedy = mode === 'turn' && (this.opts.greedyTurns ?? true);
    const r = await this.opts.recognizer.transcribe(audio, {
      priority: 'final',
      prompt: this.prompt,
      words: false,
      greedy,
    });
    return r?.text ?? '';
  }

  /** While the key is held and the admin has gone quiet, decode the turn so far (spare capacity only). */
  private speculate(): void {
    const ptt = this.ptt;
    if (!ptt || this.stopping || !this.opts.recognizer.idle) return;
    const audio = this.micsOf(ptt.identity)
      .map((m) => m.capture.peek())
      .reduce<Float32Array | undefined>((a, b) => (b && (!a || b.length > a.length) ? b : a), undefined);
    if (!audio || audio.length < MIN_TURN_SAMPLES || !quietTail(audio)) return;
    // Already decoded up to this pause (silence since adds nothing).
    if (this.speculation?.ptt === ptt && quietTailFrom(audio, this.speculation.samples)) return;
    const greedy = this.opts.greedyTurns ?? true;
    this.speculation = {
      ptt,
      samples: audio.length,
      text: this.opts.recognizer
        .transcribe(audio, {
          priority: 'partial',
          key: this.speculationKey,
          prompt: this.prompt,
          words: false,
          greedy,
        })
        .then((r) => r?.text)
        .catch(() => undefined),
    };
  }

  private async pushToTalkTurn(
    audio: Float32Array,
    releasedAt: number,
    speculated?: Promise<string | undefined>,
  ): Promise<void> {
    if (this.stopping) return;
    this.state.set('thinking');
    let text = '';
    if (audio.length >= MIN_TURN_SAMPLES && rms(audio) >= (this.opts.silenceRms ?? 0.002)) {
      try {
        // No speech in it (a key pressed by mistake, room noise): Whisper would make some up.
        const spoken = await speechMs(this.opts.vad.clone(), audio, this.opts.segmenter?.threshold);
        if (spoken >= (this.opts.minTurnSpeechMs ?? 100))
          text = (speculated && (await speculated)) || (await this.transcribe(audio, 'turn'));
      } catch (err) {
        this.log.error({ err }, 'push-to-talk transcription failed');
      }
    }
    const sttMs = Date.now() - releasedAt;
    if (isUnheard(text)) {
      this.log.info(
        { sttMs, audioMs: Math.round(audio.length / 16), pii: { text } },
        'push-to-talk turn unheard',
      );
      await this.publish({ type: 'unheard' });
      this.listening();
      return;
    }
    this.log.info({ sttMs, pii: { text } }, 'push-to-talk turn heard');
    await this.respond(text, releasedAt);
  }

  private onUtterance(u: Utterance, spokeAt: number): void {
    if (this.stopping || !this.handsFree) return;
    const endedAt = Date.now();
    this.enqueue(async () => {
      if (this.stopping || !this.handsFree) return;
      let text: string;
      try {
        text = await this.transcribe(u.audio, 'hands-free');
      } catch (err) {
        this.log.error({ err }, 'hands-free transcription failed');
        return;
      }
      if (isUnheard(text)) return;
      const wake = matchWake(text, this.wakePhrase);
      let command: string;
      if (wake.woke) {
        this.log.info({ pii: { text } }, 'wake phrase heard');
        await this.publish({ type: 'wake' });
        if (isUnheard(wake.command)) {
          this.wakeUntil = Date.now() + (this.opts.wakeWindowMs ?? 6000);
          return;
        }
        command = wake.command;
      } else if (spokeAt <= this.wakeUntil) {
        command = text;
      } else {
        this.log.debug({ pii: { text } }, 'utterance without the wake phrase ignored');
        return;
      }
      this.wakeUntil = 0;
      await this.respond(command, endedAt);
    });
  }

  /** One assistant turn for `text`: published, navigated to, spoken. Errors are spoken, never thrown. */
  private async respond(text: string, since: number): Promise<void> {
    if (this.stopping) return;
    this.state.set('thinking');
    let speech: string;
    try {
      const turn = await this.opts.assistant.turn({
        adminId: this.opts.ownerId,
        conversationId: this.conversationId,
        text,
        source: 'voice',
        today: this.today,
      });
      this.turns++;
      this.conversationId = turn.conversationId;
      await this.publish({ type: 'turn', turn });
      const nav = turn.reply.navigate;
      if (nav) this.track(this.navigate(nav));
      speech = turn.reply.speech ?? turn.reply.text;
      this.log.info({ turnMs: Date.now() - since, pii: { reply: speech } }, 'assistant replied');
    } catch (err) {
      this.log.error({ err }, 'assistant turn failed');
      speech = SORRY;
    }
    await this.say(speech, since);
  }

  /** Speaks unless the owner is already talking again (push-to-talk down) or we are leaving. */
  private async say(text: string, since: number): Promise<void> {
    if (this.stopping || this.ptt) return this.listening();
    this.state.set('speaking');
    try {
      const outcome = await this.speaker.speak(text, {
        onFirstAudio: () => this.log.info({ latencyMs: Date.now() - since }, 'first reply audio'),
      });
      if (outcome === 'interrupted') this.log.debug('reply interrupted');
    } catch (err) {
      this.log.error({ err }, 'could not speak the reply');
    }
    this.listening();
  }

  private listening(): void {
    if (!this.stopping) this.state.set('listening');
  }

  /** Publishes signed on `booth.assistant` to the owner's connections only. Failures are logged. */
  private async publish(data: AssistantData): Promise<void> {
    const to = this.ownerIdentities();
    const local = this.room.localParticipant;
    if (!local || to.length === 0) return;
    try {
      const key = await this.dataKey;
      let bytes = await sealData(key, DATA_TOPICS.assistant, data);
      if (bytes.length > MAX_DATA_BYTES && data.type === 'turn') {
        // A long list does not fit one reliable packet: the rows are left out (the page can load the
        // conversation, GET /api/assistant/conversations/:id, for them); the text still says it all.
        const { turn } = data;
        bytes = await sealData(key, DATA_TOPICS.assistant, {
          type: 'turn',
          turn: { ...turn, reply: { ...turn.reply, items: [] } },
        } satisfies AssistantData);
        this.log.warn({ bytes: bytes.length }, 'assistant turn too large for one packet; items left out');
      }
      await local.publishData(bytes, {
        reliable: true,
        topic: DATA_TOPICS.assistant,
        destination_identities: to,
      });
    } catch (err) {
      this.log.warn({ err, type: data.type }, 'could not publish assistant data');
    }
  }

  /** `booth.navigate` on each of the owner's pages (best effort). */
  private async navigate(nav: Navigation): Promise<void> {
    const local = this.room.localParticipant;
    if (!local) return;
    const payload = JSON.stringify(nav);
    const results = await Promise.allSettled(
      this.ownerIdentities().map((identity) =>
        local.performRpc({
          destinationIdentity: identity,
          method: ASSISTANT_RPC.navigate,
          payload,
          responseTimeout: this.opts.navigateTimeoutMs ?? 3000,
        }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    this.log.debug({ path: nav.path, pages: results.length, failed: failed.length }, 'navigated');
    if (failed.length)
      this.log.warn(
        { failed: failed.length, of: results.length, err: String(failed[0]!.reason) },
        'navigation RPC failed',
      );
  }
}
