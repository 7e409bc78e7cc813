import type { Db } from '@booth/db';

/**
 * Replay protection for LiveKit webhooks. A signature only proves LiveKit sent the body once; until
 * the signing JWT expires anyone holding a copy could post it again. So each event id is recorded
 * (webhook_events) before the event is acted on, and an id seen before is answered without acting.
 * Events older than {@link WEBHOOK_MAX_AGE_MS} (their signed createdAt) are not acted on either, so ids
 * need keeping only a little longer ({@link WEBHOOK_KEEP_MS}); older ones are pruned.
 */
export const WEBHOOK_MAX_AGE_MS = 24 * 3600_000;
export const WEBHOOK_KEEP_MS = 2 * WEBHOOK_MAX_AGE_MS;
const PRUNE_EVERY_MS = 3600_000;

export type Claim = 'new' | 'replay' | 'stale';

export class WebhookReplayGuard {
  private prunedAt = 0;

  constructor(private readonly db: Db) {}

  /** Records event `id`: 'new' the first time, 'replay' after, 'stale' when created too long ago. */
  async claim(id: string, event: string, createdAt: Date | undefined, now = new Date()): Promise<Claim> {
    if (createdAt && now.getTime() - createdAt.getTime() > WEBHOOK_MAX_AGE_MS) return 'stale';
    const { count } = await this.db.processedWebhook.createMany({
      data: [{ id, event, receivedAt: now }],
      skipDuplicates: true,
    });
    if (now.getTime() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = now.getTime();
      await this.db.processedWebhook.deleteMany({
        where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_KEEP_MS) } },
      });
    }
    return count === 1 ? 'new' : 'replay';
  }

  /** Forgets `id` after acting on it failed, so LiveKit's retry of the same event is acted on. */
  async release(id: string): Promise<void> {
    await this.db.processedWebhook.deleteMany({ where: { id } });
  }
}
