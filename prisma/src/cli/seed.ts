import { createDb } from '../client';
import { seed } from '../seed';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(2);
}
const db = createDb({ url });
const r = await seed(db, {
  adminEmail: process.env.BOOTH_ADMIN_EMAIL,
  adminPassword: process.env.BOOTH_ADMIN_PASSWORD,
});
process.stdout.write(r.created ? 'seeded demo data\n' : 'contacts exist; seed skipped\n');
if (r.demoPasswordUnchanged) {
  process.stderr.write(
    `WARNING: the demo admin ${r.adminEmail} still has the published demo password. Change it:\n` +
      `  npm run booth -- admin reset-password --email ${r.adminEmail}\n`,
  );
}
await db.$disconnect();
