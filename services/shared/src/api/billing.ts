import { z } from 'zod';
import { contactRefSchema } from './contact-ref';
import { day, endpoint, pageQuery, timestamp } from './contract';
import { idParams, rowId } from './fields';

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'overdue', 'void'] as const;
/** Invoices still to be paid: sent, or past their due date. */
export const UNPAID_INVOICE_STATUSES = ['sent', 'overdue'] as const;
export const CONTRACT_STATUSES = ['draft', 'sent', 'signed', 'cancelled'] as const;

/** Amounts are integer cents in `currency` (ISO 4217). */
export const quoteSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(QUOTE_STATUSES),
  amountCents: z.number(),
  currency: z.string(),
  contactId: z.string(),
  contact: contactRefSchema,
  createdAt: timestamp(),
});
export type Quote = z.output<typeof quoteSchema>;

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(INVOICE_STATUSES),
  amountCents: z.number(),
  currency: z.string(),
  dueDate: day().nullable(),
  paidAt: timestamp().nullable(),
  contactId: z.string(),
  contact: contactRefSchema,
  createdAt: timestamp(),
});
export type Invoice = z.output<typeof invoiceSchema>;

/** Contracts carry no currency of their own. */
export const contractSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  amountCents: z.number(),
  signedAt: timestamp().nullable(),
  /** When it was last sent for signature (POST /api/contracts/:id/send). */
  sentAt: timestamp().nullable(),
  /** The name the client typed when signing through the link. */
  signedName: z.string().nullable(),
  contactId: z.string(),
  contact: contactRefSchema,
  createdAt: timestamp(),
});
export type Contract = z.output<typeof contractSchema>;

/** A sum of amounts in one currency. */
export const moneyTotalSchema = z.object({ currency: z.string(), amountCents: z.number() });
export type MoneyTotal = z.output<typeof moneyTotalSchema>;

const page = { total: z.number(), limit: z.number(), offset: z.number() };

const listQuotes = endpoint({
  method: 'GET',
  path: '/api/quotes',
  summary: 'Quotes, newest first, by status and contact, with the contact they are for.',
  query: pageQuery.extend({ status: z.enum(QUOTE_STATUSES).optional(), contactId: rowId().optional() }),
  response: z.object({ quotes: z.array(quoteSchema), ...page }),
});

const listInvoices = endpoint({
  method: 'GET',
  path: '/api/invoices',
  summary:
    'Invoices, newest first, by status (or `unpaid`: sent and overdue) and contact, with the sum of every match per currency.',
  query: pageQuery.extend({
    status: z.enum([...INVOICE_STATUSES, 'unpaid']).optional(),
    contactId: rowId().optional(),
  }),
  response: z.object({
    invoices: z.array(invoiceSchema),
    /** Per currency, over all the invoices matching (not just this page). */
    totals: z.array(moneyTotalSchema),
    ...page,
  }),
});

const paid = endpoint({
  method: 'POST',
  path: '/api/invoices/:id/paid',
  summary: 'Record a payment of an invoice (once; the admins are notified once).',
  params: idParams,
  response: invoiceSchema,
});

const signed = endpoint({
  method: 'POST',
  path: '/api/contracts/:id/signed',
  summary: 'Record the signature of a contract (once; the admins are notified once).',
  params: idParams,
  response: contractSchema,
});

/** Quotes (/api/quotes). */
export const quotesApi = { list: listQuotes };
/** Invoices (/api/invoices). */
export const invoicesApi = { list: listInvoices, paid };
/** Contracts (/api/contracts). */
export const contractsApi = { signed };
