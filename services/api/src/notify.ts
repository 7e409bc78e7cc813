import { deliverNotifications, recordNotification, type NotificationInput } from '@booth/db';
import { DataPublisher, errorMessage } from '@booth/shared';
import type { ApiContext } from './context';

const publishers = new WeakMap<ApiContext, DataPublisher>();

/** The LiveKit data publisher of this API instance (built once from its config). */
export function publisherOf(ctx: ApiContext): DataPublisher {
  let p = publishers.get(ctx);
  if (!p) {
    p = DataPublisher.fromConfig(ctx.config);
    publishers.set(ctx, p);
  }
  return p;
}

/**
 * Stores a notification and publishes it to the admin notifications room in the background (the
 * request does not wait on LiveKit). Storing is what counts: an admin who is offline, or a LiveKit
 * hiccup, reads it later from GET /api/notifications.
 */
export async function notify(ctx: ApiContext, input: NotificationInput): Promise<void> {
  const id = await recordNotification(ctx.db, input);
  const publisher = publisherOf(ctx);
  void deliverNotifications(ctx.db, (m) => publisher.notifyAdmins(m), {
    ids: [id],
  }).catch((err: unknown) => ctx.logger.warn({ err: errorMessage(err) }, 'could not publish a notification'));
}

/** Tells the admins about a new lead (added by hand, or a first-time caller). */
export function notifyNewLead(
  ctx: ApiContext,
  contact: { id: string; name: string },
  body?: string,
): Promise<void> {
  return notify(ctx, {
    type: 'new_lead',
    title: `New lead: ${contact.name}`,
    ...(body ? { body } : {}),
    contactId: contact.id,
    dedupeKey: `new-lead-${contact.id}`,
  });
}
