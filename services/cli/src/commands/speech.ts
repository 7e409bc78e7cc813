import type { Command } from '../command';
import type { Flags } from './speech-run';

/** transcribe, analyze and models: the live calls' speech path (VAD + Whisper) on recordings. */
const options = {
  json: { type: 'boolean' },
  model: { type: 'string' },
  'models-dir': { type: 'string' },
  prompt: { type: 'string' },
  'vad-only': { type: 'boolean' },
  'call-date': { type: 'string' },
  vocabulary: { type: 'string' },
} as const;

export const speechCommands: Command[] = [
  {
    name: 'transcribe',
    usage:
      'booth transcribe FILE.wav [--json] [--model tiny.en|base.en|...] [--models-dir DIR] [--prompt TEXT]',
    options,
    load: () => import('./speech-run'),
    run: async (args, flags) => (await import('./speech-run')).run.transcribe(args, flags as Flags),
  },
  {
    name: 'analyze',
    usage: `booth analyze FILE.wav [--json] [--call-date YYYY-MM-DD] [--vocabulary "Term A,Term B"] [--model NAME]
      transcribe a recorded call and analyse it (LLM_PROVIDER and its settings from the environment;
      none = the deterministic extractor); prints the transcript and the analysis JSON`,
    options,
    load: () => import('./speech-run'),
    run: async (args, flags) => (await import('./speech-run')).run.analyze(args, flags as Flags),
  },
  {
    name: 'models',
    usage: 'booth models [--vad-only] [--model NAME] [--models-dir DIR]    download and verify the weights',
    options,
    load: () => import('./speech-run'),
    run: async (args, flags) => (await import('./speech-run')).run.models(args, flags as Flags),
  },
];
