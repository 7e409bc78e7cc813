import { CALLS } from '../fixtures/calls';
import { SCORED_FIELDS, analyzeWithCli, callWav, fieldCorrect } from '../support/call-corpus';
import { phoneWav } from '../support/phone-audio';

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;

/**
 * (b) Field accuracy of `booth analyze` (the extractor, as bench:analysis scores it) on the 14
 * synthetic calls, wideband and with the same recordings over the phone (8 kHz µ-law and back).
 */
export async function analysisBench(models: string[]): Promise<void> {
  console.log(
    `\n(b) call analysis over the phone: ${CALLS.length} synthetic calls, extractor, booth analyze`,
  );
  for (const model of models) {
    console.log(`\n== ${model} ==`);
    console.log(`band       ${SCORED_FIELDS.map((f) => f.padStart(11)).join('')}   all fields`);
    const misses: string[] = [];
    for (const band of ['wideband', 'phone'] as const) {
      const correct = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<string, number>;
      for (const [i, call] of CALLS.entries()) {
        const wav = band === 'phone' ? phoneWav(callWav(call, i)) : callWav(call, i);
        const out = await analyzeWithCli(wav, { LLM_PROVIDER: 'none', WHISPER_MODEL: model });
        const wrong = SCORED_FIELDS.filter((f) => !fieldCorrect(f, call.truth, out.analysis));
        for (const f of SCORED_FIELDS) if (!wrong.includes(f)) correct[f]!++;
        if (wrong.length) {
          const said = wrong.map(
            (f) => `${f} ${JSON.stringify(out.analysis[f])}≠${JSON.stringify(call.truth[f])}`,
          );
          misses.push(`${band} ${call.id}: ${said.join(', ')}`);
        }
      }
      const total = SCORED_FIELDS.reduce((a, f) => a + correct[f]!, 0);
      console.log(
        `${band.padEnd(10)} ${SCORED_FIELDS.map((f) => pct(correct[f]!, CALLS.length).padStart(11)).join('')}` +
          `   ${pct(total, CALLS.length * SCORED_FIELDS.length).padStart(10)}`,
      );
    }
    for (const m of misses) console.log(`  miss ${m}`);
  }
}
