import type { Db } from './client';
import { hashPassword, verifyPassword } from './password';

/** The demo login's password when none is given: anyone who has read the README knows it. */
export const DEMO_PASSWORD = 'booth-demo-password';

export interface SeedOptions {
  /** Admin login created by the seed. Default demo@booth.local / booth-demo-password. */
  adminEmail?: string;
  adminPassword?: string;
}

/**
 * Demo data for a fresh install: an owner login and a handful of leads at different stages with
 * quotes, invoices, a contract, notes and tasks. Idempotent: it does nothing if contacts exist.
 */
export interface SeedResult {
  created: boolean;
  /** The demo admin still logs in with {@link DEMO_PASSWORD}. */
  demoPasswordUnchanged: boolean;
  adminEmail: string;
}

export async function seed(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const email = opts.adminEmail ?? 'demo@booth.local';
  const password = opts.adminPassword ?? DEMO_PASSWORD;
  const admin = await db.adminUser.upsert({
    where: { email },
    update: {},
    create: { email, name: 'Demo Owner', role: 'owner', passwordHash: await hashPassword(password) },
  });
  const result = {
    demoPasswordUnchanged: await verifyPassword(DEMO_PASSWORD, admin.passwordHash),
    adminEmail: email,
  };
  if ((await db.contact.count()) > 0) return { created: false, ...result };

  const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
  await db.$transaction(async (tx) => {
    const sarah = await tx.contact.create({
      data: {
        name: 'Sarah Mitchell',
        phone: '+15551230001',
        email: 'sarah@example.com',
        leadStatus: 'qualified',
        eventType: 'wedding',
        eventDate: d('2027-06-12'),
        guestCount: 150,
        venue: 'Riverside Mansion',
        sentiment: 'hot',
      },
    });
    await tx.quote.create({
      data: { contactId: sarah.id, title: 'Wedding Gold package', status: 'sent', amountCents: 245000 },
    });
    await tx.note.create({
      data: { contactId: sarah.id, authorId: admin.id, body: 'Wants uplighting and a late-night playlist.' },
    });
    await tx.task.create({
      data: {
        contactId: sarah.id,
        assigneeId: admin.id,
        title: 'Send Gold package contract',
        dueDate: d('2027-01-10'),
      },
    });

    const acme = await tx.contact.create({
      data: {
        name: 'Daniel Ortiz (Acme Corp)',
        phone: '+15551230002',
        email: 'daniel@acme.example',
        leadStatus: 'booked',
        eventType: 'corporate',
        eventDate: d('2027-03-20'),
        guestCount: 300,
        venue: 'Harbor Conference Center',
        sentiment: 'warm',
      },
    });
    await tx.contract.create({
      data: {
        contactId: acme.id,
        title: 'Annual gala DJ + MC',
        status: 'signed',
        amountCents: 420000,
        signedAt: d('2026-11-01'),
      },
    });
    await tx.invoice.create({
      data: {
        contactId: acme.id,
        number: 'INV-1001',
        status: 'paid',
        amountCents: 210000,
        paidAt: d('2026-11-05'),
      },
    });
    await tx.invoice.create({
      data: {
        contactId: acme.id,
        number: 'INV-1002',
        status: 'sent',
        amountCents: 210000,
        dueDate: d('2027-03-01'),
      },
    });

    await tx.contact.create({
      data: {
        name: 'Priya Shah',
        phone: '+15551230003',
        leadStatus: 'new',
        eventType: 'birthday',
        sentiment: 'cold',
      },
    });
    await tx.contact.create({
      data: { name: 'Tom Becker', email: 'tom@example.com', leadStatus: 'lost', eventType: 'wedding' },
    });
  });
  return { created: true, ...result };
}
