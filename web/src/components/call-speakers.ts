import type { ParticipantView } from '@booth/shared/api';

/**
 * Who a transcript's speaker identity is, by the call's participants: a segment of an admin is stored
 * under `admin-<adminId>` whichever of their tabs spoke (speakerOf in @booth/shared), anyone else under
 * their own identity. Falls back to the identity when nobody of that identity gave a name.
 */
export function speakerNames(participants: readonly ParticipantView[]): (identity: string) => string {
  const names = new Map<string, string>();
  for (const p of participants) {
    if (!p.name) continue;
    names.set(p.identity, p.name);
    if (p.adminId) names.set(`admin-${p.adminId}`, p.name);
  }
  return (identity) => names.get(identity) ?? identity;
}
