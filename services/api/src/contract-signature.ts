import type { ApiContext } from './context';
import { notify } from './notify';

/**
 * Records a contract's signature once (by an admin, or by the client through the signing link) and
 * tells the admins once, however often it is called. Null when there is no such contract.
 */
export async function recordSignature(ctx: ApiContext, id: string, signedName: string | null = null) {
  const include = { contact: { select: { id: true, name: true } } } as const;
  const contract = await ctx.db.contract.findUnique({ where: { id }, include });
  if (!contract) return null;
  // Only a contract not signed yet changes: a second signature keeps the first on record.
  const { count } = await ctx.db.contract.updateMany({
    where: { id, status: { not: 'signed' } },
    data: { status: 'signed', signedAt: new Date(), ...(signedName ? { signedName } : {}) },
  });
  const signed = count ? await ctx.db.contract.findUniqueOrThrow({ where: { id }, include }) : contract;
  await notify(ctx, {
    type: 'contract_signed',
    title: `Contract signed: ${contract.title} (${contract.contact.name})`,
    contactId: contract.contactId,
    data: { contractId: id },
    dedupeKey: `contract-signed-${id}`,
  });
  return signed;
}
