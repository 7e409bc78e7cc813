import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';

/**
 * Failed-login limits, in Redis so every API replica counts alike and each counter expires on its own
 * (nothing is kept in the process, whatever the number of emails tried). Each attempt is counted as it
 * starts, atomically with the check (parallel guesses cannot all slip past it), and given back when the
 * password was right. Three counters, each a fixed window from its first count:
 *
 * - per client address (`req.ip`, i.e. after `trust proxy`; IPv6 by /64): guessing from one place,
 *   over any accounts;
 * - per account (by email, known or not, so a 429 tells nothing about which emails exist): guessing
 *   one password from many places;
 * - per known device: a browser that signed in as that account before carries a signed device
 *   cookie ({@link LoginLimiter.issueDevice}); it is exempt from the two limits above (so an attacker,
 *   even behind the admin's own proxy, cannot lock the admin out) and has its own counter instead, after
 *   which it counts as unknown (so a stolen device cookie buys no more guesses than a fresh address).
 */
export interface LoginLimits {
  /** Failed logins from one client address per window before 429. Default 30. */
  perIp: number;
  /** Failed logins for one email, from browsers not known for it, per window before 429. Default 10. */
  perAccount: number;
  /** Failed logins from one known device per window before it loses its exemption. Default 10. */
  perDevice: number;
  /** Window: a counter expires this long after its first failure. Default 15 minutes. */
  windowMs: number;
  /** A device cookie is honoured this long after the login that set it. Default 90 days. */
  deviceTtlMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIp: 30,
  perAccount: 10,
  perDevice: 10,
  windowMs: 15 * 60_000,
  deviceTtlMs: 90 * 24 * 3600_000,
};

export type LoginLimitKind = 'ip' | 'account' | 'device';

export interface LoginAttempt {
  /** The client address as Express resolved it (`req.ip`). */
  ip: string;
  email: string;
  /** The device id from a valid device cookie for this email ({@link LoginLimiter.knownDevice}). */
  deviceId?: string;
}

export interface LoginVerdict {
  /** The attempt comes from a known device still within its own limit. */
  trusted: boolean;
  /** The limit that refuses this attempt, if one does. */
  blocked?: LoginLimitKind;
  /** When `blocked`: how long until that counter expires. */
  retryAfterMs: number;
  /** The limits this attempt used up (their last try): to log once when it fails, not per attempt. */
  reached: LoginLimitKind[];
  /** The counters this attempt took one from, given back if it succeeds. */
  counted: string[];
}

/**
 * Check and count in one step (so parallel guesses cannot all pass the check before any is counted):
 * KEYS are counters, ARGV[1] the window in ms, ARGV[i + 1] the limit of KEYS[i]. When one is used up,
 * nothing is counted and the answer is {i, its PTTL}; else each is incremented (created with the
 * window as TTL) and the answer is {0, 0, count1, count2, ...}.
 */
const RESERVE = `
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    return {i, redis.call('PTTL', key)}
  end
end
local out = {0, 0}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'PX', ARGV[1], 'NX')
  out[#out + 1] = redis.call('INCR', key)
end
return out`;

/** Gives one back to each counter still there (never creates one: an expired counter stays gone). */
const RELEASE = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0`;

/** The address a limit is counted on: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64. */
export function clientKey(ip: string): string {
  const addr = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) return mapped[1]!;
  if (!isIPv6(addr)) return addr;
  const [head = '', tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = addr.includes('::') && tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface LoginLimiterOptions {
  /** Redis key prefix (the deployment's QUEUE_PREFIX); keys are `<prefix>:login:<kind>:<id>`. */
  prefix: string;
  /** Signs device cookies (SESSION_SECRET). */
  secret: string;
  /** Overrides of {@link DEFAULT_LOGIN_LIMITS}. */
  limits?: Partial<LoginLimits>;
}

export class LoginLimiter {
  readonly limits: LoginLimits;
  private readonly deviceKey: Buffer;

  constructor(
    private readonly redis: Redis,
    private readonly opts: LoginLimiterOptions,
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...opts.limits };
    this.deviceKey = createHmac('sha256', opts.secret).update('booth login device cookie').digest();
  }

  private key(kind: LoginLimitKind, id: string): string {
    return `${this.opts.prefix}:login:${kind}:${id}`;
  }

  private async reserve(
    counters: [LoginLimitKind, string, number][],
  ): Promise<Omit<LoginVerdict, 'trusted'>> {
    const keys = counters.map(([, key]) => key);
    const limits = counters.map(([, , max]) => String(max));
    const [blocked = 0, ttl = 0, ...counts] = (await this.redis.eval(
      RESERVE,
      keys.length,
      ...keys,
      String(this.limits.windowMs),
      ...limits,
    )) as number[];
    if (blocked > 0) {
      return {
        blocked: counters[blocked - 1]![0],
        retryAfterMs: ttl > 0 ? ttl : this.limits.windowMs,
        reached: [],
        counted: [],
      };
    }
    return {
      retryAfterMs: 0,
      reached: counters.filter(([, , max], i) => counts[i] === max).map(([kind]) => kind),
      counted: keys,
    };
  }

  private sign(deviceId: string, expires: number, email: string): string {
    return createHmac('sha256', this.deviceKey)
      .update(`${deviceId}.${expires}.${email.toLowerCase()}`)
      .digest('base64url');
  }

  /** A device cookie value for a successful login as `email` (keeping `deviceId` when it had one). */
  issueDevice(email: string, deviceId = randomBytes(16).toString('base64url')): string {
    const expires = Math.floor((Date.now() + this.limits.deviceTtlMs) / 1000);
    return `${deviceId}.${expires}.${this.sign(deviceId, expires, email)}`;
  }

  /** The device id when `cookie` proves an earlier successful login as `email` from this browser. */
  knownDevice(cookie: string | undefined, email: string): string | undefined {
    const [deviceId, exp, sig, extra] = (cookie ?? '').split('.');
    if (!deviceId || !exp || !sig || extra !== undefined || !/^\d+$/.test(exp)) return undefined;
    if (Number(exp) * 1000 < Date.now()) return undefined;
    const expected = Buffer.from(this.sign(deviceId, Number(exp), email));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given) ? deviceId : undefined;
  }

  /**
   * Whether the attempt may go on to the password check, counting it at once (one Redis round trip;
   * two from a known device that used up its own limit). A known device is counted on its own counter
   * only; any other attempt on its address and its account.
   */
  async attempt(a: LoginAttempt): Promise<LoginVerdict> {
    if (a.deviceId) {
      const device = await this.reserve([['device', this.key('device', a.deviceId), this.limits.perDevice]]);
      if (!device.blocked) return { trusted: true, ...device };
    }
    const verdict = await this.reserve([
      ['ip', this.key('ip', clientKey(a.ip)), this.limits.perIp],
      ['account', this.key('account', sha256(a.email.toLowerCase())), this.limits.perAccount],
    ]);
    return { trusted: false, ...verdict };
  }

  /**
   * The password was right: the attempt does not count against the address or account, and a known
   * device's failures are forgotten.
   */
  async succeeded(a: LoginAttempt, verdict: LoginVerdict): Promise<void> {
    if (verdict.trusted && a.deviceId) await this.redis.del(this.key('device', a.deviceId));
    else if (verdict.counted.length)
      await this.redis.eval(RELEASE, verdict.counted.length, ...verdict.counted);
  }
}
