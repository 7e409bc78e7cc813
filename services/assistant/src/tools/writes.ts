import { randomBytes } from 'node:crypto';
import { dayToDate, editContact, type Contact, type Prisma } from '@booth/db';
import { inviteColumns, newInvite, type ToolArgs, type ToolCall } from '@booth/shared';
import { spokenDay } from '../answers/format';

/** How long an invite the assistant sends stays valid. */
export const INVITE_DAYS = 14;

/** The contact a confirmed write is for was deleted since it was proposed. */
export class ContactGoneError extends Error {
  constructor() {
    super('the contact is gone');
    this.name = 'ContactGoneError';
  }
}

/** A confirmed write's outcome: what is stored on the action, what the admin is told. */
export interface WriteOutcome {
  result: Prisma.InputJsonObject;
  text: string;
  /** The consultation whose invite goes out after the transaction commits. */
  invite?: { roomName: string; sessionId: string; code: string; expiresAt: Date };
  navigate?: { path: string; highlight: string | null };
}

/** What a proposed write will do, in words ("Mark Sarah Lee as booked (now qualified)"). */
export function describeWrite(call: ToolCall, contact: Contact | undefined): string {
  const who = contact?.name ?? ('name' in call.args ? call.args.name : undefined);
  switch (call.tool) {
    case 'update_lead_status':
      return `Mark ${who} as ${call.args.leadStatus}${contact ? ` (currently ${contact.leadStatus})` : ''}`;
    case 'add_note':
      return `Add a note to ${who}: “${call.args.text}”`;
    case 'create_task': {
      const due = call.args.due ? `, due ${spokenDay(call.args.due)}` : '';
      return `Create a task${who ? ` for ${who}` : ''}: ${call.args.text}${due}`;
    }
    case 'create_consultation':
      return contact?.email
        ? `Open a consultation room for ${who} and email the invite link to ${contact.email}`
        : `Open a consultation room for ${who} (no email on file: you get the link to pass on)`;
    default:
      return call.tool;
  }
}

/**
 * Runs a confirmed write inside the caller's transaction, audited like the admin's own edit
 * (contact changes with the admin as actor and reason "assistant"; notes and tasks by the admin).
 * `contact` is the resolved contact (required by every write but a task without a name).
 */
export async function runWrite(
  tx: Prisma.TransactionClient,
  call: ToolCall,
  contact: Contact | undefined,
  adminId: string,
): Promise<WriteOutcome> {
  const need = (): Contact => {
    if (!contact) throw new ContactGoneError();
    return contact;
  };
  switch (call.tool) {
    case 'update_lead_status': {
      const c = need();
      const updated = await editContact(
        tx,
        c.id,
        { leadStatus: call.args.leadStatus },
        { actorId: adminId, reason: 'assistant' },
      );
      if (!updated) throw new ContactGoneError();
      return {
        result: { contactId: c.id, leadStatus: updated.leadStatus, was: c.leadStatus },
        text: `Done: ${c.name} is now ${updated.leadStatus}.`,
        navigate: { path: `/contacts/${c.id}`, highlight: c.id },
      };
    }
    case 'add_note': {
      const c = need();
      const note = await tx.note.create({
        data: { contactId: c.id, authorId: adminId, body: call.args.text },
      });
      return { result: { noteId: note.id, contactId: c.id }, text: `Noted on ${c.name}.` };
    }
    case 'create_task': {
      const args: ToolArgs<'create_task'> = call.args;
      const task = await tx.task.create({
        data: {
          title: args.text,
          contactId: contact?.id ?? null,
          assigneeId: adminId,
          owner: 'admin',
          dueDate: args.due ? dayToDate(args.due) : null,
        },
      });
      const due = args.due ? `, due ${spokenDay(args.due)}` : '';
      return {
        result: { taskId: task.id, contactId: contact?.id ?? null },
        text: `Task created${contact ? ` for ${contact.name}` : ''}: ${args.text}${due}.`,
      };
    }
    case 'create_consultation': {
      const c = need();
      const roomName = `consultation-${randomBytes(6).toString('hex')}`;
      const { code, hash } = newInvite();
      const expiresAt = new Date(Date.now() + INVITE_DAYS * 24 * 3600 * 1000);
      const session = await tx.session.create({
        data: { roomName, kind: 'consultation', contactId: c.id, ...inviteColumns(hash, { expiresAt }) },
      });
      return {
        result: { sessionId: session.id, roomName, contactId: c.id },
        text: `Consultation room open for ${c.name}.`,
        invite: { roomName, sessionId: session.id, code, expiresAt },
        navigate: { path: `/calls/${session.id}`, highlight: null },
      };
    }
    default:
      throw new Error(`${call.tool} is not a write`);
  }
}
