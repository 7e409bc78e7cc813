import { Router } from 'express';
import { z } from 'zod';
import { MIN_ADMIN_PASSWORD, createFirstAdmin, verifyPassword } from '@booth/db';
import { HttpError, unauthorized } from '@booth/shared';
import type { ApiContext } from '../context';
import { endSession, requireAdmin, startSession } from '../middleware/auth';
import { isSetupToken } from '../setup-token';
import { parse } from '../validate';

const loginSchema = z.object({
  email: z.string().email().max(254),
  password: z.string().min(1).max(1024),
});

const setupSchema = z.object({
  token: z.string().min(1).max(200),
  email: z.string().email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(MIN_ADMIN_PASSWORD, `must be at least ${MIN_ADMIN_PASSWORD} characters`).max(1024),
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

  // First-admin setup: open while no admin exists, with the token from the setup link in the API log.
  r.get('/setup', async (_req, res) => {
    res.json({ needed: (await ctx.db.adminUser.count()) === 0 });
  });

  r.post('/setup', async (req, res) => {
    const body = parse(setupSchema, req.body);
    if ((await ctx.db.adminUser.count()) > 0)
      throw new HttpError(409, 'setup is already done; log in instead');
    if (!isSetupToken(body.token, ctx.config.SESSION_SECRET!)) {
      throw new HttpError(403, 'this setup link is not valid; use the one in the API log');
    }
    const admin = await createFirstAdmin(ctx.db, body);
    if (!admin) throw new HttpError(409, 'setup is already done; log in instead');
    ctx.logger.info({ adminId: admin.id }, 'first admin created through the setup link');
    await startSession(ctx, res, admin.id);
    res.status(201).json(admin);
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
