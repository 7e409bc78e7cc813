import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { unauthorized } from '@booth/shared';
import type { ApiContext } from '../context';

export const SESSION_COOKIE = 'booth_session';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `<token>.<hmac>`: forged or altered cookies are rejected before any database lookup. */
function sign(token: string, secret: string): string {
  return `${token}.${createHmac('sha256', secret).update(token).digest('base64url')}`;
}

function unsign(value: string, secret: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const token = value.slice(0, dot);
  const expected = Buffer.from(sign(token, secret));
  const given = Buffer.from(value);
  return expected.length === given.length && timingSafeEqual(expected, given) ? token : undefined;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Creates a login session (only its hash is stored) and sets the HttpOnly cookie. The user's expired
 * sessions are deleted on the way (the periodic sweep, session-sweep.ts, takes everyone else's).
 */
export async function startSession(ctx: ApiContext, res: Response, userId: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const ttlMs = ctx.config.SESSION_TTL_HOURS * 3600_000;
  const now = new Date();
  await ctx.db.$transaction([
    ctx.db.authSession.deleteMany({ where: { userId, expiresAt: { lte: now } } }),
    ctx.db.authSession.create({
      data: { id: sha256(token), userId, expiresAt: new Date(now.getTime() + ttlMs) },
    }),
  ]);
  res.cookie(SESSION_COOKIE, sign(token, ctx.config.SESSION_SECRET!), {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.COOKIE_SECURE,
    maxAge: ttlMs,
    path: '/',
  });
}

export async function endSession(ctx: ApiContext, req: Request, res: Response): Promise<void> {
  const raw = readCookie(req, SESSION_COOKIE);
  const token = raw && unsign(raw, ctx.config.SESSION_SECRET!);
  if (token) await ctx.db.authSession.deleteMany({ where: { id: sha256(token) } });
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Sets `req.admin` when a valid session cookie is present; never rejects. */
export function loadAdmin(ctx: ApiContext): RequestHandler {
  return async (req, _res, next) => {
    const raw = readCookie(req, SESSION_COOKIE);
    const token = raw && unsign(raw, ctx.config.SESSION_SECRET!);
    if (token) {
      const s = await ctx.db.authSession.findUnique({
        where: { id: sha256(token) },
        include: { user: true },
      });
      if (s && s.expiresAt > new Date()) {
        req.admin = { id: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role };
      }
    }
    next();
  };
}

export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (!req.admin) throw unauthorized();
  next();
};
