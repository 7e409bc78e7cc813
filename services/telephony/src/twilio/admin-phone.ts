import type { Logger } from '@booth/shared';
import type { PhoneCalls } from './rest-calls';

export interface AdminPhoneOptions {
  calls: PhoneCalls;
  /** The admin's own phone (TELEPHONY_ADMIN_PHONE). */
  to: string;
  /** The Booth number that was called (the caller ID the admin sees). */
  from: string;
  /** The TwiML that streams the answered call back to the bridge as the admin leg. */
  twiml: () => string;
  /** Ring after this long without an admin in the room. */
  afterMs: number;
  /** The identity the admin leg joins the room as (not a dashboard answer). */
  phoneIdentity: string;
  log: Logger;
}

/**
 * Rings the admin's own phone when nobody answers the call in the dashboard: after `afterMs` with no
 * admin in the room, one outbound call whose answer streams back into the room as the admin. When a
 * dashboard admin answers first, the outbound call is cancelled. REST failures are logged, never thrown.
 */
export class AdminPhone {
  private timer: NodeJS.Timeout | undefined;
  private placing: Promise<string | undefined> | undefined;
  private answered = false;
  private cancelled = false;
  private closed = false;

  constructor(private readonly opts: AdminPhoneOptions) {}

  /** Starts the wait; `nobodyAnswered` is asked when it is over. */
  arm(nobodyAnswered: () => boolean): void {
    if (this.closed || this.timer || this.placing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed && nobodyAnswered()) void this.ring();
    }, this.opts.afterMs);
    this.timer.unref();
  }

  /** The admins in the room now: the phone's own leg (it answered) or a dashboard admin (cancel). */
  onAdmins(identities: readonly string[]): void {
    if (identities.length === 0 || this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (identities.includes(this.opts.phoneIdentity)) {
      this.answered = true;
      return;
    }
    if (this.placing && !this.answered) void this.cancel('answered in the dashboard');
  }

  /** The caller's call is over: stop waiting, and stop ringing a phone that did not answer. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.placing && !this.answered) await this.cancel('the caller hung up');
  }

  private async ring(): Promise<void> {
    const { calls, to, from, log } = this.opts;
    this.placing = calls.dial({ to, from, twiml: this.opts.twiml() }).then(
      (sid) => {
        log.info({ adminCallSid: sid, pii: { to } }, "ringing the admin's phone");
        return sid;
      },
      (err: unknown) => {
        log.error({ err }, "could not ring the admin's phone");
        return undefined;
      },
    );
    await this.placing;
  }

  private async cancel(why: string): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    const sid = await this.placing;
    if (!sid) return;
    try {
      const status = await this.opts.calls.hangUp(sid);
      this.opts.log.info({ adminCallSid: sid, status, why }, "admin's phone call cancelled");
    } catch (err) {
      this.opts.log.warn({ err, adminCallSid: sid }, "could not cancel the admin's phone call");
    }
  }
}
