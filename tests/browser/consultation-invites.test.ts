import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpProcess, type SmtpProcess } from '../fakes/smtp';
import { startFakeTwilioRest, type FakeTwilioRest } from '../fakes/twilio-rest';
import { overflowsMain, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';

/**
 * Inviting a client from the built dashboard, at phone width, over the real API, a real SMTP
 * server process and a fake Twilio Messages API: "New consultation" on a contact's page schedules
 * one and sends the link by email and SMS (the link shown once is the one in both messages); the
 * contact page and the home screen list it; Resend mints a new link (the old one stops working);
 * a refused address shows the provider's refusal; Revoke turns the link off; "Start now" leads
 * into the room.
 */
const UI_TIMEOUT = 20_000;
const ACCOUNT_SID = `AC${'fedcba9876543210'.repeat(2)}`;
const AUTH_TOKEN = 'browser-invite-auth-token';

let smtp: SmtpProcess;
let twilio: FakeTwilioRest;
let dashboard: ServedDashboard;
let t: ServedDashboard['t'];
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  [smtp, twilio] = await Promise.all([
    startSmtpProcess(),
    startFakeTwilioRest({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
  ]);
  dashboard = await servedDashboard({
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Garden Events <hello@garden.test>',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: twilio.url,
    TWILIO_MESSAGING_FROM: '+15550009999',
  });
  ({ t, base, context } = dashboard);
});
afterAll(async () => {
  await dashboard?.close();
  await Promise.all([smtp?.stop(), twilio?.close()]);
});

const tag = () => randomBytes(4).toString('hex');

/** Whether a join link still admits the client, as the join page asks. */
async function linkStatus(joinUrl: string): Promise<string> {
  const url = new URL(joinUrl);
  const res = await context.request.get(
    `${base}/api/join/${url.pathname.split('/').pop()}?code=${encodeURIComponent(url.searchParams.get('code')!)}`,
  );
  return ((await res.json()) as { status: string }).status;
}

const joinLinkIn = (text: string) =>
  /http:\/\/127\.0\.0\.1:\d+\/join\/consultation-[a-f0-9]+\?code=[\w%-]+/.exec(text)?.[0];

/** `YYYY-MM-DDTHH:mm` in the browser's clock (the test machine's), as the datetime input takes it. */
function inputValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('consultation invites in the dashboard', () => {
  it('schedules one from a contact, sends the link by email and SMS, lists it, resends and revokes', async () => {
    const k = tag();
    const contact = await t.db.contact.create({
      data: { name: `Priya Invite ${k}`, email: `priya-${k}@client.test`, phone: '+1 555 010 7788' },
    });
    const page = await dashboard.phonePage();
    await page.goto(`${base}/contacts/${contact.id}`);
    const section = page.locator('section[aria-labelledby="contact-consultations-h"]');
    await section.getByText('No consultations scheduled.').waitFor({ timeout: UI_TIMEOUT });
    await section.getByRole('button', { name: 'New consultation' }).click();

    const form = page.getByRole('form', { name: 'New consultation' });
    await form.getByRole('radio', { name: 'At', exact: true }).check();
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setSeconds(0, 0);
    await form.getByLabel('Consultation time').fill(inputValue(at));
    expect(await form.getByLabel('Email address').inputValue()).toBe(contact.email);
    await form.getByLabel('by SMS to').check();
    await form.getByRole('button', { name: 'Schedule' }).click();

    const link = page.getByLabel(/Client join link/);
    await link.waitFor({ timeout: UI_TIMEOUT });
    const joinUrl = await link.inputValue();
    expect(joinUrl).toMatch(/\/join\/consultation-/);
    const made = page.locator('.consultation-link');
    await made.getByText(`to ${contact.email}: sent`, { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    await made.getByText('to +15550107788: sent', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    const mail = await smtp.waitForMail(contact.email!);
    expect(joinLinkIn(mail.text)).toBe(joinUrl);
    const sms = twilio.messages.find((m) => m.to === '+15550107788');
    expect(sms && joinLinkIn(sms.body)).toBe(joinUrl);
    expect(await linkStatus(joinUrl)).toBe('open');
    const stored = await t.db.session.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(stored.scheduledAt?.getTime()).toBe(at.getTime());
    expect(await overflowsMain(page)).toBe(false);

    await page.getByRole('button', { name: 'Done' }).click();
    const item = section.locator(`[data-row-id="${stored.id}"]`);
    await item.waitFor({ timeout: UI_TIMEOUT });
    await item.getByText('0/∞ uses', { exact: false }).waitFor({ timeout: UI_TIMEOUT });

    // Resend, to an address that bounces: a new link, the old one is off, the refusal is shown.
    await item.getByRole('button', { name: 'Resend' }).click();
    const resend = item.getByRole('form', { name: 'Resend the invite' });
    await resend.getByLabel('Email address').fill(`bounce-${k}@client.test`);
    await resend.getByLabel('by SMS to').uncheck();
    await resend.getByRole('button', { name: 'Send a new link' }).click();
    const fresh = item.getByLabel(/Client join link/);
    await fresh.waitFor({ timeout: UI_TIMEOUT });
    const freshUrl = await fresh.inputValue();
    expect(freshUrl).not.toBe(joinUrl);
    await item.getByText(/failed .*mailbox unavailable/).waitFor({ timeout: UI_TIMEOUT });
    expect(await linkStatus(joinUrl)).toBe('invalid');
    expect(await linkStatus(freshUrl)).toBe('open');
    await item.getByRole('button', { name: 'Done' }).click();

    await item.getByRole('button', { name: 'Revoke link' }).click();
    await item.getByText(/invite revoked/).waitFor({ timeout: UI_TIMEOUT });
    expect(await linkStatus(freshUrl)).toBe('invalid');

    // The home screen lists it with who it is with.
    await page.goto(`${base}/`);
    const home = page.locator('section[aria-labelledby="home-consultations-h"]');
    await home.getByRole('link', { name: contact.name }).waitFor({ timeout: UI_TIMEOUT });
    expect(await overflowsMain(page)).toBe(false);
    await page.close();
  });

  it('starts one now and leads into the room', async () => {
    const k = tag();
    const contact = await t.db.contact.create({
      data: { name: `Omar Now ${k}`, email: `omar-${k}@client.test` },
    });
    const page = await dashboard.phonePage();
    await page.goto(`${base}/contacts/${contact.id}`);
    await page.getByRole('button', { name: 'New consultation' }).click({ timeout: UI_TIMEOUT });
    await page
      .getByRole('form', { name: 'New consultation' })
      .getByRole('button', { name: 'Start now' })
      .click();
    await page.getByLabel(/Client join link/).waitFor({ timeout: UI_TIMEOUT });
    await smtp.waitForMail(contact.email!);
    await page.getByRole('link', { name: 'Join the room now' }).click();
    await page.waitForURL(/\/calls\//, { timeout: UI_TIMEOUT });
    const session = await t.db.session.findFirstOrThrow({ where: { contactId: contact.id } });
    expect(new URL(page.url()).pathname).toBe(`/calls/${session.id}`);
    expect(session).toMatchObject({ kind: 'consultation', scheduledAt: null });
    await page.close();
  });
});
