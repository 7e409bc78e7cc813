import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../harness/services';
import { apiUnderTest } from '../integration/api/api-context';
import { launchBrowser, signedInContext } from './browser';
import { ROOT } from './processes';

/** A phone's viewport (an iPhone 12–15's CSS pixels): the dashboard is used on the move. */
export const PHONE = { width: 390, height: 844 };

/** Whether anything in <main> sticks out past the viewport's right edge. */
export const overflowsMain = (page: Page) =>
  page.evaluate<boolean>(
    "Math.max(...[...document.querySelectorAll('main *')].map((e) => e.getBoundingClientRect().right)) > window.innerWidth + 1",
  );

export interface ServedDashboard {
  /** The real API app over the harness's Postgres and Redis (apiUnderTest). */
  t: Awaited<ReturnType<typeof apiUnderTest>>;
  /** Where it listens, `http://127.0.0.1:<port>` (its PUBLIC_URL). */
  base: string;
  browser: Browser;
  /** Signed in as the API's test admin. */
  context: BrowserContext;
  /** A new page of `context` at phone width. */
  phonePage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The built dashboard (web/dist) served by the real API app on a free port, with Debian's Chromium
 * signed in as its admin: the browser tests that need no call running. `env` adds to the API's.
 */
export async function servedDashboard(env: Record<string, string> = {}): Promise<ServedDashboard> {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build` first (the browser tests drive the built app)');
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await apiUnderTest({ PUBLIC_URL: base, ...env });
  const server = createServer((req, res) => void t.app(req, res));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const browser = await launchBrowser();
  const context = await signedInContext(browser, base, t.admin);
  return {
    t,
    base,
    browser,
    context,
    async phonePage() {
      const page = await context.newPage();
      await page.setViewportSize(PHONE);
      return page;
    },
    async close() {
      await context.close();
      await browser.close();
      await new Promise((r) => server.close(r));
      await t.close();
    },
  };
}
