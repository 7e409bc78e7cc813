import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { RoomEvent, type RemoteParticipant, type TextStreamReader } from 'livekit-client';
import { CAPTION_ATTRIBUTES, TRANSCRIPTION_TOPIC, captionSignedString } from '@booth/shared/api';
import { warnIgnored, type LiveRoom } from './room';

/** One utterance's caption: interim text until its final replaces it (same segment id). */
export interface Caption {
  segmentId: string;
  final: boolean;
  /** ms since the session started. */
  startMs: number;
  endMs: number;
  /** The participant whose speech this is (the stream's sender). */
  speakerIdentity: string;
  /** Their name in the room (else their identity). */
  speakerName: string;
  text: string;
}

/** Captions kept (the newest); a long call's older ones are in its transcript. */
const MAX_CAPTIONS = 500;

/** The caption in a stream if its attributes are complete; undefined otherwise. */
function fieldsOf(attrs: Record<string, string>, speaker: string, text: string) {
  const segmentId = attrs[CAPTION_ATTRIBUTES.segmentId];
  const final = attrs[CAPTION_ATTRIBUTES.final];
  const startMs = attrs[CAPTION_ATTRIBUTES.startMs];
  const endMs = attrs[CAPTION_ATTRIBUTES.endMs];
  const signature = attrs[CAPTION_ATTRIBUTES.signature];
  if (!segmentId || !startMs || !endMs || !signature || (final !== 'true' && final !== 'false')) return;
  const start = Number(startMs);
  const end = Number(endMs);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return;
  return {
    signed: captionSignedString({ segmentId, final: final === 'true', startMs, endMs, speaker, text }),
    signature,
    caption: {
      segmentId,
      final: final === 'true',
      startMs: start,
      endMs: end,
      speakerIdentity: speaker,
      text,
    },
  };
}

/** Whether `next` may replace `prev` of the same segment: a final always, an interim only a newer interim. */
const replaces = (prev: Caption | undefined, next: Caption) =>
  !prev || next.final || (!prev.final && next.endMs >= prev.endMs);

/**
 * The room's live captions (text streams on `lk.transcription`), ordered by start time. Only
 * captions Booth's transcriber signed are shown: `booth.sig` must verify under the room's data key
 * for exactly these attributes, text and sender, and the sender must be someone in the room (now or
 * earlier in this call) or one of `knownIdentities`. Anything else is ignored and logged. An interim
 * is replaced in place by later interims and by its final.
 */
export function useCaptions(live: LiveRoom, opts: { knownIdentities?: readonly string[] } = {}): Caption[] {
  const { room, verifier } = live;
  const [byId, setById] = useState<ReadonlyMap<string, Caption>>(() => new Map());
  const isKnown = useEffectEvent((identity: string) => opts.knownIdentities?.includes(identity) ?? false);

  useEffect(() => {
    let stopped = false;
    /** Everyone seen in the room since we started listening, with the name they had. */
    const seen = new Map<string, string>();
    const remember = (p: { identity: string; name?: string }) => {
      if (p.identity) seen.set(p.identity, p.name || p.identity);
    };
    const rememberAll = () => {
      remember(room.localParticipant);
      for (const p of room.remoteParticipants.values()) remember(p);
    };
    rememberAll();
    const onParticipant = (p: RemoteParticipant) => remember(p);
    const onStream = async (reader: TextStreamReader, from: { identity: string }) => {
      const text = await reader.readAll().catch(() => undefined);
      if (text === undefined || stopped) return;
      rememberAll();
      const speaker = from.identity;
      const fields = fieldsOf(reader.info.attributes ?? {}, speaker, text);
      const key = verifier.current;
      const participant = room.getParticipantByIdentity(speaker);
      const known = participant !== undefined || seen.has(speaker) || isKnown(speaker);
      const ok =
        fields && key && known
          ? await key.verifyText(fields.signed, fields.signature).catch(() => false)
          : false;
      if (!ok || !fields) return warnIgnored(TRANSCRIPTION_TOPIC, speaker);
      if (stopped) return;
      const caption: Caption = {
        ...fields.caption,
        speakerName: participant?.name || seen.get(speaker) || speaker,
      };
      setById((prev) => {
        if (!replaces(prev.get(caption.segmentId), caption)) return prev;
        const next = new Map(prev);
        next.set(caption.segmentId, caption);
        if (next.size > MAX_CAPTIONS) {
          const oldest = [...next.values()].sort((a, b) => a.startMs - b.startMs)[0];
          if (oldest) next.delete(oldest.segmentId);
        }
        return next;
      });
    };
    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, from) => void onStream(reader, from));
    room.on(RoomEvent.ParticipantConnected, onParticipant).on(RoomEvent.Connected, rememberAll);
    return () => {
      stopped = true;
      room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
      room.off(RoomEvent.ParticipantConnected, onParticipant).off(RoomEvent.Connected, rememberAll);
    };
  }, [room, verifier]);

  return useMemo(
    () =>
      [...byId.values()].sort(
        (a, b) => a.startMs - b.startMs || a.segmentId.localeCompare(b.segmentId, 'en'),
      ),
    [byId],
  );
}
