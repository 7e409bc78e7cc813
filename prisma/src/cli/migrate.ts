import { migrate } from '../migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(2);
}
const r = await migrate(url);
process.stdout.write(
  `applied: ${r.applied.join(', ') || 'none'}; already applied: ${r.alreadyApplied.length}\n`,
);
