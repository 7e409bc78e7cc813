import { toE164 } from '@booth/shared';
import { UsageError, type Command, type Flags } from '../command';
import type { SipClient } from 'livekit-server-sdk';

/**
 * booth sip setup|status: LiveKit SIP's inbound trunk and dispatch rule for phone calls arriving by SIP
 * (Twilio Elastic SIP Trunking → livekit-sip, compose profile `sip`). Talks to LiveKit's API with
 * LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (the API's own), or --livekit-url.
 */
const list = (v: Flags[string]): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

const one = (v: Flags[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** An IPv4/IPv6 address or CIDR, as LiveKit's allowed_addresses takes them. */
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/;

async function client(flags: Flags): Promise<SipClient> {
  const url = one(flags['livekit-url']) ?? process.env.LIVEKIT_URL;
  const key = process.env.LIVEKIT_API_KEY;
  const secret = process.env.LIVEKIT_API_SECRET;
  if (!url) throw new UsageError('LIVEKIT_URL (or --livekit-url) is required');
  if (!key || !secret) throw new UsageError('LIVEKIT_API_KEY and LIVEKIT_API_SECRET are required');
  const { sipClient } = await import('./sip-setup');
  return sipClient(url, key, secret);
}

async function setup(flags: Flags) {
  const { DEFAULT_SIP_NAME, setupSip } = await import('./sip-setup');
  const numbers = list(flags.number).map((n) => {
    const e164 = toE164(n, process.env.TELEPHONY_DEFAULT_COUNTRY ?? 'US');
    if (!e164) throw new UsageError(`--number ${n}: not a phone number`);
    return e164;
  });
  if (!numbers.length) throw new UsageError('at least one --number (the Twilio number calls arrive for)');
  const allowedAddresses = list(flags['allowed-address']);
  const bad = allowedAddresses.find((a) => !ADDRESS.test(a));
  if (bad) throw new UsageError(`--allowed-address ${bad}: an IP address or CIDR`);
  const username = one(flags['auth-username']);
  const password = process.env.SIP_AUTH_PASSWORD;
  if (username && !password)
    throw new UsageError('--auth-username needs SIP_AUTH_PASSWORD in the environment');
  if (!allowedAddresses.length && !username && !flags['allow-any-address']) {
    throw new UsageError(
      'say who may call in: --allowed-address (the carrier signalling addresses), --auth-username, or --allow-any-address',
    );
  }
  const name = one(flags.name) ?? DEFAULT_SIP_NAME;
  const result = await setupSip(await client(flags), {
    name,
    numbers,
    allowedAddresses,
    ...(username && password ? { auth: { username, password } } : {}),
  });
  console.log(`inbound trunk "${name}" ${result.trunkOutcome}: ${result.trunk.sipTrunkId}`);
  console.log(`  numbers: ${result.trunk.numbers.join(', ')}`);
  console.log(`  accepts calls from: ${result.trunk.allowedAddresses.join(', ') || 'any address'}`);
  console.log(`  digest auth: ${result.trunk.authUsername ? result.trunk.authUsername : 'none'}`);
  console.log(`dispatch rule "${name}" ${result.ruleOutcome}: ${result.rule.sipDispatchRuleId}`);
}

async function status(flags: Flags) {
  const { describeRule, isBoothRule, sipStatus } = await import('./sip-setup');
  const { trunks, rules } = await sipStatus(await client(flags));
  console.log(trunks.length ? 'inbound trunks:' : 'no inbound trunks (booth sip setup creates one)');
  for (const t of trunks) {
    console.log(`  ${t.sipTrunkId}  "${t.name}"  numbers ${t.numbers.join(', ') || 'any'}`);
    console.log(
      `    from ${t.allowedAddresses.join(', ') || 'any address'}; digest auth ${t.authUsername || 'none'}`,
    );
  }
  console.log(rules.length ? 'dispatch rules:' : 'no dispatch rules (booth sip setup creates one)');
  for (const r of rules) {
    const booth = isBoothRule(r) ? '' : '  (not a Booth phone room: Booth ignores these calls)';
    console.log(`  ${r.sipDispatchRuleId}  "${r.name}"  ${describeRule(r)}${booth}`);
    console.log(`    trunks ${r.trunkIds.join(', ') || 'any'}; caller number hidden: ${r.hidePhoneNumber}`);
  }
}

export const sipCommand: Command = {
  name: 'sip',
  usage: `booth sip setup --number E164 [--number …] (--allowed-address IP/CIDR … | --auth-username NAME | --allow-any-address) [--name booth] [--livekit-url URL]
      create or update (found by --name) LiveKit SIP's inbound trunk for the Booth number(s) and the
      dispatch rule putting each caller in a phone room of their own (caller number hidden from the room
      name; Booth reads it from the SIP From header). --allowed-address: the carrier's signalling
      addresses (Twilio: Elastic SIP Trunking → Manage → Networking Info), repeatable; --auth-username:
      digest credentials, the password from SIP_AUTH_PASSWORD. Re-running with the same options changes
      nothing; other options replace the trunk's numbers, addresses and credentials.
    booth sip status [--livekit-url URL]    list the inbound trunks and dispatch rules`,
  options: {
    number: { type: 'string', multiple: true },
    'allowed-address': { type: 'string', multiple: true },
    'auth-username': { type: 'string' },
    'allow-any-address': { type: 'boolean' },
    name: { type: 'string' },
    'livekit-url': { type: 'string' },
  },
  load: () => import('./sip-setup'),
  async run(args, flags) {
    const [action, ...rest] = args;
    if (rest.length) throw new UsageError(`sip ${action ?? ''} takes no arguments`);
    if (action === 'setup') return setup(flags);
    if (action === 'status') return status(flags);
    throw new UsageError('sip takes setup or status');
  },
};
