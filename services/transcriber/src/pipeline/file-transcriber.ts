import { readWav, resampleTo16k } from '@booth/shared';
import type { RecognizerPool } from '../recognizer/pool';
import type { SileroVad } from '../vad/silero';
import type { SegmenterOptions } from '../vad/segmenter';
import { TrackPipeline, type FinalSegment } from './track-pipeline';

export interface FileTranscription {
  durationMs: number;
  processingMs: number;
  segments: FinalSegment[];
}

/** Transcribes a recording through the same VAD + Whisper path live calls use. */
export async function transcribeFile(
  path: string,
  opts: {
    vad: SileroVad;
    recognizer: RecognizerPool;
    segmenter?: Partial<SegmenterOptions>;
    prompt?: string;
  },
): Promise<FileTranscription> {
  const wav = await readWav(path);
  const audio = resampleTo16k(wav.samples, wav.sampleRate);
  const started = performance.now();
  const segments: FinalSegment[] = [];
  const pipeline = new TrackPipeline({
    ...opts,
    vad: opts.vad.clone(),
    onFinal: (s) => void segments.push(s),
  });
  // Feed in 100 ms chunks, as a live stream would arrive.
  for (let off = 0; off < audio.length; off += 1600) pipeline.push(audio.subarray(off, off + 1600));
  await pipeline.drain();
  return { durationMs: (audio.length / 16000) * 1000, processingMs: performance.now() - started, segments };
}
