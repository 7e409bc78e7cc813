export { createAnalysisWorker, type AnalysisWorker } from './worker';
export { runAnalysis, InvalidOutputError, type AnalysisOutcome } from './analysis/run-analysis';
export { analysisResultSchema, analysisJsonSchema, type AnalysisResult } from './analysis/schema';
export { createProvider, type LlmProvider } from './llm';
export { OpenAiProvider } from './llm/openai';
export { OllamaProvider } from './llm/ollama';
