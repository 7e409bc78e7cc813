import { Router } from 'express';
import type { Prisma } from '@booth/db';
import { notFound } from '@booth/shared';
import { UNPAID_INVOICE_STATUSES, contactRefSelect, contractsApi, invoicesApi } from '@booth/shared/api';
import type { ApiContext } from '../context';
import { serve } from '../endpoint';
import { recordSignature } from '../contract-signature';
import { notify } from '../notify';

const withContact = { contact: contactRefSelect } as const;

/**
 * Invoices (the list, and recording a payment from the dashboard or a payment integration) and
 * contracts (recording a signature). A payment or signature notifies the admins once, however often
 * it is reported.
 */
export function billingRoutes(ctx: ApiContext): Router {
  const r = Router();
  serve(r, invoicesApi.list, async ({ query: { status, contactId, limit, offset } }) => {
    const where: Prisma.InvoiceWhereInput = {
      ...(status === 'unpaid' ? { status: { in: [...UNPAID_INVOICE_STATUSES] } } : status ? { status } : {}),
      ...(contactId ? { contactId } : {}),
    };
    const [invoices, total, sums] = await Promise.all([
      ctx.db.invoice.findMany({
        where,
        include: withContact,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: limit,
        skip: offset,
      }),
      ctx.db.invoice.count({ where }),
      ctx.db.invoice.groupBy({
        by: ['currency'],
        where,
        _sum: { amountCents: true },
        orderBy: { currency: 'asc' },
      }),
    ]);
    const totals = sums.map((s) => ({ currency: s.currency, amountCents: s._sum.amountCents ?? 0 }));
    return { invoices, totals, total, limit, offset };
  });

  serve(r, invoicesApi.paid, async ({ params: { id } }) => {
    const invoice = await ctx.db.invoice.findUnique({ where: { id }, include: withContact });
    if (!invoice) throw notFound('invoice not found');
    const paid =
      invoice.status === 'paid'
        ? invoice
        : await ctx.db.invoice.update({
            where: { id },
            data: { status: 'paid', paidAt: new Date() },
            include: withContact,
          });
    await notify(ctx, {
      type: 'payment_received',
      title: `Payment received: ${invoice.number} from ${invoice.contact.name}`,
      body: `${(invoice.amountCents / 100).toFixed(2)} ${invoice.currency}`,
      contactId: invoice.contactId,
      data: { invoiceId: id, amountCents: invoice.amountCents, currency: invoice.currency },
      dedupeKey: `payment-${id}`,
    });
    return paid;
  });

  serve(r, contractsApi.signed, async ({ params: { id } }) => {
    const signed = await recordSignature(ctx, id);
    if (!signed) throw notFound('contract not found');
    return signed;
  });
  return r;
}
