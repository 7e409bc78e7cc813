import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayToDate } from '@booth/db';
import { apiUnderTest } from './api-context';

/**
 * The dashboard's CRM endpoints over the real app and Postgres: tasks, quotes, invoices, the event
 * calendar and the home screen, and the contact and notification answers through their contracts.
 * Rows are filtered by contacts made here (the database is shared with other test files).
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

const get = (path: string) => request(t.app).get(path).set('cookie', cookie);
const tag = () => randomBytes(4).toString('hex');
const issuePaths = (body: { issues?: { path: string }[] }) => (body.issues ?? []).map((i) => i.path);

async function expect400(path: string, field: string, send?: { method: 'patch'; body: unknown }) {
  const res = send
    ? await request(t.app)
        .patch(path)
        .set('cookie', cookie)
        .send(send.body as object)
    : await get(path);
  expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.error).toBe('invalid request');
  expect(issuePaths(res.body), path).toContain(field);
}

const TODAY = '2031-03-15';
const contact = (data: {
  name: string;
  leadStatus?: 'new' | 'booked' | 'qualified' | 'lost' | 'contacted';
}) => t.db.contact.create({ data });

describe('GET /api/tasks and PATCH /api/tasks/:id', () => {
  let c: { id: string; name: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    c = await contact({ name: `Task Client ${tag()}` });
    const session = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'ended', contactId: c.id },
    });
    const rows: [string, string | null, boolean][] = [
      ['overdue', '2031-03-10', false],
      ['today', TODAY, false],
      ['upcoming', '2031-03-20', false],
      ['undated', null, false],
      ['doneOverdue', '2031-03-14', true],
    ];
    for (const [title, due, done] of rows) {
      const task = await t.db.task.create({
        data: {
          title,
          contactId: c.id,
          sessionId: session.id,
          dueDate: due ? dayToDate(due) : null,
          done,
        },
      });
      ids[title] = task.id;
    }
  });

  const titles = async (query: string) => {
    const res = await get(`/api/tasks?contactId=${c.id}&today=${TODAY}&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.tasks as { title: string }[]).map((x) => x.title);
  };

  it('filters by due date against the given today, earliest first and undated last', async () => {
    expect(await titles('due=today')).toEqual(['overdue', 'today']);
    expect(await titles('due=overdue')).toEqual(['overdue']);
    expect(await titles('due=upcoming')).toEqual(['upcoming']);
    expect(await titles('due=all')).toEqual(['overdue', 'today', 'upcoming', 'undated']);
    // Open is the default status.
    expect(await titles('')).toEqual(['overdue', 'today', 'upcoming', 'undated']);
    expect(await titles('status=done')).toEqual(['doneOverdue']);
    expect(await titles('due=overdue&status=all')).toEqual(['overdue', 'doneOverdue']);
    expect(await titles('due=all&status=all&limit=2&offset=1')).toEqual(['doneOverdue', 'today']);
  });

  it('names the contact and the call of each task, with dates as days', async () => {
    const res = await get(`/api/tasks?contactId=${c.id}&today=${TODAY}&due=today`);
    expect(res.body).toMatchObject({ total: 2, limit: 50, offset: 0, today: TODAY });
    expect(res.body.tasks[1]).toEqual({
      id: ids.today,
      title: 'today',
      owner: 'admin',
      dueDate: TODAY,
      done: false,
      contactId: c.id,
      contact: { id: c.id, name: c.name },
      sessionId: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it("takes the server's date when the caller does not say", async () => {
    const now = new Date();
    const local = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const res = await get(`/api/tasks?contactId=${c.id}&due=today`);
    expect(res.status).toBe(200);
    expect(res.body.today).toBe(local);
    // 2031 is ahead of the server's today: only the undated task is left out of everything due.
    expect(res.body.tasks).toEqual([]);
  });

  it('marks a task done and open again', async () => {
    const done = await request(t.app)
      .patch(`/api/tasks/${ids.today}`)
      .set('cookie', cookie)
      .send({ done: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: ids.today, done: true, contact: { id: c.id } });
    expect((await t.db.task.findUniqueOrThrow({ where: { id: ids.today! } })).done).toBe(true);
    expect(await titles('due=today')).toEqual(['overdue']);
    const reopened = await request(t.app)
      .patch(`/api/tasks/${ids.today}`)
      .set('cookie', cookie)
      .send({ done: false });
    expect(reopened.body.done).toBe(false);
  });

  it('answers bad input with 400 naming the field, an unknown task with 404, no login with 401', async () => {
    await expect400('/api/tasks?due=soon', 'due');
    await expect400('/api/tasks?status=closed', 'status');
    await expect400('/api/tasks?today=2027-02-30', 'today');
    await expect400('/api/tasks?contactId=a%00b', 'contactId');
    await expect400('/api/tasks?limit=0', 'limit');
    await expect400(`/api/tasks/${ids.overdue}`, 'done', { method: 'patch', body: {} });
    await expect400(`/api/tasks/${ids.overdue}`, 'done', { method: 'patch', body: { done: 'yes' } });
    await expect400('/api/tasks/a%00b', 'id', { method: 'patch', body: { done: true } });
    const extra = await request(t.app)
      .patch(`/api/tasks/${ids.overdue}`)
      .set('cookie', cookie)
      .send({ done: true, title: 'renamed' });
    expect(extra.status).toBe(400);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: ids.overdue! } })).done).toBe(false);
    const missing = await request(t.app).patch('/api/tasks/nope').set('cookie', cookie).send({ done: true });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('task not found');
    expect((await request(t.app).get('/api/tasks')).status).toBe(401);
    expect((await request(t.app).patch(`/api/tasks/${ids.overdue}`).send({ done: true })).status).toBe(401);
  });
});

describe('GET /api/quotes', () => {
  it('lists quotes with their contact, by status and contact', async () => {
    const c = await contact({ name: `Quote Client ${tag()}` });
    const other = await contact({ name: `Other ${tag()}` });
    await t.db.quote.create({ data: { contactId: c.id, title: 'Draft', amountCents: 100_000 } });
    const sent = await t.db.quote.create({
      data: { contactId: c.id, title: 'Sent', status: 'sent', amountCents: 250_000, currency: 'EUR' },
    });
    await t.db.quote.create({
      data: { contactId: other.id, title: 'Theirs', status: 'sent', amountCents: 1 },
    });
    const all = await get(`/api/quotes?contactId=${c.id}`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.quotes.map((q: { title: string }) => q.title)).toEqual(['Sent', 'Draft']);
    const onlySent = await get(`/api/quotes?contactId=${c.id}&status=sent`);
    expect(onlySent.body.quotes).toEqual([
      {
        id: sent.id,
        title: 'Sent',
        status: 'sent',
        amountCents: 250_000,
        currency: 'EUR',
        contactId: c.id,
        contact: { id: c.id, name: c.name },
        createdAt: sent.createdAt.toISOString(),
      },
    ]);
    const everyone = await get('/api/quotes?status=sent&limit=200');
    expect(everyone.body.quotes.map((q: { contactId: string }) => q.contactId)).toEqual(
      expect.arrayContaining([c.id, other.id]),
    );
  });

  it('answers bad filters with 400 naming the field', async () => {
    await expect400('/api/quotes?status=won', 'status');
    await expect400('/api/quotes?contactId=a%00b', 'contactId');
    await expect400('/api/quotes?offset=-1', 'offset');
    expect((await request(t.app).get('/api/quotes')).status).toBe(401);
  });
});

describe('GET /api/invoices, POST /api/invoices/:id/paid, POST /api/contracts/:id/signed', () => {
  it('lists unpaid invoices (sent and overdue) with totals per currency', async () => {
    const c = await contact({ name: `Invoice Client ${tag()}` });
    const mk = (
      status: 'draft' | 'sent' | 'paid' | 'overdue' | 'void',
      amountCents: number,
      currency = 'USD',
    ) =>
      t.db.invoice.create({
        data: {
          contactId: c.id,
          number: `T-${tag()}`,
          status,
          amountCents,
          currency,
          dueDate: dayToDate('2031-04-01'),
        },
      });
    const sent = await mk('sent', 100_000);
    const overdue = await mk('overdue', 50_000, 'EUR');
    const sent2 = await mk('sent', 20_000);
    await mk('paid', 70_000);
    await mk('draft', 1);
    const unpaid = await get(`/api/invoices?status=unpaid&contactId=${c.id}`);
    expect(unpaid.status).toBe(200);
    expect(unpaid.body.total).toBe(3);
    expect(unpaid.body.invoices.map((i: { id: string }) => i.id).sort()).toEqual(
      [sent.id, overdue.id, sent2.id].sort(),
    );
    expect(unpaid.body.totals).toEqual([
      { currency: 'EUR', amountCents: 50_000 },
      { currency: 'USD', amountCents: 120_000 },
    ]);
    expect(unpaid.body.invoices.find((i: { id: string }) => i.id === sent.id)).toEqual({
      id: sent.id,
      number: sent.number,
      status: 'sent',
      amountCents: 100_000,
      currency: 'USD',
      dueDate: '2031-04-01',
      paidAt: null,
      contactId: c.id,
      contact: { id: c.id, name: c.name },
      createdAt: sent.createdAt.toISOString(),
    });
    const paidOnes = await get(`/api/invoices?status=paid&contactId=${c.id}`);
    expect(paidOnes.body.invoices).toHaveLength(1);
    expect((await get(`/api/invoices?contactId=${c.id}`)).body.total).toBe(5);

    const paid = await request(t.app).post(`/api/invoices/${sent.id}/paid`).set('cookie', cookie);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: sent.id, status: 'paid', contact: { name: c.name } });
    expect(paid.body.paidAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const after = await get(`/api/invoices?status=unpaid&contactId=${c.id}`);
    expect(after.body.total).toBe(2);
    expect(after.body.totals).toContainEqual({ currency: 'USD', amountCents: 20_000 });
  });

  it('records a signature and answers with the contract and its contact', async () => {
    const c = await contact({ name: `Contract Client ${tag()}` });
    const k = await t.db.contract.create({ data: { contactId: c.id, title: 'Gala', amountCents: 9_000 } });
    const res = await request(t.app).post(`/api/contracts/${k.id}/signed`).set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: k.id,
      title: 'Gala',
      status: 'signed',
      amountCents: 9_000,
      contact: { id: c.id, name: c.name },
    });
    expect(res.body.signedAt).toMatch(/^\d{4}-/);
    expect((await request(t.app).post('/api/contracts/nope/signed').set('cookie', cookie)).status).toBe(404);
  });

  it('answers bad filters with 400 naming the field', async () => {
    await expect400('/api/invoices?status=due', 'status');
    await expect400('/api/invoices?contactId=a%00b', 'contactId');
    await expect400('/api/invoices?limit=201', 'limit');
    expect((await request(t.app).get('/api/invoices')).status).toBe(401);
  });
});

describe('GET /api/calendar', () => {
  it('groups the events in the range by day: booked, tentative, lost left out', async () => {
    const on = (name: string, leadStatus: 'new' | 'booked' | 'qualified' | 'lost', date: string) =>
      t.db.contact.create({
        data: { name: `${name} ${tag()}`, leadStatus, eventDate: dayToDate(date), venue: 'Cedar Hall' },
      });
    const booked = await on('Booked', 'booked', '2931-06-01');
    const maybe = await on('Maybe', 'qualified', '2931-06-01');
    const fresh = await on('Fresh', 'new', '2931-06-03');
    const lost = await on('Lost', 'lost', '2931-06-02');
    const later = await on('Later', 'booked', '2931-07-01');
    const mine = new Set([booked.id, maybe.id, fresh.id, lost.id, later.id]);

    const res = await get('/api/calendar?from=2931-06-01&to=2931-06-30');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ from: '2931-06-01', to: '2931-06-30' });
    const days = (
      res.body.days as { date: string; booked: { contactId: string }[]; tentative: { contactId: string }[] }[]
    )
      .map((d) => ({
        ...d,
        booked: d.booked.filter((e) => mine.has(e.contactId)),
        tentative: d.tentative.filter((e) => mine.has(e.contactId)),
      }))
      .filter((d) => d.booked.length || d.tentative.length);
    expect(days).toEqual([
      {
        date: '2931-06-01',
        booked: [
          {
            contactId: booked.id,
            name: booked.name,
            leadStatus: 'booked',
            eventType: null,
            venue: 'Cedar Hall',
            guestCount: null,
          },
        ],
        tentative: [expect.objectContaining({ contactId: maybe.id, leadStatus: 'qualified' })],
      },
      { date: '2931-06-03', booked: [], tentative: [expect.objectContaining({ contactId: fresh.id })] },
    ]);
    const dates = (res.body.days as { date: string }[]).map((d) => d.date);
    expect(dates).toEqual([...dates].sort());

    const single = await get('/api/calendar?from=2931-07-01&to=2931-07-01');
    expect(single.body.days.flatMap((d: { booked: { contactId: string }[] }) => d.booked)).toContainEqual(
      expect.objectContaining({ contactId: later.id }),
    );
    // 400 days inclusive is the most one request covers.
    expect((await get('/api/calendar?from=2931-01-01&to=2932-02-04')).status).toBe(200);
  });

  it('answers bad ranges with 400 naming the field', async () => {
    await expect400('/api/calendar?from=2931-01-01&to=2932-02-05', 'to');
    await expect400('/api/calendar?from=2931-06-10&to=2931-06-09', 'to');
    await expect400('/api/calendar?from=2931-02-30&to=2931-03-01', 'from');
    await expect400('/api/calendar?from=0000-01-01&to=0000-01-02', 'from');
    await expect400('/api/calendar?from=2931-01-01', 'to');
    await expect400('/api/calendar?to=2931-01-01', 'from');
    expect((await request(t.app).get('/api/calendar?from=2931-01-01&to=2931-01-02')).status).toBe(401);
  });
});

describe('GET /api/home', () => {
  it("shows today's open tasks, new leads, calls not ended and unread notifications", async () => {
    const today = '2031-09-09';
    const lead = await contact({ name: `Home Lead ${tag()}` });
    const booked = await contact({ name: `Home Booked ${tag()}`, leadStatus: 'booked' });
    const task = (title: string, due: string | null, done = false) =>
      t.db.task.create({
        data: { title, contactId: lead.id, dueDate: due ? dayToDate(due) : null, done },
      });
    const dueToday = await task('call back', today);
    const overdue = await task('send quote', '2031-09-01');
    const upcoming = await task('confirm', '2031-09-10');
    const closed = await task('done already', '2031-09-08', true);
    const room = (kind: 'call' | 'consultation' | 'assistant', status: 'scheduled' | 'active' | 'ended') =>
      t.db.session.create({
        data: { roomName: `${kind}-${tag()}${tag()}`, kind, status, contactId: lead.id },
      });
    const live = await room('call', 'active');
    const soon = await room('consultation', 'scheduled');
    const over = await room('call', 'ended');
    const assistant = await room('assistant', 'active');
    const note = await t.db.notification.create({
      data: { type: 'new_lead', title: `Home note ${tag()}`, contactId: lead.id, dedupeKey: `home-${tag()}` },
    });

    const res = await get(`/api/home?today=${today}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.today).toBe(today);
    const taskIds = res.body.tasks.map((x: { id: string }) => x.id);
    expect(taskIds).toEqual(expect.arrayContaining([dueToday.id, overdue.id]));
    expect(taskIds).not.toContain(upcoming.id);
    expect(taskIds).not.toContain(closed.id);
    expect(taskIds.indexOf(overdue.id)).toBeLessThan(taskIds.indexOf(dueToday.id));
    expect(res.body.tasksTotal).toBeGreaterThanOrEqual(2);
    expect(res.body.tasks.find((x: { id: string }) => x.id === dueToday.id).contact).toEqual({
      id: lead.id,
      name: lead.name,
    });

    expect(res.body.newLeads[0]).toMatchObject({ id: lead.id, leadStatus: 'new', eventDate: null });
    expect(res.body.newLeads.map((c: { id: string }) => c.id)).not.toContain(booked.id);
    expect(res.body.newLeads.length).toBeLessThanOrEqual(10);
    expect(res.body.newLeadsTotal).toBeGreaterThanOrEqual(1);

    const callIds = res.body.calls.map((x: { id: string }) => x.id);
    expect(callIds).toEqual(expect.arrayContaining([live.id, soon.id]));
    expect(callIds).not.toContain(over.id);
    expect(callIds).not.toContain(assistant.id);
    expect(res.body.calls.find((x: { id: string }) => x.id === live.id)).toMatchObject({
      roomName: live.roomName,
      kind: 'call',
      status: 'active',
      contact: { id: lead.id, name: lead.name },
    });
    expect(JSON.stringify(res.body.calls)).not.toContain('inviteHash');

    expect(res.body.unreadNotifications).toBeGreaterThanOrEqual(1);
    expect(res.body.notifications[0]).toMatchObject({ id: note.id, readAt: null, contactId: lead.id });
    expect(res.body.notifications.length).toBeLessThanOrEqual(5);
    await request(t.app)
      .post('/api/notifications/read')
      .set('cookie', cookie)
      .send({ ids: [note.id] });
    const after = await get(`/api/home?today=${today}`);
    expect(after.body.notifications.map((n: { id: string }) => n.id)).not.toContain(note.id);
    expect(after.body.unreadNotifications).toBe(res.body.unreadNotifications - 1);
  });

  it('answers a bad day with 400 naming it, and no login with 401', async () => {
    await expect400('/api/home?today=2031-02-30', 'today');
    await expect400('/api/home?today=tomorrow', 'today');
    expect((await request(t.app).get('/api/home')).status).toBe(401);
    expect((await get('/api/home')).status).toBe(200);
  });
});

describe('contacts and notifications through their contracts', () => {
  it("serves a contact's page: days as days, related rows with their contact, notes with their author", async () => {
    const c = await t.db.contact.create({
      data: { name: `Detail ${tag()}`, eventDate: dayToDate('2031-05-05'), budgetCents: 5_000_000_000n },
    });
    await t.db.quote.create({ data: { contactId: c.id, title: 'Q', amountCents: 10 } });
    await t.db.invoice.create({ data: { contactId: c.id, number: `D-${tag()}`, amountCents: 10 } });
    await t.db.contract.create({ data: { contactId: c.id, title: 'K', amountCents: 10 } });
    await t.db.task.create({
      data: { contactId: c.id, title: 'follow up', dueDate: dayToDate('2031-05-01') },
    });
    await t.db.note.create({ data: { contactId: c.id, body: 'Likes disco', authorId: t.admin.id } });
    const res = await get(`/api/contacts/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eventDate: '2031-05-05', budgetCents: 5_000_000_000, manualFields: [] });
    expect(res.body.quotes[0].contact).toEqual({ id: c.id, name: c.name });
    expect(res.body.invoices[0]).toMatchObject({ status: 'draft', currency: 'USD', contact: { id: c.id } });
    expect(res.body.contracts[0]).toMatchObject({ status: 'draft', contact: { id: c.id } });
    expect(res.body.tasks[0]).toMatchObject({ title: 'follow up', dueDate: '2031-05-01' });
    expect(res.body.notes[0]).toMatchObject({
      body: 'Likes disco',
      author: { id: t.admin.id, name: 'Test Admin' },
    });
    expect((await get('/api/contacts/nope')).status).toBe(404);

    const list = await get(`/api/contacts?q=${encodeURIComponent(c.name)}`);
    expect(list.body).toMatchObject({ total: 1, contacts: [{ id: c.id, eventDate: '2031-05-05' }] });
  });

  it('lists notifications with their read state and without internal columns', async () => {
    const n = await t.db.notification.create({
      data: { type: 'new_lead', title: 'Listed', dedupeKey: `listed-${tag()}` },
    });
    const res = await get('/api/notifications?unread=true&limit=200');
    const row = res.body.notifications.find((x: { id: string }) => x.id === n.id);
    expect(row).toEqual({
      id: n.id,
      type: 'new_lead',
      title: 'Listed',
      body: null,
      contactId: null,
      sessionId: null,
      // Everyone's (an invitation names the one admin it is for).
      recipientId: null,
      data: null,
      createdAt: n.createdAt.toISOString(),
      readAt: null,
    });
    await expect400('/api/notifications?unread=yes', 'unread');
    const all = await request(t.app).post('/api/notifications/read').set('cookie', cookie);
    expect(all.status).toBe(200);
    expect(all.body.marked).toBeGreaterThanOrEqual(1);
    expect((await get('/api/notifications?unread=true')).body).toMatchObject({ unread: 0, total: 0 });
  });
});
