import {
  auditJson,
  auditValue,
  dayToDate,
  recordNotification,
  type AnalysedContactField,
  type Db,
  type Prisma,
} from '@booth/db';
import { storableText } from '@booth/shared';
import type { CallAnalysis, LeadStatus } from './schema';
import { storable } from './storable';

type Tx = Prisma.TransactionClient;

/** What produced the analysis, recorded on its row. */
export interface AnalysisMeta {
  provider: string;
  model: string | null;
  rawOutput: string | null;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
}

const RANK: Record<LeadStatus, number> = { new: 0, contacted: 1, qualified: 2, booked: 3, lost: -1 };

/**
 * A call moves a lead forward, never back: a booked client who calls about the playlist stays booked.
 * "lost" always applies (they cancelled); a lost lead that calls again and qualifies is reopened.
 */
export function nextLeadStatus(current: LeadStatus, proposed: LeadStatus | null): LeadStatus {
  if (!proposed || proposed === current) return current;
  if (proposed === 'lost') return 'lost';
  if (current === 'lost') return RANK[proposed] >= RANK.qualified ? proposed : current;
  return RANK[proposed] > RANK[current] ? proposed : current;
}

export function noteBody(a: CallAnalysis): string {
  const lines = [a.summary];
  const facts = [
    a.eventType ? `Event: ${a.eventType}` : '',
    a.eventDate ? `Date: ${a.eventDate}` : '',
    a.venue ? `Venue: ${a.venue}` : '',
    a.guestCount ? `Guests: ${a.guestCount}` : '',
    a.budget ? `Budget: $${a.budget.toLocaleString('en-US')}` : '',
    a.sentiment ? `Sentiment: ${a.sentiment}${a.sentimentReason ? ` (${a.sentimentReason})` : ''}` : '',
  ].filter(Boolean);
  if (facts.length) lines.push('', ...facts);
  if (a.actionItems.length) {
    lines.push(
      '',
      'Action items:',
      ...a.actionItems.map((i) => `- [${i.owner}] ${i.text}${i.dueDate ? ` (due ${i.dueDate})` : ''}`),
    );
  }
  return lines.join('\n');
}

/** The contact columns a call analysis fills (lead status apart), with how each is read from it. */
const CONTACT_FIELDS = {
  eventType: (a: CallAnalysis) => a.eventType,
  eventDate: (a: CallAnalysis) => (a.eventDate ? dayToDate(a.eventDate) : null),
  guestCount: (a: CallAnalysis) => a.guestCount,
  venue: (a: CallAnalysis) => a.venue,
  budgetCents: (a: CallAnalysis) => (a.budget === null ? null : Math.round(a.budget * 100)),
  sentiment: (a: CallAnalysis) => a.sentiment,
} as const satisfies Record<Exclude<AnalysedContactField, 'leadStatus'>, unknown>;
type ContactField = AnalysedContactField;

/**
 * Writes a completed analysis in one transaction: the analysis row, one note and the action items as
 * tasks (deterministic ids: a redelivered job cannot duplicate them, a concurrent duplicate fails and
 * rolls back whole), the contact's event fields, sentiment and lead status with an audit row per
 * change, and the notifications. Fields in the contact's `manualFields` are never overwritten; the
 * proposal is audited as not applied. A field its column cannot hold is dropped (listed in `dropped`
 * with its reason), not written: see {@link storable}. Returns the ids of the notifications to publish.
 */
export async function writeBack(
  db: Db,
  sessionId: string,
  proposed: CallAnalysis,
  meta: AnalysisMeta,
): Promise<string[]> {
  const analysis = storable(proposed);
  return db.$transaction(async (tx: Tx) => {
    const session = await tx.session.findUniqueOrThrow({
      where: { id: sessionId },
      include: { contact: true },
    });
    await tx.analysis.update({
      where: { sessionId },
      data: {
        status: 'completed',
        provider: meta.provider,
        model: meta.model,
        summary: analysis.summary,
        actionItems: analysis.actionItems,
        extractedFields: {
          eventType: analysis.eventType,
          eventDate: analysis.eventDate,
          guestCount: analysis.guestCount,
          venue: analysis.venue,
          budget: analysis.budget,
          needs: analysis.needs,
          evidence: analysis.evidence,
          dropped: analysis.dropped as Prisma.InputJsonValue,
          flags: analysis.flags,
        },
        sentiment: analysis.sentiment,
        sentimentReason: analysis.sentimentReason,
        leadStatus: analysis.leadStatus,
        rawOutput: meta.rawOutput === null ? null : storableText(meta.rawOutput),
        error: null,
        latencyMs: meta.latencyMs,
        promptTokens: meta.promptTokens,
        completionTokens: meta.completionTokens,
      },
    });
    const contact = session.contact;
    await tx.note.create({
      data: { id: `note-${sessionId}`, sessionId, contactId: contact?.id ?? null, body: noteBody(analysis) },
    });
    if (analysis.actionItems.length) {
      await tx.task.createMany({
        data: analysis.actionItems.map((item, i) => ({
          id: `task-${sessionId}-${i}`,
          sessionId,
          contactId: contact?.id ?? null,
          title: item.text,
          owner: item.owner,
          dueDate: item.dueDate ? dayToDate(item.dueDate) : null,
        })),
      });
    }

    const notifications: string[] = [];
    if (contact) {
      const update: Prisma.ContactUpdateInput = {};
      const audit: Prisma.ContactChangeCreateManyInput[] = [];
      const propose = (field: ContactField, next: unknown, current: unknown) => {
        if (next === null || next === undefined || auditValue(next) === auditValue(current)) return;
        const manual = contact.manualFields.includes(field);
        audit.push({
          contactId: contact.id,
          field,
          oldValue: auditJson(current),
          newValue: auditJson(next),
          source: 'analysis',
          applied: !manual,
          reason: manual ? 'kept the value an admin set by hand' : (analysis.evidence[field] ?? null),
          sessionId,
        });
        if (!manual) (update as Record<string, unknown>)[field] = next;
      };
      for (const [field, read] of Object.entries(CONTACT_FIELDS)) {
        propose(field as ContactField, read(analysis), contact[field as keyof typeof CONTACT_FIELDS]);
      }
      const status = nextLeadStatus(contact.leadStatus, analysis.leadStatus);
      propose('leadStatus', status === contact.leadStatus ? null : status, contact.leadStatus);
      if (Object.keys(update).length) await tx.contact.update({ where: { id: contact.id }, data: update });
      if (audit.length) await tx.contactChange.createMany({ data: audit });
      if (update.leadStatus) {
        notifications.push(
          await recordNotification(tx, {
            type: 'lead_status_changed',
            title: `${contact.name}: ${contact.leadStatus} → ${String(update.leadStatus)}`,
            contactId: contact.id,
            sessionId,
            data: { from: contact.leadStatus, to: String(update.leadStatus) },
            dedupeKey: `lead-status-${sessionId}`,
          }),
        );
      }
    }
    notifications.push(
      await recordNotification(tx, {
        type: 'call_analyzed',
        title: contact ? `Call with ${contact.name} analysed` : 'Call analysed',
        body: analysis.summary.slice(0, 500),
        contactId: contact?.id ?? null,
        sessionId,
        data: {
          sentiment: analysis.sentiment,
          leadStatus: analysis.leadStatus,
          tasks: analysis.actionItems.length,
        },
        dedupeKey: `call-analyzed-${sessionId}`,
      }),
    );
    return notifications;
  });
}
