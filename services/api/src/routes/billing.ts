import { Router } from 'express';
import { notFound } from '@booth/shared';
import type { ApiContext } from '../context';
import { notify } from '../notify';
import { idParams } from '@booth/shared/api';
import { parse } from '../validate';

/**
 * POST /api/invoices/:id/paid — record a payment (from the dashboard, or a payment integration) and
 * notify the admins once.
 */
export function invoiceRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/:id/paid', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const invoice = await ctx.db.invoice.findUnique({ where: { id }, include: { contact: true } });
    if (!invoice) throw notFound('invoice not found');
    const paid =
      invoice.status === 'paid'
        ? invoice
        : await ctx.db.invoice.update({ where: { id }, data: { status: 'paid', paidAt: new Date() } });
    await notify(ctx, {
      type: 'payment_received',
      title: `Payment received: ${invoice.number} from ${invoice.contact.name}`,
      body: `${(invoice.amountCents / 100).toFixed(2)} ${invoice.currency}`,
      contactId: invoice.contactId,
      data: { invoiceId: id, amountCents: invoice.amountCents, currency: invoice.currency },
      dedupeKey: `payment-${id}`,
    });
    res.json(paid);
  });
  return r;
}

/** POST /api/contracts/:id/signed — record a signature and notify the admins once. */
export function contractRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/:id/signed', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const contract = await ctx.db.contract.findUnique({ where: { id }, include: { contact: true } });
    if (!contract) throw notFound('contract not found');
    const signed =
      contract.status === 'signed'
        ? contract
        : await ctx.db.contract.update({ where: { id }, data: { status: 'signed', signedAt: new Date() } });
    await notify(ctx, {
      type: 'contract_signed',
      title: `Contract signed: ${contract.title} (${contract.contact.name})`,
      contactId: contract.contactId,
      data: { contractId: id },
      dedupeKey: `contract-signed-${id}`,
    });
    res.json(signed);
  });
  return r;
}
