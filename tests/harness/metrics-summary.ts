import { existsSync, readFileSync } from 'node:fs';

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0–100); NaN for no values. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Prints the figures tests recorded with tests/support/metrics.ts (count, median, min, max per name). */
export function printMetrics(path: string): void {
  if (!existsSync(path)) return;
  const byName = new Map<string, number[]>();
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    const { name, values } = JSON.parse(line) as { name: string; values: number[] };
    byName.set(name, [...(byName.get(name) ?? []), ...values]);
  }
  process.stdout.write('\n=== measured in this run ===\n');
  for (const [name, values] of byName) {
    const fmt = (n: number) => (Math.abs(n) < 10 ? n.toFixed(3) : n.toFixed(0));
    process.stdout.write(
      `${name.padEnd(32)} n=${values.length} median=${fmt(median(values))} min=${fmt(Math.min(...values))} max=${fmt(Math.max(...values))}\n`,
    );
  }
}
