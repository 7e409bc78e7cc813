import type { RequestHandler } from 'express';
import type { Config } from '@booth/shared';

/** The origin of `url` and its counterpart on the other protocol pair (wss ↔ https, ws ↔ http). */
function origins(url: string): string[] {
  const u = new URL(url);
  const pair: Record<string, string> = { 'wss:': 'https:', 'ws:': 'http:', 'https:': 'wss:', 'http:': 'ws:' };
  const other = pair[u.protocol];
  return [`${u.protocol}//${u.host}`, ...(other ? [`${other}//${u.host}`] : [])];
}

/**
 * The dashboard's Content-Security-Policy: scripts, styles and everything else from this origin only
 * (web/public has no inline script or style), connections to the API and LiveKit (its wss URL for
 * signalling, the https one the client SDK probes), no framing, no plugins, no <base> tricks.
 */
export function contentSecurityPolicy(config: Config): string {
  const livekit = config.PUBLIC_LIVEKIT_URL ?? config.LIVEKIT_URL;
  const connect = [...new Set(["'self'", ...origins(config.PUBLIC_URL), ...origins(livekit)])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** One year; sent only over HTTPS (a browser ignores it over http anyway). */
const HSTS = 'max-age=31536000';

/**
 * Security headers on every response: the CSP above, nosniff, no framing, no referrer (invite links
 * carry their code in the query), HSTS when served over HTTPS (PUBLIC_URL is https, or the request
 * came over TLS per the trusted proxy's X-Forwarded-Proto), and `Cache-Control: no-store` on the API,
 * whose answers hold personal data.
 */
export function securityHeaders(config: Config): RequestHandler {
  const csp = contentSecurityPolicy(config);
  const httpsSite = config.PUBLIC_URL.startsWith('https:');
  return (req, res, next) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (httpsSite || req.secure) res.setHeader('strict-transport-security', HSTS);
    if (req.path.startsWith('/api/') || req.path === '/api') res.setHeader('cache-control', 'no-store');
    next();
  };
}
