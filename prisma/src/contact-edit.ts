import type { Contact, Prisma } from '../generated/client';
import { ANALYSED_CONTACT_FIELDS, auditJson, auditValue, dayToDate } from './contact-fields';

/** A contact column as a form or the assistant gives it (`eventDate` as `YYYY-MM-DD`). */
const toColumn = (field: string, v: unknown) =>
  field === 'eventDate' && typeof v === 'string' ? dayToDate(v) : v;
const isAnalysed = (field: string) => (ANALYSED_CONTACT_FIELDS as readonly string[]).includes(field);

/**
 * An admin's edit of a contact, inside the caller's transaction — from the contact form or a
 * confirmed assistant action alike. Each changed field is audited (`source: admin`, the actor, and a
 * `reason` such as "assistant"); fields call analysis fills become hand-set (`manualFields`), so
 * later analyses leave them alone. Undefined when there is no such contact.
 */
export async function editContact(
  tx: Prisma.TransactionClient,
  id: string,
  fields: Record<string, unknown>,
  by: { actorId: string | null; reason?: string },
): Promise<Contact | undefined> {
  const contact = await tx.contact.findUnique({ where: { id } });
  if (!contact) return undefined;
  const data: Record<string, unknown> = {};
  const audit: Prisma.ContactChangeCreateManyInput[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const next = toColumn(field, value);
    const before = contact[field as keyof typeof contact];
    if (JSON.stringify(auditValue(before)) === JSON.stringify(auditValue(next))) continue;
    data[field] = next;
    audit.push({
      contactId: id,
      field,
      oldValue: auditJson(before),
      newValue: auditJson(next),
      source: 'admin',
      actorId: by.actorId,
      reason: by.reason ?? null,
    });
  }
  const manual = new Set(contact.manualFields);
  for (const f of Object.keys(fields)) if (isAnalysed(f)) manual.add(f);
  if (audit.length) await tx.contactChange.createMany({ data: audit });
  return tx.contact.update({ where: { id }, data: { ...data, manualFields: [...manual] } });
}

/** A new contact's columns from the fields an admin gave (those analysis fills become hand-set). */
export function newContactData(
  fields: Record<string, unknown> & { name: string },
): Prisma.ContactCreateInput {
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, toColumn(k, v)]));
  return { ...(data as Prisma.ContactCreateInput), manualFields: Object.keys(fields).filter(isAnalysed) };
}
