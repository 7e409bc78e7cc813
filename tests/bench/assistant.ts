import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RulePlanner } from '@booth/assistant';
import {
  RecognizerPool,
  SileroVad,
  WhisperRecognizer,
  matchWake,
  transcribeFile,
  wakePhrasePrompt,
} from '@booth/transcriber';
import { ASSISTANT_PHRASINGS } from '../fixtures/assistant-phrasings';
import { median, percentile } from '../harness/metrics-summary';
import { speechWav, vadPath } from '../support/fixtures';

/**
 * `npm run bench:assistant`: the assistant's figures on this machine.
 * 1. Planner accuracy on the test phrasings (tests/fixtures/assistant-phrasings.ts) and its time per
 *    utterance (rules, no LLM).
 * 2. The wake word through the real hands-free path (Silero VAD → Whisper with the wake-phrase prompt
 *    → matchWake) on synthetic speech in several espeak-ng voices: detections with "Hey Booth" and false
 *    activations without it (including near misses: "the photo booth", "they booked the booth").
 * 3. Push-to-talk release → first reply audio sample received in Chromium (browser-assistant.ts).
 * Env: BENCH_MODELS (default "tiny.en base"), BENCH_RUNS (default 10), BOOTH_MODELS_DIR.
 */
const modelsDir = process.env.BOOTH_MODELS_DIR ?? '';
const models = (process.env.BENCH_MODELS ?? 'tiny.en base')
  .split(/\s+/)
  .filter((m) => existsSync(join(modelsDir, `ggml-${m}.bin`)));
const PHRASE = process.env.ASSISTANT_WAKE_PHRASE ?? 'hey booth';

console.log('== planner (rules, LLM_PROVIDER=none) ==');
{
  const planner = new RulePlanner();
  let right = 0;
  const times: number[] = [];
  const misses: string[] = [];
  for (const p of ASSISTANT_PHRASINGS) {
    const t = performance.now();
    const plan = planner.planUtterance(p.text, { today: p.today });
    times.push(performance.now() - t);
    const ok =
      'reply' in p.expect
        ? plan.kind === 'reply'
        : plan.kind === 'call' && JSON.stringify(sorted(plan.call)) === JSON.stringify(sorted(p.expect));
    if (ok) right++;
    else misses.push(p.text);
  }
  const n = ASSISTANT_PHRASINGS.length;
  console.log(
    `phrasings ${n}  exact ${right}/${n} (${((right / n) * 100).toFixed(1)} %)  ` +
      `plan p50 ${median(times).toFixed(3)} ms  p95 ${percentile(times, 95).toFixed(3)} ms`,
  );
  for (const m of misses.slice(0, 10)) console.log(`  miss: ${m}`);
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sorted(x)]),
    );
  return v;
}

console.log('\n== wake word (Silero VAD → Whisper → matchWake, synthetic speech) ==');
const WITH = [
  'Hey Booth, show me the new leads from this week.',
  'Hey Booth, go to invoices.',
  'Hey Booth, open the calendar.',
  "Hey Booth, what's on my list today?",
  'Hey Booth, mark Sarah as booked.',
  'Hey Booth.',
];
const WITHOUT = [
  'Show me the new leads from this week.',
  'Go to invoices.',
  'They booked the booth for Saturday.',
  'The photo booth was a big hit at the wedding.',
  'Hey Bob, can you pass me the cables?',
  'Hey, both of the speakers are working now.',
];
const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-us+m3'];
if (!models.length) console.log('no Whisper weights in BOOTH_MODELS_DIR; skipped');
for (const model of models) {
  const vad = await SileroVad.load(vadPath());
  const whisper = await WhisperRecognizer.load(join(modelsDir, `ggml-${model}.bin`), {
    threads: Number(process.env.WHISPER_THREADS ?? 2),
    language: 'en',
  });
  const recognizer = new RecognizerPool(whisper, { size: 1 });
  const prompt = `${wakePhrasePrompt(PHRASE)}.`;
  const heard = async (text: string, voice: string) => {
    const file = speechWav(`wake-${voice}`, [500, { say: text, voice }, 800], voice);
    const { segments } = await transcribeFile(file, { vad, recognizer, prompt });
    const woke = segments.some((s) => matchWake(s.text, PHRASE).woke);
    return { woke, text: segments.map((s) => s.text).join(' / ') };
  };
  const odd: string[] = [];
  let detected = 0;
  let falseAlarms = 0;
  for (const voice of VOICES) {
    for (const t of WITH) {
      const h = await heard(t, voice);
      if (h.woke) detected++;
      else odd.push(`  missed (${voice}): heard "${h.text}"`);
    }
    for (const t of WITHOUT) {
      const h = await heard(t, voice);
      if (h.woke) {
        falseAlarms++;
        odd.push(`  false activation (${voice}): heard "${h.text}"`);
      }
    }
  }
  const withN = WITH.length * VOICES.length;
  const withoutN = WITHOUT.length * VOICES.length;
  console.log(
    `${model.padEnd(8)}  detections ${detected}/${withN} (${((detected / withN) * 100).toFixed(0)} %)  ` +
      `false activations ${falseAlarms}/${withoutN} (${((falseAlarms / withoutN) * 100).toFixed(0)} %)  voices ${VOICES.join(' ')}`,
  );
  for (const line of odd) console.log(line);
  await recognizer.free();
}

// 3. Push-to-talk in Chromium against the real stack (its own services, as browser-live.ts gets them).
spawnSync('npx', ['--no-install', 'tsx', join(import.meta.dirname, 'browser-assistant.ts')], {
  stdio: 'inherit',
  env: { ...process.env, SILERO_VAD_PATH: vadPath() },
});
