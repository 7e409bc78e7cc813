import { Router } from 'express';
import type { ApiContext } from '../context';

/** GET /healthz: 200 when Postgres and Redis answer, 503 naming what is down. */
export function healthRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    const check = (p: Promise<unknown>) =>
      Promise.race([
        p.then(() => 'up' as const),
        new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 2000).unref()),
      ]).catch(() => 'down' as const);
    const [postgres, redis] = await Promise.all([check(ctx.db.$queryRaw`SELECT 1`), check(ctx.pingRedis())]);
    const ok = postgres === 'up' && redis === 'up';
    res.status(ok ? 200 : 503).json({ ok, postgres, redis });
  });
  return r;
}
