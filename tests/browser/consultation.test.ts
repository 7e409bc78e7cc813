import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { startSmtpProcess, type SmtpProcess } from '../fakes/smtp';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import {
  UI_TIMEOUT,
  hex,
  joinCallPage,
  promptSuggestion,
  requireWebBuild,
  silentWav,
  transcriberJoined,
  transcriptSoFar,
  waitShown,
} from '../support/browser-live';
import { ROOT, waitUntil } from '../support/processes';
import { speechWav } from '../support/speech-fixtures';
import { startStack, type Stack } from '../support/stack';

/**
 * A consultation from invite to the room, everything real but the SMTP relay (a real SMTP server
 * process): the admin starts a consultation from the contact's page and the invite email arrives;
 * the client opens the link from the email in their own Chromium (fake microphone saying a budget,
 * fake camera) and joins; the admin's context panel shows the contact's quotes and invoices; the
 * client's budget sentence, transcribed by Whisper, becomes a suggestion card whose action opens the
 * quotes (beside the call, in a new tab) and the tracker word is marked in the live caption; the
 * client shares their screen and the admin sees it; "ready to book" sends the contract, which the
 * client opens from their room and signs. Writes the README's consultation screenshot.
 */
const DESKTOP = { width: 1280, height: 860 };
const env = process.env;
let smtp: SmtpProcess;
let db: Db;
let stack: Stack;
let adminBrowser: Browser;
let clientBrowser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await requireWebBuild();
  smtp = await startSmtpProcess();
  db = createDb({ url: env.DATABASE_URL! });
  stack = await startStack({
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Garden Events <hello@garden.test>',
      // Every final asks for suggestions: the client says one sentence.
      SUGGESTIONS_EVERY_FINALS: '1',
    },
  });
  const budget = await speechWav('Our budget for the wedding is about three thousand dollars.', {
    leadingSilenceMs: 1500,
    trailingSilenceMs: 6000,
  });
  adminBrowser = await launchBrowser({ fakeAudio: silentWav() });
  clientBrowser = await launchBrowser({ fakeAudio: budget });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await adminBrowser?.close();
  await clientBrowser?.close();
  await stack?.stop();
  await smtp?.stop();
  await db?.$disconnect();
  await dispose();
});

/** The shared screens a page shows: caption and the video's decoded width (0 until frames arrive). */
const screensOn = (page: Page) =>
  page.locator('.live-screen').evaluateAll((figs) =>
    figs.map((f) => ({
      caption: f.querySelector('figcaption')?.textContent ?? '',
      width: f.querySelector('video')?.videoWidth ?? 0,
    })),
  );

describe('a consultation from invite to the room', () => {
  it('invites by email, admits the client, shows the context, suggests with actions, marks trackers, shares the screen and gets the contract signed', async () => {
    const k = hex(3);
    const contact = await db.contact.create({
      data: {
        name: `Priya Consult ${k}`,
        email: `priya-${k}@client.test`,
        leadStatus: 'qualified',
        eventType: 'wedding',
        guestCount: 150,
      },
    });
    const quote = await db.quote.create({
      data: { contactId: contact.id, title: `Gold package ${k}`, status: 'sent', amountCents: 320_000 },
    });
    await db.invoice.create({
      data: { contactId: contact.id, number: `DEP-${k}`, status: 'sent', amountCents: 50_000 },
    });
    const contract = await db.contract.create({
      data: { contactId: contact.id, title: `Wedding DJ ${k}`, amountCents: 320_000 },
    });
    const tracker = await stack.request<{ id: string; name: string }>('POST', '/api/trackers', {
      name: `Money ${k}`,
      phrases: ['budget'],
    });

    // The admin starts it from the contact's page; the link goes by email.
    const adminContext = await signedInContext(adminBrowser, stack.api, stack.admin);
    contexts.push(adminContext);
    const admin = await adminContext.newPage();
    await admin.setViewportSize(DESKTOP);
    const adminLog = consoleOf(admin);
    await admin.goto(`/contacts/${contact.id}`);
    await admin.getByRole('button', { name: 'New consultation' }).click({ timeout: UI_TIMEOUT });
    await admin
      .getByRole('form', { name: 'New consultation' })
      .getByRole('button', { name: 'Start now' })
      .click();
    await admin
      .locator('.consultation-link')
      .getByText(`to ${contact.email}: sent`)
      .waitFor({ timeout: UI_TIMEOUT });
    const mail = await smtp.waitForMail(contact.email!);
    const joinUrl = /https?:\/\/\S+\/join\/consultation-[a-f0-9]+\?code=[\w%-]+/.exec(mail.text)?.[0];
    expect(joinUrl, mail.text).toBeDefined();
    await admin.getByRole('link', { name: 'Join the room now' }).click();
    await admin.waitForURL(/\/calls\//, { timeout: UI_TIMEOUT });
    const sessionId = new URL(admin.url()).pathname.split('/').pop()!;
    await joinCallPage(admin);
    await transcriberJoined(stack, sessionId);

    // The context panel: the contact's quotes and invoices.
    const panel = admin.locator('.context-panel');
    await waitShown(admin, panel.getByRole('link', { name: contact.name }), 'main');
    await panel.getByText('Quotes, invoices, contracts').click();
    await panel
      .locator('.context-billing')
      .getByText(`Quote “${quote.title}”`)
      .waitFor({ timeout: UI_TIMEOUT });
    await panel.locator('.context-billing').getByText(`Invoice DEP-${k}`).waitFor({ timeout: UI_TIMEOUT });

    // The client joins from the emailed link, with microphone and camera.
    const clientContext = await clientBrowser.newContext({
      viewport: DESKTOP,
      permissions: ['microphone', 'camera'],
    });
    contexts.push(clientContext);
    const client = await clientContext.newPage();
    const clientLog = consoleOf(client);
    await client.goto(joinUrl!);
    const clientName = `Priya ${hex(2)}`;
    await client.locator('input#join-name').fill(clientName);
    await client.locator('#consent input#consent-check').check();
    await client.locator('button#join').click();
    await client.locator('#room-status', { hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT });
    await admin.locator('#participants > li', { hasText: clientName }).waitFor({ timeout: UI_TIMEOUT });

    // What the client says becomes a suggestion card; its action opens the quotes beside the call.
    const card = admin.locator('#live-suggestions li[data-kind="budget"]');
    try {
      await card.waitFor({ timeout: 90_000 });
    } catch (err) {
      throw new Error(`no budget suggestion; transcript: ${await transcriptSoFar(db, sessionId)}`, {
        cause: err,
      });
    }
    expect(await card.locator('.suggestion-text').innerText()).toMatch(/budget of \$3,000/);
    const [quotes] = await Promise.all([
      adminContext.waitForEvent('page'),
      card.getByRole('link', { name: 'Open quote options' }).click(),
    ]);
    await quotes.waitForURL(/\/quotes\?contactId=/, { timeout: UI_TIMEOUT });
    expect(new URL(quotes.url()).searchParams.get('contactId')).toBe(contact.id);
    await quotes.getByText(quote.title).first().waitFor({ timeout: UI_TIMEOUT });
    await quotes.close();
    // The call went on in its own tab.
    expect(await admin.locator('#room-status').innerText()).toContain('Connected');

    // The tracker's word is marked in the client's caption.
    const mark = admin.locator('#captions mark.tracker-hit', { hasText: /budget/i }).first();
    await mark.waitFor({ timeout: UI_TIMEOUT });
    expect(await mark.getAttribute('data-trackers')).toContain(tracker.name);

    // The client shares their screen: the admin sees it, large.
    await client.locator('button#share-screen').click();
    const seen = await waitUntil(
      'the client’s screen on the admin’s page',
      async () => {
        const screens = await screensOn(admin);
        return screens.find((s) => s.caption === `${clientName}'s screen` && s.width > 0);
      },
      UI_TIMEOUT,
      200,
    );
    expect(seen.width).toBeGreaterThan(0);

    // "Ready to book": the card sends the contract; the client sees it in the room and signs it.
    await promptSuggestion(db, stack, {
      id: sessionId,
      roomName: new URL(joinUrl!).pathname.split('/').pop()!,
    });
    const ready = admin.locator('#live-suggestions li[data-kind="ready"]');
    await waitShown(admin, ready, '#live-suggestions', 60_000);
    await ready.getByRole('button', { name: new RegExp(`Send “Wedding DJ ${k}”`) }).click();
    await waitShown(
      admin,
      ready.getByText(/Sent for signature: shown to the client in the room and emailed to/),
      '#live-suggestions',
    );
    const shared = client.getByRole('link', { name: `Read and sign: Wedding DJ ${k}` });
    await shared.waitFor({ timeout: UI_TIMEOUT });
    const [signing] = await Promise.all([clientContext.waitForEvent('page'), shared.click()]);
    await signing.getByRole('heading', { name: `Wedding DJ ${k}` }).waitFor({ timeout: UI_TIMEOUT });
    await signing.getByLabel('Type your full name to sign').fill('Priya Patel');
    await signing.getByRole('button', { name: 'Sign' }).click();
    await signing.getByText(/Signed by Priya Patel/).waitFor({ timeout: UI_TIMEOUT });
    expect(await db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toMatchObject({
      status: 'signed',
      signedName: 'Priya Patel',
    });
    await signing.close();
    // The admin's panel follows: the contract_signed notification reloads it.
    await waitShown(
      admin,
      admin
        .locator('.context-billing li', { hasText: `Contract “Wedding DJ ${k}”` })
        .locator('.context-status', { hasText: 'signed' }),
      '.context-panel',
    );
    const contractMail = await smtp
      .waitForMail(contact.email!, 15_000)
      .then(() => smtp.mails.find((m) => m.subject.includes(`Wedding DJ ${k}`)));
    expect(contractMail?.text).toContain('/sign/');

    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await admin.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'consultation.png'), fullPage: true });
    expect(adminLog.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
    expect(clientLog.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
  });
});
