import { Router } from 'express';
import { z } from 'zod';
import { verifyPassword } from '@booth/db';
import { HttpError, unauthorized } from '@booth/shared';
import type { ApiContext } from '../context';
import { endSession, requireAdmin, startSession } from '../middleware/auth';
import { parse } from '../validate';

const loginSchema = z.object({
  email: z.string().email().max(254),
  password: z.string().min(1).max(1024),
});

/** Failed logins per IP + email within a minute before 429. */
const MAX_FAILURES = 10;
const WINDOW_MS = 60_000;

export function authRoutes(ctx: ApiContext): Router {
  const r = Router();
  const failures = new Map<string, { count: number; resetAt: number }>();

  r.post('/login', async (req, res) => {
    const { email, password } = parse(loginSchema, req.body);
    const key = `${req.ip}|${email.toLowerCase()}`;
    const now = Date.now();
    const f = failures.get(key);
    if (f && f.resetAt > now && f.count >= MAX_FAILURES) {
      res.setHeader('retry-after', String(Math.ceil((f.resetAt - now) / 1000)));
      throw new HttpError(429, 'too many failed logins; try again later');
    }
    const user = await ctx.db.adminUser.findUnique({ where: { email: email.toLowerCase() } });
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      const entry = f && f.resetAt > now ? f : { count: 0, resetAt: now + WINDOW_MS };
      entry.count++;
      failures.set(key, entry);
      throw unauthorized('invalid email or password');
    }
    failures.delete(key);
    await startSession(ctx, res, user.id);
    res.json({ id: user.id, email: user.email, name: user.name, role: user.role });
  });

  r.post('/logout', async (req, res) => {
    await endSession(ctx, req, res);
    res.json({ ok: true });
  });

  r.get('/me', requireAdmin, (req, res) => {
    res.json(req.admin);
  });
  return r;
}
