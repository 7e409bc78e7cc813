import { randomBytes } from 'node:crypto';
import { Room, dispose } from '@livekit/rtc-node';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashPassword } from '@booth/db';
import {
  DATA_TOPICS,
  MAX_PAD_UPDATE_BYTES,
  NOTIFICATIONS_ROOM,
  PAD_TEXT,
  type PadMessage,
} from '@booth/shared/api';
import { collectBoothData } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';

/**
 * Shared notes pads over the real API, Postgres and livekit-server: two admins' concurrent updates
 * both survive (in GET and in the stored row), each change is stored with its author and published
 * signed on `booth.pads`, garbage is a 400 that changes nothing, and a page that opens the pad later
 * gets the whole state.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let ana: string;
let ben: { id: string; name: string; cookie: string };

const hex = (n = 3) => randomBytes(n).toString('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  // Bodies up to the pad limit and past it (the tests' default body limit is 10 kB).
  t = await apiUnderTest({ API_BODY_LIMIT: '200kb' });
  ana = await t.login();
  const email = `ben-${hex(4)}@booth.test`;
  const name = `Ben ${hex()}`;
  const user = await t.db.adminUser.create({
    data: { email, name, passwordHash: await hashPassword('correct-horse-battery') },
  });
  const res = await request(t.app).post('/api/auth/login').send({ email, password: 'correct-horse-battery' });
  ben = { id: user.id, name, cookie: res.headers['set-cookie']![0]!.split(';')[0]! };
});
afterAll(async () => {
  await t.close();
  await dispose();
});

const contact = () => t.db.contact.create({ data: { name: `Pad Contact ${hex()}` } });

/** GET the pad as `cookie`. */
const getPad = (cookie: string, scope: string, id: string) =>
  request(t.app).get(`/api/pads/${scope}/${id}`).set('cookie', cookie);

/** POST an update (base64) as `cookie`. */
const post = (cookie: string, scope: string, id: string, update: string) =>
  request(t.app).post(`/api/pads/${scope}/${id}/updates`).set('cookie', cookie).send({ update });

/** A page's copy of the pad: a Y.Doc holding the state GET returned. */
function pageDoc(state: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(state, 'base64'));
  return doc;
}

/** Types `text` at `index` in `doc`: the update that edit is (what a page POSTs). */
function typeInto(doc: Y.Doc, index: number, text: string): string {
  const before = Y.encodeStateVector(doc);
  doc.getText(PAD_TEXT).insert(index, text);
  return b64(Y.encodeStateAsUpdate(doc, before));
}

describe('shared notes pads', () => {
  it('keeps both admins’ concurrent updates, stores each with its author and publishes it', async () => {
    const c = await contact();
    // An admin's dashboard in the notifications room, as the web app joins it.
    const token = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', ana)
      .send({ roomName: NOTIFICATIONS_ROOM });
    expect(token.status).toBe(200);
    const room = new Room();
    await room.connect(token.body.url, token.body.token, { autoSubscribe: false, dynacast: false });
    try {
      const heard = collectBoothData<PadMessage>(room, NOTIFICATIONS_ROOM, DATA_TOPICS.pads);

      const opened = await getPad(ana, 'contact', c.id);
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ text: '', changes: [] });
      const anaDoc = pageDoc(opened.body.state);
      const benDoc = pageDoc((await getPad(ben.cookie, 'contact', c.id)).body.state);

      // Both type at the start of the same empty pad at the same moment, five times each.
      const rounds = 5;
      for (let i = 0; i < rounds; i++) {
        const [a, b] = await Promise.all([
          post(ana, 'contact', c.id, typeInto(anaDoc, 0, `ana-${i} `)),
          post(ben.cookie, 'contact', c.id, typeInto(benDoc, 0, `ben-${i} `)),
        ]);
        expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([200, 200]);
        expect(a.body.changeId).toEqual(expect.any(String));
        expect(a.body.inserted).toBe(`ana-${i} `.length);
      }

      const want = [...Array(rounds).keys()].flatMap((i) => [`ana-${i} `, `ben-${i} `]);
      const after = await getPad(ana, 'contact', c.id);
      for (const piece of want) expect(after.body.text).toContain(piece);
      expect(after.body.text.length).toBe(want.join('').length);
      const row = await t.db.sharedPad.findUniqueOrThrow({ where: { contactId: c.id } });
      expect(row.text).toBe(after.body.text);
      // The stored state is the text, not only the column.
      expect(pageDoc(Buffer.from(row.state).toString('base64')).getText(PAD_TEXT).toString()).toBe(row.text);

      // Each change with its author, newest first.
      const stored = await t.db.padChange.findMany({ where: { padId: row.id } });
      expect(stored).toHaveLength(2 * rounds);
      expect(stored.filter((s) => s.authorId === t.admin.id)).toHaveLength(rounds);
      expect(stored.filter((s) => s.authorId === ben.id)).toHaveLength(rounds);
      expect(after.body.changes).toHaveLength(2 * rounds);
      expect(new Set(after.body.changes.map((ch: { author: { name: string } }) => ch.author.name))).toEqual(
        new Set(['Test Admin', ben.name]),
      );

      // Each admin's page merges the other's updates (what the data topic carries) into the same text.
      const messages = await waitUntil(
        'the pad changes on booth.pads',
        async () => {
          const mine = heard.messages.filter((m) => m.id === c.id);
          return mine.length >= 2 * rounds ? mine : undefined;
        },
        15_000,
      );
      expect(heard.rejected).toBe(0);
      for (const m of messages) {
        expect(m).toMatchObject({ scope: 'contact', id: c.id, changeId: expect.any(String) });
        Y.applyUpdate(anaDoc, Buffer.from(m.update!, 'base64'));
        Y.applyUpdate(benDoc, Buffer.from(m.update!, 'base64'));
      }
      expect(new Set(messages.map((m) => m.author.id))).toEqual(new Set([t.admin.id, ben.id]));
      expect(anaDoc.getText(PAD_TEXT).toString()).toBe(row.text);
      expect(benDoc.getText(PAD_TEXT).toString()).toBe(row.text);
    } finally {
      await room.disconnect();
    }
  });

  it('gives a page that opens the pad later the whole state; a resent update changes nothing', async () => {
    const c = await contact();
    const doc = pageDoc((await getPad(ana, 'contact', c.id)).body.state);
    const first = typeInto(doc, 0, 'Wants the Gold package. ');
    expect((await post(ana, 'contact', c.id, first)).status).toBe(200);
    const second = typeInto(doc, doc.getText(PAD_TEXT).length, 'Call back Friday.');
    expect((await post(ben.cookie, 'contact', c.id, second)).status).toBe(200);
    // Deleting "Gold" is a change too.
    const sv = Y.encodeStateVector(doc);
    doc.getText(PAD_TEXT).delete(10, 5);
    const deletion = await post(ana, 'contact', c.id, b64(Y.encodeStateAsUpdate(doc, sv)));
    expect(deletion.body).toMatchObject({
      inserted: 0,
      deleted: 5,
      text: 'Wants the package. Call back Friday.',
    });

    // A resend (the answer was lost): 200, nothing new stored.
    const again = await post(ana, 'contact', c.id, first);
    expect(again.status).toBe(200);
    expect(again.body.changeId).toBeNull();

    const later = await getPad(ben.cookie, 'contact', c.id);
    expect(later.body.text).toBe('Wants the package. Call back Friday.');
    expect(pageDoc(later.body.state).getText(PAD_TEXT).toString()).toBe(later.body.text);
    expect(later.body.changes).toHaveLength(3);
    expect(later.body.changes[0]).toMatchObject({ author: { id: t.admin.id }, inserted: 0, deleted: 5 });
  });

  it('has a pad per collaboration room too', async () => {
    const session = await t.db.session.create({
      data: { roomName: `pad-room-${hex(4)}`, kind: 'collaboration' },
    });
    const doc = pageDoc((await getPad(ana, 'session', session.id)).body.state);
    expect((await post(ana, 'session', session.id, typeInto(doc, 0, 'Agenda'))).status).toBe(200);
    expect((await getPad(ben.cookie, 'session', session.id)).body.text).toBe('Agenda');
    expect(await t.db.sharedPad.findUnique({ where: { sessionId: session.id } })).toMatchObject({
      text: 'Agenda',
    });
  });

  it('refuses garbage with a 400 naming the problem, changing nothing', async () => {
    const c = await contact();
    const doc = pageDoc((await getPad(ana, 'contact', c.id)).body.state);
    expect((await post(ana, 'contact', c.id, typeInto(doc, 0, 'kept'))).status).toBe(200);

    const otherType = new Y.Doc();
    otherType.getMap('settings').set('x', 1);
    const detached = new Y.Doc();
    detached.getText(PAD_TEXT).insert(0, 'a');
    const sv = Y.encodeStateVector(detached);
    detached.getText(PAD_TEXT).insert(1, 'b');
    const cases: [string, unknown, RegExp][] = [
      ['not base64', 'this is not base64!', /base64/],
      ['unpadded', 'abc', /base64/],
      ['empty', '', /empty/],
      ['a number', 42, /string/i],
      ['JSON bytes', b64(Buffer.from('{"text":"hello"}')), /not a Yjs update/],
      [
        'other bytes',
        b64(Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255))),
        /Yjs update/,
      ],
      ['oversize', b64(randomBytes(MAX_PAD_UPDATE_BYTES + 1024)), /at most 65536 bytes/],
      ['another shared type', b64(Y.encodeStateAsUpdate(otherType)), /only edit the pad's text/],
    ];
    for (const [what, update, message] of cases) {
      const res = await request(t.app)
        .post(`/api/pads/contact/${c.id}/updates`)
        .set('cookie', ana)
        .send({ update });
      expect(res.status, what).toBe(400);
      expect(JSON.stringify(res.body), what).toMatch(message);
    }
    const missing = await post(ana, 'contact', c.id, b64(Y.encodeStateAsUpdate(detached, sv)));
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatch(/builds on changes/);
    const missingBody = await request(t.app)
      .post(`/api/pads/contact/${c.id}/updates`)
      .set('cookie', ana)
      .send({});
    expect(missingBody.status).toBe(400);

    const row = await t.db.sharedPad.findUniqueOrThrow({ where: { contactId: c.id } });
    expect(row.text).toBe('kept');
    expect(await t.db.padChange.count({ where: { padId: row.id } })).toBe(1);
    expect((await getPad(ana, 'contact', c.id)).body.text).toBe('kept');
  });

  it('404s an unknown contact or session, 400s an unknown scope, 401s without a session', async () => {
    const update = typeInto(new Y.Doc(), 0, 'x');
    expect((await getPad(ana, 'contact', `nope-${hex()}`)).status).toBe(404);
    expect((await post(ana, 'contact', `nope-${hex()}`, update)).status).toBe(404);
    expect((await getPad(ana, 'session', `nope-${hex()}`)).status).toBe(404);
    expect((await getPad(ana, 'invoice', 'x')).status).toBe(400);
    const c = await contact();
    expect((await request(t.app).get(`/api/pads/contact/${c.id}`)).status).toBe(401);
    expect((await request(t.app).post(`/api/pads/contact/${c.id}/updates`).send({ update })).status).toBe(
      401,
    );
    // No pad was created by any of these.
    expect(await t.db.sharedPad.findUnique({ where: { contactId: c.id } })).toBeNull();
  });
});
