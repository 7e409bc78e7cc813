import {
  SIPDispatchRule,
  SIPDispatchRuleIndividual,
  SipClient,
  type SIPDispatchRuleInfo,
  type SIPInboundTrunkInfo,
} from 'livekit-server-sdk';
import { PHONE_ROOM_PREFIX, SIP_HEADER_ATTRIBUTES } from '@booth/shared';

/**
 * LiveKit SIP's side of phone calls (`booth sip setup`): an inbound trunk for the Booth number(s) and a
 * dispatch rule putting each caller in a room of their own, `phone-_<last 4 digits>_<random>`. The
 * rule hides the caller's number (it would otherwise make the room name, `+` included, which room
 * names may not hold, and room names are logged); the trunk copies the From and To headers into the
 * participant attributes the API reads the numbers from (services/api/src/sip-calls.ts).
 */
export const DEFAULT_SIP_NAME = 'booth';

export interface SipSetup {
  /** The trunk's and the rule's name, how a second run finds them. */
  name: string;
  /** The Booth numbers calls arrive for (E.164). */
  numbers: string[];
  /** Source addresses (IPs or CIDRs) calls are accepted from; empty: any. */
  allowedAddresses: string[];
  /** Digest credentials the carrier must answer with; none: no challenge. */
  auth?: { username: string; password: string };
}

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface SipSetupResult {
  trunk: SIPInboundTrunkInfo;
  rule: SIPDispatchRuleInfo;
  trunkOutcome: Outcome;
  ruleOutcome: Outcome;
}

/** A SipClient for the LiveKit server at `url` (ws:// or http://, as LIVEKIT_URL). */
export function sipClient(url: string, apiKey: string, apiSecret: string): SipClient {
  return new SipClient(url.replace(/^ws/, 'http'), apiKey, apiSecret);
}

/**
 * Creates the trunk and the dispatch rule, or brings the ones of this name to what `setup` says (a
 * second run with the same options changes nothing).
 */
export async function setupSip(client: SipClient, setup: SipSetup): Promise<SipSetupResult> {
  const { trunk, outcome: trunkOutcome } = await ensureTrunk(client, setup);
  const { rule, outcome: ruleOutcome } = await ensureRule(client, setup.name, trunk.sipTrunkId);
  return { trunk, rule, trunkOutcome, ruleOutcome };
}

async function ensureTrunk(
  client: SipClient,
  setup: SipSetup,
): Promise<{ trunk: SIPInboundTrunkInfo; outcome: Outcome }> {
  const existing = (await client.listSipInboundTrunk()).find((t) => t.name === setup.name);
  if (!existing) {
    const trunk = await client.createSipInboundTrunk(setup.name, setup.numbers, {
      allowedAddresses: setup.allowedAddresses,
      authUsername: setup.auth?.username ?? '',
      authPassword: setup.auth?.password ?? '',
      headersToAttributes: { ...SIP_HEADER_ATTRIBUTES },
    });
    return { trunk, outcome: 'created' };
  }
  const wanted = existing.clone();
  wanted.numbers = [...setup.numbers];
  wanted.allowedAddresses = [...setup.allowedAddresses];
  wanted.authUsername = setup.auth?.username ?? '';
  wanted.authPassword = setup.auth?.password ?? '';
  wanted.headersToAttributes = { ...existing.headersToAttributes, ...{ ...SIP_HEADER_ATTRIBUTES } };
  if (wanted.equals(existing)) return { trunk: existing, outcome: 'unchanged' };
  return { trunk: await client.updateSipInboundTrunk(existing.sipTrunkId, wanted), outcome: 'updated' };
}

const individualRule = () =>
  new SIPDispatchRule({
    rule: {
      case: 'dispatchRuleIndividual',
      value: new SIPDispatchRuleIndividual({ roomPrefix: PHONE_ROOM_PREFIX }),
    },
  });

async function ensureRule(
  client: SipClient,
  name: string,
  trunkId: string,
): Promise<{ rule: SIPDispatchRuleInfo; outcome: Outcome }> {
  const existing = (await client.listSipDispatchRule()).find((r) => r.name === name);
  if (!existing) {
    const rule = await client.createSipDispatchRule(
      { type: 'individual', roomPrefix: PHONE_ROOM_PREFIX },
      { name, trunkIds: [trunkId], hidePhoneNumber: true },
    );
    return { rule, outcome: 'created' };
  }
  const wanted = existing.clone();
  wanted.rule = individualRule();
  wanted.trunkIds = [trunkId];
  wanted.hidePhoneNumber = true;
  if (wanted.equals(existing)) return { rule: existing, outcome: 'unchanged' };
  return { rule: await client.updateSipDispatchRule(existing.sipDispatchRuleId, wanted), outcome: 'updated' };
}

/** Where a dispatch rule puts callers, in words. */
export function describeRule(rule: SIPDispatchRuleInfo): string {
  const r = rule.rule?.rule;
  switch (r?.case) {
    case 'dispatchRuleIndividual':
      return `a room per caller, prefix "${r.value.roomPrefix}"`;
    case 'dispatchRuleCallee':
      return `a room per called number, prefix "${r.value.roomPrefix}"`;
    case 'dispatchRuleDirect':
      return `room "${r.value.roomName}"`;
    default:
      return 'no rule';
  }
}

/** Whether Booth sees the calls a rule dispatches: rooms named `phone-…`, the number kept out of them. */
export function isBoothRule(rule: SIPDispatchRuleInfo): boolean {
  const r = rule.rule?.rule;
  return (
    r?.case === 'dispatchRuleIndividual' && r.value.roomPrefix === PHONE_ROOM_PREFIX && rule.hidePhoneNumber
  );
}

export interface SipStatus {
  trunks: SIPInboundTrunkInfo[];
  rules: SIPDispatchRuleInfo[];
}

export async function sipStatus(client: SipClient): Promise<SipStatus> {
  const [trunks, rules] = await Promise.all([client.listSipInboundTrunk(), client.listSipDispatchRule()]);
  return { trunks, rules };
}
