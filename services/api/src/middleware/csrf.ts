import type { RequestHandler } from 'express';
import { forbidden, type Config } from '@booth/shared';

/**
 * Cross-site request forgery check for every state-changing request (anything but GET, HEAD, OPTIONS).
 * SameSite=Lax cookies do not help against a page on another port of the same host or a sibling
 * subdomain (the same site), and a body-less POST needs no JSON content type, so the browser's own
 * account of where a request comes from decides:
 *
 * - `Origin` present: it must be one of {@link allowedOrigins}; `null` (an opaque origin) only passes
 *   with `Sec-Fetch-Site: same-origin`.
 * - no `Origin` but `Sec-Fetch-Site`: only `same-origin` or `none` (typed by the user) pass.
 * - neither: not a browser (curl, an accounting tool posting `/api/invoices/:id/paid`): allowed,
 *   unless the body is one a cross-site HTML form or no-cors fetch can send (`text/plain`,
 *   `application/x-www-form-urlencoded`, `multipart/form-data`) — the API reads JSON only, so such a
 *   body is a forgery from a browser old enough to omit `Origin`.
 *
 * Refusals are 403 with a JSON error naming the problem.
 */
export interface CsrfOptions {
  /** Path prefixes left to their own check (the signed LiveKit webhooks). Default `['/webhooks/']`. */
  exempt?: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
/** What an HTML form or a no-cors fetch may send cross-origin without a preflight. */
const FORM_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The origins whose pages may change state: PUBLIC_URL's, with its loopback aliases when it is on
 * loopback (`npm start` on http://localhost:3000 also opened as http://127.0.0.1:3000: the same
 * listener), and ALLOWED_ORIGINS. The request's Host is deliberately not trusted: it is whatever name
 * the browser used, a DNS-rebinding attacker's included.
 */
export function allowedOrigins(config: Pick<Config, 'PUBLIC_URL' | 'ALLOWED_ORIGINS'>): Set<string> {
  const publicUrl = new URL(config.PUBLIC_URL);
  const origins = new Set([publicUrl.origin, ...config.ALLOWED_ORIGINS.map((o) => new URL(o).origin)]);
  if (LOOPBACK_HOSTS.includes(publicUrl.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      const alias = new URL(publicUrl.origin);
      alias.hostname = host;
      origins.add(alias.origin);
    }
  }
  return origins;
}

/** A header value fit to quote in an error message. */
const quote = (v: string) => JSON.stringify(v.length > 100 ? `${v.slice(0, 100)}…` : v);

export function csrfProtection(
  config: Pick<Config, 'PUBLIC_URL' | 'ALLOWED_ORIGINS'>,
  opts: CsrfOptions = {},
): RequestHandler {
  const allowed = allowedOrigins(config);
  const exempt = opts.exempt ?? ['/webhooks/'];
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || exempt.some((p) => req.path.startsWith(p))) return next();
    const origin = req.header('origin');
    const site = req.header('sec-fetch-site');
    if (origin !== undefined) {
      // `null` with Sec-Fetch-Site: same-origin is the dashboard itself under `Referrer-Policy:
      // no-referrer`, which makes some browsers (per the Fetch spec) send a same-origin POST's Origin as null.
      const ownPage = origin === 'null' && site === 'same-origin';
      if (!ownPage && !allowed.has(origin.toLowerCase())) {
        throw forbidden(
          `cross-origin request refused: Origin ${quote(origin)} may not change anything here ` +
            '(only PUBLIC_URL and ALLOWED_ORIGINS may)',
        );
      }
    } else if (site !== undefined) {
      if (site !== 'same-origin' && site !== 'none') {
        throw forbidden(`cross-origin request refused: Sec-Fetch-Site is ${quote(site)}, not same-origin`);
      }
    } else {
      const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (FORM_TYPES.includes(type)) {
        throw forbidden(
          `request refused: a ${type} body without an Origin header is what a cross-site form sends; ` +
            'send JSON (Content-Type: application/json)',
        );
      }
    }
    next();
  };
}
