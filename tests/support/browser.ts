import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (installed by tests/harness/provision.sh; Playwright
 * never downloads a browser). `fakeAudio` feeds a WAV file (16 kHz mono PCM; it loops) as every
 * microphone, with the permission prompt auto-accepted.
 */
export const CHROMIUM = process.env.BOOTH_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(opts: { fakeAudio?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run tests/harness/provision.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(opts.fakeAudio ? [`--use-file-for-fake-audio-capture=${opts.fakeAudio}`] : []),
    ],
  });
}

/** The recordings in ../shared/audio (BOOTH_AUDIO_DIR), e.g. `jfk.wav`. */
export const audioFile = (name: string) => join(process.env.BOOTH_AUDIO_DIR!, name);

/** What a page printed on its console (the app logs ignored, unverified data there). */
export function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  return lines;
}

/**
 * A browser context signed in as `admin` (the cookie set by POST /api/auth/login through the
 * context's own request client, so the pages share it), with microphone permission for `api`.
 */
export async function signedInContext(
  browser: Browser,
  api: string,
  admin: { email: string; password: string },
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: api, permissions: ['microphone', 'camera'] });
  const res = await context.request.post(`${api}/api/auth/login`, {
    data: admin,
    headers: { origin: api },
  });
  if (res.status() !== 200) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  return context;
}
