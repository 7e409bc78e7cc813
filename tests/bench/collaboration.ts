import { join, resolve } from 'node:path';
import { Room, RoomEvent } from '@livekit/rtc-node';
import * as Y from 'yjs';
import { createDb, migrate } from '@booth/db';
import { DATA_TOPICS, NOTIFICATIONS_ROOM, TRANSCRIPTION_TOPIC } from '@booth/shared/api';
import { cacheDir, startServices } from '../harness/services';
import { apiAs, createAdminAccount } from '../support/browser-live';
import { publishWav } from '../support/livekit-client';
import { ROOT } from '../support/processes';
import { startStack } from '../support/stack';

/**
 * `npm run bench:collaboration`: the data-channel traffic each admin receives in a busy collaboration
 * room (issue 15), measured at the receiving participants (`@livekit/rtc-node`, as the dashboard's
 * pages are connected): BENCH_ADMINS admins in one collaboration room and in the notifications room,
 * for BENCH_SECONDS, while two of them take turns speaking (jfk.wav, so the transcriber sends
 * interim and final captions), someone asks the shared assistant every BENCH_TURN_EVERY_S seconds
 * and two type into the room's shared notes at BENCH_CHARS_PER_S characters a second each (one Yjs
 * update per keystroke, as the pad batches only what is typed within 150 ms). Counted per topic:
 * message payload bytes as delivered (signed envelopes, caption text plus attributes) — the SCTP,
 * DTLS and protobuf framing around them is not. Options (env): BENCH_ADMINS=4, BENCH_SECONDS=60,
 * BENCH_TURN_EVERY_S=15, BENCH_CHARS_PER_S=4, BENCH_MODEL=tiny.en.
 */
const shared = resolve(ROOT, '..', 'shared');
const admins = Number(process.env.BENCH_ADMINS ?? 4);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const turnEvery = Number(process.env.BENCH_TURN_EVERY_S ?? 15);
const charsPerSecond = Number(process.env.BENCH_CHARS_PER_S ?? 4);
const model = process.env.BENCH_MODEL ?? 'tiny.en';
const audio = join(process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio'), 'jfk.wav');

interface Tally {
  bytes: Map<string, number>;
  messages: Map<string, number>;
}
const add = (t: Tally, topic: string, bytes: number) => {
  t.bytes.set(topic, (t.bytes.get(topic) ?? 0) + bytes);
  t.messages.set(topic, (t.messages.get(topic) ?? 0) + 1);
};

/** Counts what reaches `room`: data packets by topic, and caption text streams. */
function count(room: Room, tally: Tally, measuring: () => boolean) {
  room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => {
    if (measuring()) add(tally, topic ?? '(none)', payload.byteLength);
  });
  room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader) => {
    const attrs = JSON.stringify(reader.info.attributes ?? {});
    void reader.readAll().then((text) => {
      if (measuring()) add(tally, TRANSCRIPTION_TOPIC, Buffer.byteLength(text) + Buffer.byteLength(attrs));
    });
  });
}

const services = await startServices();
Object.assign(process.env, services.env, {
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
  BOOTH_MODELS_DIR: process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models'),
  SILERO_VAD_PATH: process.env.SILERO_VAD_PATH ?? join(shared, 'models', 'silero_vad.onnx'),
  MODEL_DOWNLOAD: 'false',
  LOG_LEVEL: 'warn',
  // The calls' recordings, in this run's own directory (not the checkout's ./data).
  RECORDING_DIR: join(services.env.BOOTH_TEST_DIR!, 'recordings'),
});
await migrate(services.env.DATABASE_URL!);
const db = createDb({ url: services.env.DATABASE_URL! });
const stack = await startStack({ services: ['api', 'transcriber'], env: { WHISPER_MODEL: model } });
const rooms: Room[] = [];
try {
  const people = [
    { request: stack.request },
    ...(await Promise.all(
      Array.from({ length: admins - 1 }, async (_, i) =>
        apiAs(stack.api, await createAdminAccount(db, `Bench admin ${i + 2}`)),
      ),
    )),
  ];
  const session = await stack.request<{ id: string; roomName: string }>('POST', '/api/sessions', {
    kind: 'collaboration',
  });
  let measuring = false;
  const tallies = people.map(() => ({
    bytes: new Map<string, number>(),
    messages: new Map<string, number>(),
  }));
  const inRoom: Room[] = [];
  for (const [i, p] of people.entries()) {
    for (const roomName of [session.roomName, NOTIFICATIONS_ROOM]) {
      const t = await p.request<{ token: string; url: string }>('POST', '/api/livekit/token', { roomName });
      const room = new Room();
      count(room, tallies[i]!, () => measuring);
      await room.connect(t.url, t.token, { autoSubscribe: false, dynacast: false });
      rooms.push(room);
      if (roomName === session.roomName) inRoom.push(room);
    }
  }
  // Wait for the transcriber (room_started → rooms job) before the clock starts.
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const n = await db.participant.count({ where: { sessionId: session.id, role: 'agent' } });
    if (n > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }

  const stopAt = Date.now() + seconds * 1000;
  measuring = true;
  const talking = (async () => {
    for (let turn = 0; Date.now() < stopAt; turn++) {
      await publishWav(inRoom[turn % 2]!, audio, { trailingSilenceMs: 1500 });
    }
  })();
  const asking = (async () => {
    for (let n = 0; Date.now() < stopAt - 3000; n++) {
      const who = people[n % people.length]!;
      await who
        .request('POST', `/api/sessions/${session.id}/assistant/turns`, {
          text: n % 2 ? 'show me my open tasks' : 'which invoices are overdue',
          turnId: `bench${Date.now()}${n}`,
        })
        .catch((err: unknown) => console.warn('turn failed', err));
      await new Promise((r) => setTimeout(r, turnEvery * 1000));
    }
  })();
  const typists = [0, 1].map(async (i) => {
    const doc = new Y.Doc();
    const body = doc.getText('body');
    let sent = Y.encodeStateVector(doc);
    for (let n = 0; Date.now() < stopAt; n++) {
      body.insert(body.length, 'abcdefghij'[n % 10]!);
      const update = Y.encodeStateAsUpdate(doc, sent);
      sent = Y.encodeStateVector(doc);
      await people[i]!.request('POST', `/api/pads/session/${session.id}/updates`, {
        update: Buffer.from(update).toString('base64'),
      }).catch((err: unknown) => console.warn('pad update failed', err));
      await new Promise((r) => setTimeout(r, 1000 / charsPerSecond));
    }
  });
  await Promise.all([talking, asking, ...typists]);
  await new Promise((r) => setTimeout(r, 1500));
  measuring = false;
  const minutes = (seconds + 1.5) / 60;

  const topics = [...new Set(tallies.flatMap((t) => [...t.bytes.keys()]))].sort();
  const mean = (f: (t: Tally) => number) => tallies.reduce((s, t) => s + f(t), 0) / tallies.length;
  console.log(
    `\nData-channel traffic per admin per minute (${admins} admins, ${seconds} s, assistant turn every ${turnEvery} s, 2 typists at ${charsPerSecond} chars/s, 2 speakers)`,
  );
  console.log('topic'.padEnd(26), 'messages/min'.padStart(13), 'KB/min'.padStart(9));
  let total = 0;
  for (const topic of topics) {
    const bytes = mean((t) => t.bytes.get(topic) ?? 0) / minutes;
    const messages = mean((t) => t.messages.get(topic) ?? 0) / minutes;
    total += bytes;
    console.log(topic.padEnd(26), messages.toFixed(1).padStart(13), (bytes / 1000).toFixed(1).padStart(9));
  }
  console.log('total'.padEnd(26), ''.padStart(13), (total / 1000).toFixed(1).padStart(9));
  console.log(
    `(${DATA_TOPICS.sharedAssistant}: shared assistant; booth.pads: shared notes; ${TRANSCRIPTION_TOPIC}: captions)`,
  );
} finally {
  await Promise.all(rooms.map((r) => r.disconnect()));
  await stack.stop();
  await db.$disconnect();
  await services.stop();
}
process.exit(0);
