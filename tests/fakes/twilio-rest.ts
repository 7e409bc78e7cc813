import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTwilioStream, type FakeTwilioStream } from './twilio-media';

/**
 * A fake Twilio REST API (the part of api.twilio.com the bridge uses), speaking the documented wire
 * protocol of the Call resource: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` (form-encoded To,
 * From, Twiml) creates an outbound call and `POST …/Calls/{CallSid}.json` (Status=canceled|completed)
 * updates it, both answering the Call resource as JSON; HTTP Basic auth with the account SID and auth
 * token, 401 (error 20003) otherwise. With `answer: 'stream'` a created call whose TwiML is
 * `<Connect><Stream>` is answered: the fake opens that media stream with the TwiML's `<Parameter>`s,
 * as Twilio does when the callee picks up (the admin's phone).
 */
export interface FakeTwilioRestOptions {
  accountSid: string;
  authToken: string;
  /**
   * What the callee of a created call does: `stream` picks up after `answerDelayMs` and opens the
   * TwiML's media stream; `ring` keeps ringing until cancelled. Default `stream`; settable later.
   */
  answer?: 'stream' | 'ring';
  answerDelayMs?: number;
}

export interface RecordedRestRequest {
  method: string;
  path: string;
  /** Basic auth credentials, as sent. */
  auth?: { username: string; password: string };
  form: Record<string, string>;
  status: number;
}

export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  twiml: string;
  status: 'queued' | 'ringing' | 'in-progress' | 'completed' | 'canceled';
  /** The media stream the fake opened when it answered. */
  stream?: FakeTwilioStream;
  /** The stream's URL and parameters, read from the TwiML. */
  streamUrl?: string;
  parameters: Record<string, string>;
}

/** A text message created through the Messages resource (`From` or `MessagingServiceSid`). */
export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

export interface FakeTwilioRest {
  url: string;
  requests: RecordedRestRequest[];
  calls: FakeCall[];
  /** Messages created: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (To, Body, From or MessagingServiceSid). */
  messages: FakeMessage[];
  answer: 'stream' | 'ring';
  close(): Promise<void>;
}

const unescapeXml = (s: string) =>
  s.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]!,
  );

/** The `<Connect><Stream url>` of a TwiML document and its `<Parameter>`s. */
export function parseStreamTwiml(
  twiml: string,
): { url: string; parameters: Record<string, string> } | undefined {
  const stream = /<Connect>\s*<Stream\b[^>]*\burl="([^"]*)"[^>]*>([\s\S]*?)<\/Stream>/.exec(twiml);
  if (!stream) return undefined;
  const parameters: Record<string, string> = {};
  for (const p of stream[2]!.matchAll(/<Parameter\b[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"[^>]*\/>/g)) {
    parameters[unescapeXml(p[1]!)] = unescapeXml(p[2]!);
  }
  return { url: unescapeXml(stream[1]!), parameters };
}

/**
 * Twilio's magic test numbers for the Messages resource (its test-credentials docs): a `To` of one
 * of these is refused with that error, as the real API does.
 */
const REFUSED_SMS_TO: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [
    21612,
    "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number",
  ],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"],
};

function basicAuth(req: IncomingMessage): { username: string; password: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function twilioError(res: ServerResponse, status: number, code: number, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

export async function startFakeTwilioRest(opts: FakeTwilioRestOptions): Promise<FakeTwilioRest> {
  const requests: RecordedRestRequest[] = [];
  const calls: FakeCall[] = [];
  const messages: FakeMessage[] = [];
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const resource = (call: FakeCall) => {
    const now = new Date().toUTCString();
    const uri = `/2010-04-01/Accounts/${opts.accountSid}/Calls/${call.sid}.json`;
    return {
      sid: call.sid,
      account_sid: opts.accountSid,
      api_version: '2010-04-01',
      annotation: null,
      answered_by: null,
      caller_name: null,
      date_created: now,
      date_updated: now,
      direction: 'outbound-api',
      duration: null,
      end_time: null,
      forwarded_from: null,
      from: call.from,
      from_formatted: call.from,
      group_sid: null,
      parent_call_sid: null,
      phone_number_sid: null,
      price: null,
      price_unit: 'USD',
      queue_time: '0',
      start_time: call.status === 'in-progress' ? now : null,
      status: call.status,
      subresource_uris: {
        notifications: uri.replace('.json', '/Notifications.json'),
        recordings: uri.replace('.json', '/Recordings.json'),
      },
      to: call.to,
      to_formatted: call.to,
      trunk_sid: null,
      uri,
    };
  };

  const answer = (call: FakeCall) => {
    if (call.status !== 'ringing' || !call.streamUrl) return;
    call.status = 'in-progress';
    track(
      openTwilioStream(call.streamUrl, { callSid: call.sid, customParameters: call.parameters }).then(
        (stream) => {
          call.stream = stream;
          // The bridge closed the stream: the TwiML is over and Twilio hangs up.
          void stream.closed.then(() => {
            if (call.status === 'in-progress') call.status = 'completed';
          });
        },
        () => {
          call.status = 'completed';
        },
      ),
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const auth = basicAuth(req);
      const record: RecordedRestRequest = { method: req.method ?? '', path, auth, form, status: 0 };
      requests.push(record);
      const reply = (status: number, body: unknown) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, code: number, message: string) => {
        record.status = status;
        twilioError(res, status, code, message);
      };
      if (auth?.username !== opts.accountSid || auth.password !== opts.authToken) {
        return fail(401, 20003, 'Authenticate');
      }
      const msg = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (msg && req.method === 'POST') {
        if (msg[1] !== opts.accountSid) return fail(403, 20003, 'Authenticate');
        if (!form.To) return fail(400, 21604, "A 'To' phone number is required.");
        if (!form.From && !form.MessagingServiceSid) {
          return fail(400, 21603, "A 'From' phone number is required.");
        }
        if (!form.Body) return fail(400, 21602, 'Message body is required.');
        const refused = REFUSED_SMS_TO[form.To];
        if (refused) return fail(400, ...refused);
        const message: FakeMessage = {
          sid: `SM${randomBytes(16).toString('hex')}`,
          to: form.To,
          from: form.From ?? null,
          messagingServiceSid: form.MessagingServiceSid ?? null,
          body: form.Body,
        };
        messages.push(message);
        const now = new Date().toUTCString();
        return reply(201, {
          sid: message.sid,
          account_sid: opts.accountSid,
          api_version: '2010-04-01',
          body: message.body,
          date_created: now,
          date_updated: now,
          date_sent: null,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: message.from,
          messaging_service_sid: message.messagingServiceSid,
          num_media: '0',
          num_segments: String(Math.ceil(message.body.length / 153)),
          price: null,
          price_unit: 'USD',
          status: 'queued',
          subresource_uris: {
            media: `/2010-04-01/Accounts/${opts.accountSid}/Messages/${message.sid}/Media.json`,
          },
          to: message.to,
          uri: `/2010-04-01/Accounts/${opts.accountSid}/Messages/${message.sid}.json`,
        });
      }
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls(?:\/([^/]+))?\.json$/.exec(path);
      if (!m || req.method !== 'POST') return fail(404, 20404, 'The requested resource was not found');
      if (m[1] !== opts.accountSid) return fail(403, 20003, 'Authenticate');
      if (!m[2]) {
        if (!form.To) return fail(400, 21201, "No 'To' number is specified");
        if (!form.From) return fail(400, 21213, "No 'From' number is specified");
        if (!form.Twiml && !form.Url && !form.ApplicationSid) {
          return fail(400, 21205, 'Url parameter is required');
        }
        const stream = form.Twiml ? parseStreamTwiml(form.Twiml) : undefined;
        const call: FakeCall = {
          sid: `CA${randomBytes(16).toString('hex')}`,
          to: form.To,
          from: form.From,
          twiml: form.Twiml ?? '',
          status: 'queued',
          streamUrl: stream?.url,
          parameters: stream?.parameters ?? {},
        };
        calls.push(call);
        reply(201, resource(call));
        call.status = 'ringing';
        if (fake.answer === 'stream') setTimeout(() => answer(call), opts.answerDelayMs ?? 200);
        return;
      }
      const call = calls.find((c) => c.sid === m[2]);
      if (!call) return fail(404, 20404, 'The requested resource was not found');
      if (form.Status === 'canceled') {
        // Cancels a queued or ringing call; an answered one is left alone.
        if (call.status === 'queued' || call.status === 'ringing') call.status = 'canceled';
      } else if (form.Status === 'completed') {
        if (call.status === 'queued' || call.status === 'ringing') call.status = 'canceled';
        else if (call.status === 'in-progress') {
          call.status = 'completed';
          if (call.stream) track(call.stream.stop());
        }
      } else if (form.Status !== undefined) {
        return fail(400, 21218, 'Invalid Status');
      }
      reply(200, resource(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeTwilioRest = {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls,
    messages,
    answer: opts.answer ?? 'stream',
    async close() {
      await Promise.allSettled([...pending]);
      await Promise.allSettled(calls.map((c) => c.stream?.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
