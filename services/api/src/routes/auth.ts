import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { createFirstAdmin, hashPassword, verifyPassword } from '@booth/db';
import { HttpError, unauthorized } from '@booth/shared';
import { authApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { LoginLimiter, type LoginAttempt, type LoginLimitKind } from '../login-limiter';
import { endSession, readCookie, requireAdmin, startSession } from '../middleware/auth';
import { RETRY_AFTER_S } from '../middleware/errors';
import { isSetupToken } from '../setup-token';
import { serve } from '../endpoint';

/** The browser that signed in as an account before (login-limiter.ts); only sent to /api/auth. */
export const DEVICE_COOKIE = 'booth_device';

const LIMIT_MESSAGES: Record<LoginLimitKind, string> = {
  ip: 'too many failed logins from this address; try again later',
  account:
    'too many failed logins for this account; try again later, or sign in from a browser that signed in before',
  device: 'too many failed logins from this browser; try again later',
};

/** A limiter call; Redis being unreachable makes logins a 503 (with Retry-After), never unlimited. */
async function limited<T>(ctx: ApiContext, res: Response, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    ctx.logger.warn({ err }, 'login limiter unavailable (Redis)');
    res.setHeader('retry-after', String(RETRY_AFTER_S));
    throw new HttpError(503, 'sign-in is unavailable for a moment (the login limiter cannot reach Redis)');
  }
}

export function authRoutes(ctx: ApiContext): Router {
  const r = Router();
  const limiter = new LoginLimiter(ctx.redis, {
    prefix: ctx.config.QUEUE_PREFIX,
    secret: ctx.config.SESSION_SECRET!,
    limits: ctx.loginLimits,
  });
  // An unknown email is checked against this, so it costs the same scrypt as a known one.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));

  serve(r, authApi.login, async ({ body: { email, password }, req, res }) => {
    const attempt: LoginAttempt = {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      email,
      deviceId: limiter.knownDevice(readCookie(req, DEVICE_COOKIE), email),
    };
    const verdict = await limited(ctx, res, () => limiter.attempt(attempt));
    if (verdict.blocked) {
      res.setHeader('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new HttpError(429, LIMIT_MESSAGES[verdict.blocked]);
    }
    const user = await ctx.db.adminUser.findUnique({ where: { email: email.toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok) {
      for (const limit of verdict.reached) {
        ctx.logger.warn({ limit, pii: { ip: attempt.ip, email } }, 'failed-login limit reached');
      }
      throw unauthorized('invalid email or password');
    }
    await limited(ctx, res, () => limiter.succeeded(attempt, verdict));
    // The session cookie first: clients that read one Set-Cookie take the first.
    await startSession(ctx, res, user.id);
    res.cookie(DEVICE_COOKIE, limiter.issueDevice(email, attempt.deviceId), {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.COOKIE_SECURE,
      maxAge: limiter.limits.deviceTtlMs,
      path: '/api/auth',
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  });

  // First-admin setup: open while no admin exists, with the token from the setup link in the API log.
  serve(r, authApi.setupStatus, async () => ({ needed: (await ctx.db.adminUser.count()) === 0 }));

  serve(r, authApi.setup, async ({ body, res }) => {
    if ((await ctx.db.adminUser.count()) > 0)
      throw new HttpError(409, 'setup is already done; log in instead');
    if (!isSetupToken(body.token, ctx.config.SESSION_SECRET!)) {
      throw new HttpError(403, 'this setup link is not valid; use the one in the API log');
    }
    const admin = await createFirstAdmin(ctx.db, body);
    if (!admin) throw new HttpError(409, 'setup is already done; log in instead');
    ctx.logger.info({ adminId: admin.id }, 'first admin created through the setup link');
    await startSession(ctx, res, admin.id);
    return admin;
  });

  serve(r, authApi.logout, async ({ req, res }) => {
    await endSession(ctx, req, res);
    return { ok: true as const };
  });

  r.use(authApi.me.path, requireAdmin);
  serve(r, authApi.me, ({ req }) => req.admin!);
  return r;
}
