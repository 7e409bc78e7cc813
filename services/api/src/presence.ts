import { adminIdOf } from '@booth/shared';

export interface AdminPresence {
  adminId: string;
  name: string;
  /** When the admin's first connection still open joined (ms since the epoch). */
  joinedAt: number;
  /** Open connections: tabs, devices. */
  connections: number;
}

/** The admins among a room's participants, one entry per admin however many tabs they have open. */
export function adminsPresent(
  participants: readonly { identity: string; name: string; joinedAt: number }[],
): AdminPresence[] {
  const byAdmin = new Map<string, AdminPresence>();
  for (const p of participants) {
    const adminId = adminIdOf(p.identity);
    if (adminId === undefined) continue;
    const seen = byAdmin.get(adminId);
    if (seen) {
      seen.connections += 1;
      seen.joinedAt = Math.min(seen.joinedAt, p.joinedAt);
    } else {
      byAdmin.set(adminId, { adminId, name: p.name, joinedAt: p.joinedAt, connections: 1 });
    }
  }
  return [...byAdmin.values()];
}
