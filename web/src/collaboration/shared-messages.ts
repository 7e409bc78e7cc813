import type { AssistantAction, AssistantMessage } from '@booth/shared/api';

/** Messages in the order they were stored (ties, within a millisecond, by id). */
const byTime = (a: AssistantMessage, b: AssistantMessage) =>
  a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);

/** `list` with `incoming` added or replacing the one with the same id, in time order. */
export function upsert(list: AssistantMessage[], ...incoming: AssistantMessage[]): AssistantMessage[] {
  const ids = new Set(incoming.map((m) => m.id));
  return [...list.filter((m) => !ids.has(m.id)), ...incoming].sort(byTime);
}

/** `list` with `action`'s new state in the message that proposed it. */
export const withAction = (list: AssistantMessage[], action: AssistantAction) =>
  list.map((m) =>
    m.actions.some((a) => a.id === action.id)
      ? { ...m, actions: m.actions.map((a) => (a.id === action.id ? action : a)) }
      : m,
  );
