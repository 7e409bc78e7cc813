import type { Db } from '@booth/db';
import { isAdminIdentity } from '@booth/shared';
import type { TranscriptLine } from './transcript';

/**
 * The call's final segments as transcript lines, each speaker's role from the participants table, or
 * from the identity (an admin's segments name the admin, `admin-<id>`, not one of their connections).
 */
export async function loadTranscript(db: Db, sessionId: string): Promise<TranscriptLine[]> {
  const [segments, participants] = await Promise.all([
    db.transcriptSegment.findMany({
      where: { sessionId, final: true },
      orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
    }),
    db.participant.findMany({ where: { sessionId }, select: { identity: true, role: true } }),
  ]);
  const roles = new Map(participants.map((p) => [p.identity, p.role]));
  return segments.map((s) => {
    const role = roles.get(s.speakerIdentity) ?? (isAdminIdentity(s.speakerIdentity) ? 'admin' : 'client');
    return {
      speaker: s.speakerIdentity,
      role: role === 'agent' ? 'unknown' : role,
      text: s.text,
      startMs: s.startMs,
    };
  });
}

/** Venue-like custom vocabulary terms: the venues this business works with. */
export async function knownVenues(db: Db): Promise<string[]> {
  const terms = await db.vocabularyTerm.findMany({ select: { term: true } });
  return terms.map((t) => t.term);
}
