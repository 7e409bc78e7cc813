import { adminIdOf } from '@booth/shared/api';
import type { TalkRole, TalkSpeakerInfo } from './talk-analytics';

/** A call's participant row, as talk analytics reads it. */
export interface TalkParticipant {
  identity: string;
  adminId: string | null;
  name: string | null;
  role: TalkRole;
}

/**
 * Who each transcript speaker of a call is, by its participants. An admin's segments are stored
 * under `admin-<adminId>` whichever connection spoke (speakerOf), so that speaker is the admin of any
 * of those rows; anyone else is the row of their identity. A speaker with no row (the participant
 * webhook was lost) is an admin when the identity says so, else a client, as the webhook would have
 * recorded them.
 */
export function speakerDirectory(
  participants: readonly TalkParticipant[],
): (speaker: string) => TalkSpeakerInfo {
  const byIdentity = new Map<string, TalkSpeakerInfo>();
  const adminNames = new Map<string, string>();
  for (const p of participants) {
    const known = byIdentity.get(p.identity);
    byIdentity.set(p.identity, { role: p.role, name: known?.name ?? p.name });
    if (p.adminId && p.name && !adminNames.has(p.adminId)) adminNames.set(p.adminId, p.name);
  }
  return (speaker) => {
    const adminId = adminIdOf(speaker);
    if (adminId !== undefined) {
      return { role: 'admin', name: adminNames.get(adminId) ?? byIdentity.get(speaker)?.name ?? null };
    }
    return byIdentity.get(speaker) ?? { role: 'client', name: null };
  };
}
