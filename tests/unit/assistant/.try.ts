import { RulePlanner } from '@booth/assistant';
const p = new RulePlanner();
for (const t of process.argv.slice(2)) console.log(t, '=>', JSON.stringify(p.planUtterance(t, { today: '2026-12-02' })));
