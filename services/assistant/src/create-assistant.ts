import type { Contact, Prisma } from '@booth/db';
import { badRequest, createMailer, joinUrl, notFound, type Mailer } from '@booth/shared';
import {
  choiceSchema,
  conversationSchema,
  isWriteTool,
  validateToolCall,
  type AssistantMessage,
  type ToolCall,
  type TurnEvent,
} from '@booth/shared/api';
import type { Assistant, AssistantOptions, Decision, TurnInput } from './assistant';
import { say, type Answer, type Choice } from './answers/answer';
import {
  conversationOf,
  conversationWithMessages,
  lastReply,
  recentHistory,
  sharedConversationOf,
  sharedConversationWithMessages,
  storeReply,
  storeUserMessage,
  toAction,
  toMessage,
} from './messages';
import { parseChoice, parseConfirmation } from './planner/confirmation';
import type { Plan, Planner } from './planner/planner';
import { createPlanner } from './providers';
import { RulePlanner } from './planner/rules';
import { contactChoice } from './tools/contact-answers';
import { resolveContact } from './tools/names';
import { runRead, type ToolDeps } from './tools/reads';
import { ContactGoneError, describeWrite, runWrite, type WriteOutcome } from './tools/writes';

/** The server's local day, `YYYY-MM-DD` (when the admin's page did not say). */
const localToday = () => new Date().toLocaleDateString('en-CA');

/** An action's arguments: the tool's own, plus the contact the name resolved to. */
type StoredArgs = Record<string, unknown> & { contactId?: string };

/** A proposal waiting for the admin: what to store, and what to say. */
interface Proposal {
  answer: Answer;
  action?: { adminId: string; tool: string; args: Prisma.InputJsonObject; summary: string };
}

/**
 * The assistant's core (see {@link Assistant}). Reads run at once; writes are stored as proposed
 * actions and run only from {@link Assistant.confirm} (a click, or "yes" as the next turn), once:
 * the status flips from `proposed` inside the same transaction as the write.
 */
export function createAssistant(opts: AssistantOptions): Assistant {
  const { db, config, logger } = opts;
  const log = logger.child({ component: 'assistant' });
  const planner: Planner = opts.planner ?? createPlanner(config, { rules: new RulePlanner(), logger: log });
  const mailer: Mailer | undefined = opts.mailer === null ? undefined : (opts.mailer ?? createMailer(config));

  async function propose(deps: ToolDeps, call: ToolCall, contactId?: string): Promise<Proposal> {
    const name = 'name' in call.args ? call.args.name : undefined;
    let contact: Contact | undefined;
    let choices: Choice[] = [];
    if (contactId) {
      contact = (await db.contact.findUnique({ where: { id: contactId } })) ?? undefined;
      if (!contact) return { answer: say('That contact no longer exists. Nothing was changed.') };
    } else if (name) {
      const match = await resolveContact(db, name);
      // A reminder may be about someone who is not a contact ("call the florist"): a task of its own.
      if (match.kind === 'none' && call.tool === 'create_task') {
        const { name: _unlinked, ...args } = call.args;
        const unlinked = describeWrite({ tool: 'create_task', args }, undefined);
        const summary = `${unlinked} (no contact called ${name}, so not linked)`;
        return {
          answer: say(`${summary}? Confirm or cancel.`, `${summary}. Shall I?`),
          action: { adminId: deps.adminId, tool: call.tool, args, summary },
        };
      }
      if (match.kind === 'none') {
        return { answer: say(`I could not find a contact called ${name}. Nothing was changed.`) };
      }
      if (match.kind === 'one') contact = match.contact;
      else choices = match.contacts.map(contactChoice);
    }
    const summary = describeWrite(call, contact);
    const args: StoredArgs = { ...call.args, ...(contact ? { contactId: contact.id } : {}) };
    const action = { adminId: deps.adminId, tool: call.tool, args: args as Prisma.InputJsonObject, summary };
    if (choices.length) {
      const list = choices.map((c, i) => `${i + 1}. ${c.name}`).join(', ');
      return {
        answer: {
          ...say(`Which ${name} do you mean: ${list}? Pick one to confirm.`, `Which ${name} do you mean?`),
          choices,
        },
        action,
      };
    }
    return { answer: say(`${summary}? Confirm or cancel.`, `${summary}. Shall I?`), action };
  }

  /** An answer for a plan (reads run here; writes become proposals). */
  async function answerPlan(deps: ToolDeps, plan: Plan): Promise<Proposal> {
    switch (plan.kind) {
      case 'reply':
        return { answer: say(plan.text) };
      case 'invalid':
        log.warn({ tool: plan.tool, reason: plan.reason }, 'planner proposed an invalid tool call');
        return { answer: say(`I could not do that (${plan.reason}). Nothing was changed.`) };
      case 'call':
        if (isWriteTool(plan.call.tool)) return propose(deps, plan.call);
        return { answer: await runRead(deps, plan.call) };
    }
  }

  /** Runs a proposed action once, in one transaction with its status change. */
  async function decide(
    adminId: string,
    actionId: string,
    verdict: 'confirm' | 'refuse',
    contactId: string | undefined,
  ): Promise<Decision> {
    const action = await db.assistantAction.findFirst({
      where: { id: actionId, adminId },
      include: { message: { select: { conversationId: true, choices: true, source: true } } },
    });
    if (!action) throw notFound('action not found');
    const { conversationId, source } = action.message;
    const replyFor = (answer: Answer) =>
      storeReply(db, conversationId, source as TurnInput['source'], answer);
    const recorded = async (status: string, decidedAt: Date | null) => {
      // Decided before: deciding again changes nothing and answers with the reply that recorded it.
      const first = decidedAt
        ? await db.assistantMessage.findFirst({
            where: { conversationId, role: 'assistant', createdAt: { gte: decidedAt } },
            orderBy: { createdAt: 'asc' },
            include: { actions: true },
          })
        : null;
      return toMessage(first ?? (await replyFor(say(alreadyDecided(status)))));
    };
    if (action.status !== 'proposed') {
      return { action: toAction(action), reply: await recorded(action.status, action.decidedAt) };
    }
    if (verdict === 'refuse') {
      const { count } = await db.assistantAction.updateMany({
        where: { id: actionId, status: 'proposed' },
        data: { status: 'refused', decidedAt: new Date() },
      });
      const now = await db.assistantAction.findUniqueOrThrow({ where: { id: actionId } });
      if (!count) return { action: toAction(now), reply: await recorded(now.status, now.decidedAt) };
      return {
        action: toAction(now),
        reply: toMessage(await replyFor(say('Cancelled. Nothing was changed.'))),
      };
    }
    const stored = action.args as StoredArgs;
    const { contactId: resolvedId, ...toolArgs } = stored;
    const choices = choicesOf(action.message.choices);
    const pick = resolvedId ?? contactId;
    if (!resolvedId && choices.length && (!contactId || !choices.some((c) => c.id === contactId))) {
      throw badRequest('say which contact you mean', [
        { path: 'contactId', message: `one of: ${choices.map((c) => `${c.id} (${c.name})`).join(', ')}` },
      ]);
    }
    const valid = validateToolCall(action.tool, toolArgs);
    if (!valid.ok) throw badRequest(`this action cannot run: ${valid.reason}`);
    let outcome: WriteOutcome;
    let contact: Contact | undefined;
    try {
      ({ outcome, contact } = await db.$transaction(async (tx) => {
        const claimed = await tx.assistantAction.updateMany({
          where: { id: actionId, status: 'proposed' },
          data: { status: 'done', decidedAt: new Date() },
        });
        if (claimed.count === 0) throw new AlreadyDecided();
        const target = pick
          ? ((await tx.contact.findUnique({ where: { id: pick } })) ?? undefined)
          : undefined;
        if (pick && !target) throw new ContactGoneError();
        const out = await runWrite(tx, valid.call, target, adminId);
        await tx.assistantAction.update({
          where: { id: actionId },
          data: {
            result: out.result,
            args: { ...toolArgs, ...(pick ? { contactId: pick } : {}) } as Prisma.InputJsonObject,
          },
        });
        return { outcome: out, contact: target };
      }));
    } catch (err) {
      const now = await db.assistantAction.findUniqueOrThrow({ where: { id: actionId } });
      if (err instanceof AlreadyDecided)
        return { action: toAction(now), reply: await recorded(now.status, now.decidedAt) };
      const error = publicReason(err);
      log.warn({ actionId, tool: action.tool, err: (err as Error).message }, 'assistant action failed');
      await db.assistantAction.updateMany({
        where: { id: actionId, status: 'proposed' },
        data: { status: 'failed', error, decidedAt: new Date() },
      });
      const failed = await db.assistantAction.findUniqueOrThrow({ where: { id: actionId } });
      return {
        action: toAction(failed),
        reply: toMessage(await replyFor(say(`That did not work: ${error}. Nothing was changed.`))),
      };
    }
    log.info({ actionId, tool: action.tool }, 'assistant action confirmed and run');
    let text = outcome.text;
    let shownResult: Record<string, unknown> | undefined;
    let done;
    if (outcome.invite) {
      const sent = await sendInvite(outcome.invite, contact);
      text = `${text} ${sent.text}`;
      shownResult = sent.joinUrl ? { joinUrl: sent.joinUrl } : undefined;
      done = await db.assistantAction.update({
        where: { id: actionId },
        data: { result: { ...outcome.result, emailed: sent.emailed } },
      });
    } else {
      done = await db.assistantAction.findUniqueOrThrow({ where: { id: actionId } });
    }
    const reply = await replyFor({ ...say(text), navigate: outcome.navigate ?? null });
    const wire = toAction(done);
    // The join link holds the invite code, which is never stored: it is in this answer only.
    return {
      action: shownResult ? { ...wire, result: { ...(wire.result as object), ...shownResult } } : wire,
      reply: toMessage(reply),
    };
  }

  /** Emails the consultation invite to the contact, or hands the link to the admin. */
  async function sendInvite(
    invite: NonNullable<WriteOutcome['invite']>,
    contact: Contact | undefined,
  ): Promise<{ text: string; emailed: boolean; joinUrl?: string }> {
    const url = joinUrl(config.PUBLIC_URL, invite.roomName, invite.code);
    if (!contact?.email || !mailer) {
      const why = !contact?.email ? 'there is no email on file' : 'email is not set up (SMTP_URL)';
      return {
        text: `I did not send it, as ${why}: pass on this link: ${url}`,
        emailed: false,
        joinUrl: url,
      };
    }
    try {
      await mailer.send({
        to: contact.email,
        subject: 'Your consultation link',
        text: `Hello ${contact.name},\n\nJoin your consultation here: ${url}\n\nThe link works until ${invite.expiresAt.toUTCString()}.\n`,
      });
      return { text: `Invite emailed to ${contact.email}.`, emailed: true };
    } catch (err) {
      log.warn({ err: (err as Error).message, sessionId: invite.sessionId }, 'invite email failed');
      return { text: `The email failed; pass on this link: ${url}`, emailed: false, joinUrl: url };
    }
  }

  return {
    planner,

    plan: (text, ctx) => planner.plan(text, ctx),

    async conversation(adminId, id) {
      const c = await conversationWithMessages(db, adminId, id);
      if (!c) throw notFound('conversation not found');
      return { ...conversationSchema.parse(c), messages: c.messages.map(toMessage) };
    },

    sharedConversationId: async (adminId, sessionId) =>
      (await sharedConversationOf(db, adminId, sessionId)).id,

    async sharedConversation(adminId, sessionId) {
      const { id } = await sharedConversationOf(db, adminId, sessionId);
      const c = await sharedConversationWithMessages(db, id);
      return { ...conversationSchema.parse(c), messages: c.messages.map(toMessage) };
    },

    async turn(input: TurnInput, onEvent?: (e: TurnEvent) => void) {
      const conversation = await conversationOf(
        db,
        input.adminId,
        input.conversationId,
        input.text,
        input.sessionId,
      );
      onEvent?.({ type: 'thinking' });
      const deps: ToolDeps = { db, adminId: input.adminId, today: input.today ?? localToday() };
      const previous = await lastReply(db, conversation.id);
      const history = await recentHistory(db, conversation.id);
      const user = await storeUserMessage(db, conversation.id, input.text, input.source, input.adminId);

      // Only the asker's own proposal: in a shared session another admin's "yes" does not run it.
      const pending = previous?.actions.find((a) => a.status === 'proposed' && a.adminId === input.adminId);
      const choices = choicesOf(previous?.choices);
      const verdict = parseConfirmation(input.text);
      const picked = choices.length ? parseChoice(input.text, choices) : undefined;

      let reply: AssistantMessage;
      if (pending && picked) {
        // "The second one": the write is proposed again for that contact, still to be confirmed.
        await db.assistantAction.updateMany({
          where: { id: pending.id, status: 'proposed' },
          data: {
            status: 'refused',
            decidedAt: new Date(),
            error: 'replaced by a proposal for the contact picked',
          },
        });
        const { contactId: _omit, ...args } = pending.args as StoredArgs;
        const call = validateToolCall(pending.tool, args);
        const proposal = call.ok
          ? await propose(deps, call.call, picked)
          : { answer: say('That can no longer run.') };
        reply = toMessage(
          await storeReply(db, conversation.id, input.source, proposal.answer, proposal.action),
        );
      } else if (pending && verdict) {
        const d = await decide(
          input.adminId,
          pending.id,
          verdict === 'yes' ? 'confirm' : 'refuse',
          undefined,
        ).catch((err: unknown) => {
          if ((err as { status?: number }).status === 400) return undefined;
          throw err;
        });
        reply =
          d?.reply ??
          toMessage(
            await storeReply(
              db,
              conversation.id,
              input.source,
              say('Which one do you mean? Pick a contact first.'),
            ),
          );
      } else if (previous?.awaiting && picked) {
        const awaiting = validateToolCall(
          (previous.awaiting as { tool: string }).tool,
          (previous.awaiting as { args: unknown }).args,
        );
        const answer = awaiting.ok
          ? await runRead(deps, awaiting.call, picked)
          : say('That can no longer run.');
        reply = toMessage(await storeReply(db, conversation.id, input.source, answer));
      } else {
        const plan = await planner.plan(input.text, { today: deps.today, history });
        const proposal = await answerPlan(deps, plan);
        // The model was down or refused: the rules planned instead, and the admin is told.
        if (plan.note)
          proposal.answer = { ...proposal.answer, text: `${proposal.answer.text} (${plan.note})` };
        reply = toMessage(
          await storeReply(db, conversation.id, input.source, proposal.answer, proposal.action),
        );
      }
      const result = { conversationId: conversation.id, user: toMessage(user), reply };
      onEvent?.({ type: 'delta', text: result.reply.text });
      onEvent?.({ type: 'done', turn: result });
      return result;
    },

    confirm: (adminId, actionId, o) => decide(adminId, actionId, 'confirm', o?.contactId),
    refuse: (adminId, actionId) => decide(adminId, actionId, 'refuse', undefined),
  };
}

class AlreadyDecided extends Error {}

/** The choices column as stored (anything else reads as none). */
const choicesOf = (json: unknown): Choice[] => {
  const parsed = choiceSchema.array().safeParse(json);
  return parsed.success ? parsed.data : [];
};

const alreadyDecided = (status: string) =>
  status === 'done'
    ? 'That was already done.'
    : status === 'refused'
      ? 'That was cancelled before; nothing was changed.'
      : 'That failed before; nothing was changed.';

/** One short sentence for the admin; the details stay in the log. */
const publicReason = (err: unknown): string =>
  err instanceof ContactGoneError ? 'the contact no longer exists' : 'the database refused the change';
