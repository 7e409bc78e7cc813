import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../harness/services';

/** One call placed by sipp: who calls whom, and what the caller says once answered. */
export interface SippCall {
  /** The caller's number (From user), as a carrier sends it: "+15551234567". */
  from: string;
  /** The number called (Request-URI and To user): a number of the inbound trunk. */
  to: string;
  displayName: string;
  /** RTP of the caller's speech (rtp-pcap.ts), PCMU. */
  pcap: string;
  /** How long the call stays up after the answer before the caller hangs up (BYE), ms. */
  holdMs: number;
  /** How long the call may ring before sipp gives up, ms. */
  ringMs: number;
}

export interface SippRun {
  /** Resolves when sipp exits: 0 when the call went through INVITE → 200 → ACK → speech → BYE → 200. */
  exited: Promise<number | null>;
  /** The SIP messages sipp sent and received, for a failing test. */
  messages(): string;
  /** Stops sipp (a call still up is abandoned). */
  stop(): Promise<void>;
}

const headers = (
  c: SippCall,
) => `From: "${c.displayName}" <sip:${c.from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
      To: <sip:${c.to}@[remote_ip]:[remote_port]>`;

/**
 * A UAC scenario offering G.711 µ-law only: it waits (through 100/180/183, which LiveKit SIP repeats
 * while ringing) for the 200, acknowledges it, plays the speech RTP, holds the line, then hangs up.
 */
export function sippScenario(c: SippCall): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Booth SIP caller">
  <send retrans="500">
    <![CDATA[
      INVITE sip:${c.to}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${headers(c)}
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:${c.from}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=ptime:20
      a=sendrecv
    ]]>
  </send>
  <label id="ringing"/>
  <recv response="100" optional="true" next="ringing"/>
  <recv response="180" optional="true" next="ringing"/>
  <recv response="183" optional="true" next="ringing"/>
  <recv response="200" rtd="true" timeout="${c.ringMs}"/>
  <send>
    <![CDATA[
      ACK sip:${c.to}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${headers(c)}[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:${c.from}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <nop>
    <action>
      <exec play_pcap_audio="${c.pcap}"/>
    </action>
  </nop>
  <pause milliseconds="${c.holdMs}"/>
  <send retrans="500">
    <![CDATA[
      BYE sip:${c.to}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      ${headers(c)}[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: <sip:${c.from}@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>
</scenario>
`;
}

/** Places `call` with sipp from the loopback to `target` (UDP), one call, then exits. */
export async function placeCall(
  target: { host: string; port: number },
  call: SippCall,
  dir: string,
): Promise<SippRun> {
  const scenario = join(dir, 'sipp-caller.xml');
  const messagesFile = join(dir, 'sipp-messages.log');
  writeFileSync(scenario, sippScenario(call));
  const args = [
    `${target.host}:${target.port}`,
    ...['-sf', scenario, '-m', '1', '-nostdin'],
    ...['-i', '127.0.0.1', '-p', String(await freePort())],
    ...['-mi', '127.0.0.1', '-mp', String(await freePort())],
    ...['-timeout', `${Math.ceil((call.ringMs + call.holdMs) / 1000) + 30}s`, '-timeout_error'],
    ...[
      '-trace_msg',
      '-message_file',
      messagesFile,
      '-trace_err',
      '-error_file',
      join(dir, 'sipp-errors.log'),
    ],
  ];
  const proc = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<number | null>((res) => {
    proc.once('exit', (code) => res(code));
    proc.once('error', () => res(null));
  });
  return {
    exited,
    messages: () => (existsSync(messagesFile) ? readFileSync(messagesFile, 'utf8') : '(no sipp messages)'),
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
