import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/** The built dashboard (`npm run build` → web/dist). */
export const WEB_DIST = resolve(import.meta.dirname, '..', '..', '..', 'web', 'dist');

/** Vite names every file under /assets by its content hash: a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the dashboard: hashed files under /assets with a year-long immutable cache, and index.html
 * (revalidated every time, so a deploy shows at once) for every other GET that is not the API's, so
 * the app's own routes (`/calls/abc`, `/join/room?code=…`) load on reload or from a link. Nothing is
 * served while the app is not built (the API still runs; `/` is then a 404).
 */
export function webAppRoutes(dir = WEB_DIST): Router {
  const r = Router();
  const index = join(dir, 'index.html');
  r.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      setHeaders: (res) => res.setHeader('cache-control', IMMUTABLE),
    }),
  );
  // A fallback, not a route: whatever no route answered, for a browser asking for a page.
  r.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset, API path or webhook stays a JSON 404 (a stale page asking for an old hash), and
    // so does anything named like a file (`/root.key`, `/favicon.ico`): app paths have no extension.
    if (/^\/(?:api|webhooks|assets)(?:\/|$)/.test(req.path) || /\.[^/]*$/.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    // Looked for on each request: a build that lands after the API started is served at once.
    if (!existsSync(index)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
