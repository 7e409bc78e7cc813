import type { ParticipantView } from '@booth/shared/api';

export interface Person {
  key: string;
  name: string;
  role: 'admin' | 'client';
  /** Only ever listened in (hidden from the client). */
  listenedIn: boolean;
}

/** Who took part: one entry per admin (however many tabs) or client; agents are not people. */
export function peopleOf(participants: readonly ParticipantView[]): Person[] {
  const people = new Map<string, Person>();
  for (const p of participants) {
    if (p.role === 'agent') continue;
    const key = p.adminId ? `admin-${p.adminId}` : p.identity;
    const known = people.get(key);
    const name = p.name ?? known?.name ?? (p.role === 'admin' ? 'An admin' : 'A guest');
    people.set(key, {
      key,
      name,
      role: p.role,
      listenedIn: (known?.listenedIn ?? true) && p.listenOnly,
    });
  }
  return [...people.values()];
}
