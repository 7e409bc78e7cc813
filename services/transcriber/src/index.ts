export {
  readWav,
  parseWav,
  WavFormatError,
  type PcmAudio,
  int16ToFloat32,
  float32ToInt16,
  resampleTo16k,
} from '@booth/shared';
export { SileroVad, VAD_WINDOW } from './vad/silero';
export {
  UtteranceSegmenter,
  DEFAULT_SEGMENTER_OPTIONS,
  type SegmenterOptions,
  type Utterance,
} from './vad/segmenter';
export {
  WhisperRecognizer,
  cleanText,
  isHallucination,
  isRepetitive,
  audioCtxFor,
  tokensToWords,
  type Recognition,
  type RecognizedWord,
} from './recognizer/whisper';
export { RecognizerPool, type PoolStats } from './recognizer/pool';
export { vocabularyPrompt } from './recognizer/vocabulary';
export { TrackPipeline, type FinalSegment, type PartialSegment } from './pipeline/track-pipeline';
export { transcribeFile } from './pipeline/file-transcriber';
export { ensureModels, MissingModelError } from './models/ensure';
export { SegmentPublisher, segmentId } from './publisher/segment-publisher';
export { RoomTranscriber } from './source/room-transcriber';
export { createTranscriberService, type TranscriberService } from './worker';
export { loadSpeechModels, poolSize, type SpeechModels } from './speech';
export { speechConfigSchema, segmenterOptions } from './settings';
export { matchWake, wakePhrasePrompt, type WakeMatch } from './assistant/wake-word';
export { SessionRecorder, TrackRecorder, type SessionRecorderOptions } from './recording/session-recorder';
export { requestRecordingMix } from './recording/request-mix';
