export { createAnalysisWorker, type AnalysisWorker } from './worker';
export {
  runAnalysis,
  analyzeTranscript,
  parseDraft,
  InvalidOutputError,
  type AnalysisOutcome,
} from './analysis/run-analysis';
export {
  draftSchema,
  draftJsonSchema,
  callAnalysisSchema,
  type AnalysisDraft,
  type CallAnalysis,
} from './analysis/schema';
export { extractDraft, findNumbers } from './analysis/extract';
export { groundDraft } from './analysis/ground';
export { LIMITS, dateProblem, isCalendarDay, numberProblem } from './analysis/bounds';
export { storable } from './analysis/storable';
export { publicError } from './analysis/errors';
export { nextLeadStatus } from './analysis/write-back';
export { normalizeForMatch, sanitizeTranscript, type TranscriptLine } from './analysis/transcript';
export { createProvider, type LlmProvider, type LlmConfig } from './llm';
export { OpenAiProvider } from './llm/openai';
export { OllamaProvider } from './llm/ollama';
export { createSuggestionWorker } from './suggestions/worker';
export { suggest, type Suggestion } from './suggestions/rules';
export { createRecordingWorker, type RecordingWorkerOptions } from './recordings/worker';
export {
  createRetentionWorker,
  expireRecordings,
  RETENTION_BATCH,
  RETENTION_EVERY_MS,
  RETENTION_SCHEDULER_ID,
  type RetentionRun,
  type RetentionWorkerOptions,
} from './recordings/retention';
export {
  planMix,
  mixBlock,
  softLimit,
  mergeTrackMeta,
  type MixPart,
  type PlacedPart,
} from './recordings/mix';
