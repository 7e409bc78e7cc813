import type { AssistantAction as ActionRow, AssistantMessage as MessageRow, Db, Prisma } from '@booth/db';
import { notFound, type TurnSource } from '@booth/shared';
import {
  assistantActionSchema,
  assistantMessageSchema,
  type AssistantAction,
  type AssistantMessage,
} from '@booth/shared/api';
import type { Answer } from './answers/answer';

type Tx = Prisma.TransactionClient;

/** An action row in its wire form (the contract's output: ISO timestamps). */
export const toAction = (a: ActionRow): AssistantAction =>
  assistantActionSchema.parse({ ...a, result: a.result ?? null });

/** A message row (with its actions) in its wire form; the JSON columns are what storeReply wrote. */
export const toMessage = (
  m: MessageRow & { actions: ActionRow[]; author?: { id: string; name: string } | null },
): AssistantMessage =>
  assistantMessageSchema.parse({
    id: m.id,
    role: m.role,
    author: m.author ?? null,
    text: m.text,
    source: m.source,
    speech: m.speech,
    items: m.items ?? [],
    choices: m.choices ?? [],
    navigate: m.navigate ?? null,
    actions: m.actions.map(toAction),
    createdAt: m.createdAt,
  });

const withActions = {
  actions: { orderBy: { createdAt: 'asc' as const } },
  author: { select: { id: true, name: true } },
};

/** Stores what the admin (`authorId`) said. */
export async function storeUserMessage(
  tx: Tx | Db,
  conversationId: string,
  text: string,
  source: TurnSource,
  authorId: string,
) {
  return tx.assistantMessage.create({
    data: { conversationId, role: 'user', source, text, authorId },
    include: withActions,
  });
}

/** Stores the assistant's reply, with the action it proposes (if any). */
export async function storeReply(
  tx: Tx | Db,
  conversationId: string,
  source: TurnSource,
  answer: Answer,
  proposal?: { adminId: string; tool: string; args: Prisma.InputJsonObject; summary: string },
) {
  const speech = answer.speech && answer.speech !== answer.text ? answer.speech : null;
  const message = await tx.assistantMessage.create({
    data: {
      conversationId,
      role: 'assistant',
      source,
      text: answer.text,
      speech,
      items: answer.items as unknown as Prisma.InputJsonArray,
      choices: answer.choices as unknown as Prisma.InputJsonArray,
      navigate: answer.navigate ?? undefined,
      awaiting: answer.awaiting ? (answer.awaiting as unknown as Prisma.InputJsonObject) : undefined,
      ...(proposal ? { actions: { create: proposal } } : {}),
    },
    include: withActions,
  });
  await tx.assistantConversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
  return message;
}

/**
 * The admin's conversation `id`, or their latest one, or a new one; another admin's is a 404. With
 * `sessionId`: that collaboration room's shared conversation (any admin's to add to), started if needed.
 */
export async function conversationOf(
  db: Db,
  adminId: string,
  id: string | undefined,
  title: string,
  sessionId?: string,
) {
  if (sessionId) return sharedConversationOf(db, adminId, sessionId);
  if (id) {
    const c = await db.assistantConversation.findFirst({ where: { id, adminId, sessionId: null } });
    if (!c) throw notFound('conversation not found');
    return c;
  }
  const latest = await db.assistantConversation.findFirst({
    where: { adminId, sessionId: null },
    orderBy: { updatedAt: 'desc' },
  });
  return latest ?? db.assistantConversation.create({ data: { adminId, title: conversationTitle(title) } });
}

/** A collaboration room's shared conversation, started by `adminId` when it has none yet. */
export async function sharedConversationOf(db: Db, adminId: string, sessionId: string) {
  const found = await db.assistantConversation.findUnique({ where: { sessionId } });
  if (found) return found;
  try {
    return await db.assistantConversation.create({
      data: { adminId, sessionId, title: 'Shared session' },
    });
  } catch (err) {
    // Two admins opened it at once: the other's is the room's.
    const raced = await db.assistantConversation.findUnique({ where: { sessionId } });
    if (raced) return raced;
    throw err;
  }
}

/** A shared conversation with its messages (and their actions and authors), oldest first. */
export const sharedConversationWithMessages = (db: Db, id: string) =>
  db.assistantConversation.findUniqueOrThrow({
    where: { id },
    include: { messages: { orderBy: { createdAt: 'asc' }, include: withActions } },
  });

/** A conversation's title from its first words. */
export const conversationTitle = (text: string) =>
  text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text || 'Conversation';

/** One of the admin's conversations with its messages (and their actions), oldest first. */
export const conversationWithMessages = (db: Db, adminId: string, id: string) =>
  db.assistantConversation.findFirst({
    where: { id, adminId, sessionId: null },
    include: { messages: { orderBy: { createdAt: 'asc' }, include: withActions } },
  });

/** The conversation's latest assistant message, with its actions (what "yes" or "the second one" answers). */
export const lastReply = (db: Db, conversationId: string) =>
  db.assistantMessage.findFirst({
    where: { conversationId, role: 'assistant' },
    orderBy: { createdAt: 'desc' },
    include: withActions,
  });

/** The last few messages, oldest first, for a model planner's context. */
export async function recentHistory(db: Db, conversationId: string, n = 6) {
  const rows = await db.assistantMessage.findMany({
    where: { conversationId },
    orderBy: { createdAt: 'desc' },
    take: n,
    select: { role: true, text: true },
  });
  return rows.reverse().map((r) => ({ role: r.role as 'user' | 'assistant', text: r.text }));
}
