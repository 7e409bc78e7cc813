import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Records a measured figure from a test run (not asserted: speed is measured, not tested). The harness
 * prints a summary; `npm run bench` produces the real benchmark numbers.
 */
export function recordMetric(name: string, values: number[]): void {
  const dir = process.env.BOOTH_TEST_DIR;
  const line = JSON.stringify({ name, values, at: new Date().toISOString() });
  if (dir) appendFileSync(join(dir, 'metrics.jsonl'), `${line}\n`);
  process.stdout.write(`metric ${line}\n`);
}
