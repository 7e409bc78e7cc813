import { NUMBER_WORDS, createLogger } from '@booth/shared';
import { loadSpeechModels } from '@booth/transcriber/src/speech';
import { segmenterOptions, speechConfigSchema } from '@booth/transcriber/src/settings';
import { transcribeFile } from '@booth/transcriber/src/pipeline/file-transcriber';
import { callPrompt } from '@booth/transcriber/src/recognizer/call-prompt';
import { vocabularyPrompt } from '@booth/transcriber/src/recognizer/vocabulary';
import { wordErrorRate } from '../support/livekit-client';
import { phoneWav } from '../support/phone-audio';
import { BENCH_VOCABULARY, CRM_VENUES, phoneRecordings, type PhoneRecording } from './telephony-speech';

/** The prompts compared: none, today's vocabulary prompt, and the per-call prompt in both orders. */
const PROMPTS: { name: string; of(r: PhoneRecording): string | undefined }[] = [
  { name: 'no prompt', of: () => undefined },
  { name: 'vocabulary', of: () => vocabularyPrompt(BENCH_VOCABULARY) },
  {
    name: 'per-call',
    of: (r) => callPrompt({ vocabulary: BENCH_VOCABULARY, contact: r.contact, venues: CRM_VENUES }),
  },
  {
    name: 'per-call, contact first',
    of: (r) =>
      callPrompt({
        vocabulary: BENCH_VOCABULARY,
        contact: r.contact,
        venues: CRM_VENUES,
        order: 'contact-first',
      }),
  },
];

const ORDINALS =
  /^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+ieth)$/;
const isNumberWord = (w: string) =>
  /\d/.test(w) || w in NUMBER_WORDS || w === 'hundred' || w === 'thousand' || ORDINALS.test(w);

/** Lowercased words without punctuation, as wordErrorRate counts them, numbers left out. */
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !isNumberWord(w));

/** Whether `phrase` is in `text` word for word (case and punctuation aside). */
const says = (text: string, phrase: string) =>
  ` ${words(text).join(' ')} `.includes(` ${words(phrase).join(' ')} `);

interface Tally {
  errors: number;
  refWords: number;
  names: number;
  venues: number;
  of: number;
  audioMs: number;
  processingMs: number;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');

/**
 * (a) Word error rate of the same recordings wideband (16 kHz) and over the phone (8 kHz µ-law and
 * back, `phoneWav`), with the same model and the CLI's VAD + Whisper path, per prompt. Numbers are
 * left out of the WER (the scripts spell them, Whisper writes digits; bench:analysis scores them).
 * For the named callers, also how often the contact's name and venue come out spelled exactly.
 */
export async function werBench(models: string[]): Promise<void> {
  const recordings = phoneRecordings();
  const sets = ['callers', 'calls', 'jfk'] as const;
  const count = (s: (typeof sets)[number]) => recordings.filter((r) => r.set === s).length;
  console.log(
    `\n(a) WER wideband vs phone (8 kHz µ-law): ${count('callers')} named callers (espeak-ng), ` +
      `${count('calls')} analysis-corpus calls (espeak-ng), jfk.wav (real); numbers not counted`,
  );
  for (const model of models) {
    const cfg = speechConfigSchema.parse({
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k, v]) => k in speechConfigSchema.shape && v !== ''),
      ),
      WHISPER_MODEL: model,
      MODEL_DOWNLOAD: 'false',
    });
    const speech = await loadSpeechModels(cfg, createLogger('bench', 'silent'));
    console.log(`\n== ${model} (WHISPER_THREADS=${cfg.WHISPER_THREADS}) ==`);
    console.log(
      'band       prompt                     WER callers  WER calls  WER jfk  names right  venues right  RTF',
    );
    try {
      for (const band of ['wideband', 'phone'] as const) {
        for (const prompt of PROMPTS) {
          const tally = Object.fromEntries(
            sets.map((s) => [
              s,
              { errors: 0, refWords: 0, names: 0, venues: 0, of: 0, audioMs: 0, processingMs: 0 },
            ]),
          ) as Record<(typeof sets)[number], Tally>;
          const misses: string[] = [];
          for (const r of recordings) {
            const file = band === 'phone' ? phoneWav(r.file) : r.file;
            const out = await transcribeFile(file, {
              vad: speech.vad,
              recognizer: speech.recognizer,
              segmenter: segmenterOptions(cfg),
              prompt: prompt.of(r),
            });
            const text = out.segments.map((s) => s.text).join(' ');
            const t = tally[r.set];
            const ref = words(r.reference);
            t.errors += wordErrorRate(ref.join(' '), words(text).join(' ')) * ref.length;
            t.refWords += ref.length;
            t.audioMs += out.durationMs;
            t.processingMs += out.processingMs;
            if (r.set === 'callers' && r.contact) {
              t.of++;
              const name = says(text, r.contact.name);
              const venue = !r.contact.venue || says(text, r.contact.venue);
              if (name) t.names++;
              if (venue) t.venues++;
              if (!name || !venue) misses.push(`${r.id}: ${text}`);
            }
          }
          const all = Object.values(tally);
          const rtf =
            all.reduce((a, t) => a + t.processingMs, 0) /
            Math.max(
              1,
              all.reduce((a, t) => a + t.audioMs, 0),
            );
          console.log(
            [
              band.padEnd(10),
              prompt.name.padEnd(26),
              pct(tally.callers.errors, tally.callers.refWords).padStart(11),
              pct(tally.calls.errors, tally.calls.refWords).padStart(10),
              pct(tally.jfk.errors, tally.jfk.refWords).padStart(8),
              `${tally.callers.names}/${tally.callers.of}`.padStart(12),
              `${tally.callers.venues}/${tally.callers.of}`.padStart(13),
              rtf.toFixed(3).padStart(6),
            ].join(' '),
          );
          if (process.env.BENCH_VERBOSE) for (const m of misses) console.log(`    miss ${m}`);
        }
      }
    } finally {
      await speech.recognizer.recognizer.free();
    }
  }
}
