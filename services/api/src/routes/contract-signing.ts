import { Router } from 'express';
import {
  CLIENT_IDENTITY_PREFIX,
  badRequest,
  conflict,
  createMailer,
  errorMessage,
  hashInvite,
  newInvite,
  notFound,
} from '@booth/shared';
import { DATA_TOPICS, contactRefSelect, contractSigningApi, type SharedDocument } from '@booth/shared/api';
import type { AdminPrincipal, ApiContext } from '../context';
import { serve } from '../endpoint';
import { recordSignature } from '../contract-signature';
import { hashMatches } from '../invites';
import { contractEmail } from '../invite-templates/contract-email';
import { senderName } from '../invite-templates/invite-facts';
import { publisherOf } from '../notify';

const include = { contact: contactRefSelect } as const;

/** `/sign/<id>?code=…`: the client's signing page, on the dashboard's origin. */
const signPath = (id: string, code: string) => `/sign/${id}?code=${encodeURIComponent(code)}`;

/**
 * Contracts sent for signature: POST /api/contracts/:id/send (admin; mounted behind requireAdmin
 * under /api/contracts) and the client's GET/POST /api/sign/:id (public: the code is the key; a wrong
 * code and an unknown contract are the same 404).
 */
export function contractSigningRoutes(ctx: ApiContext): Router {
  const r = Router();
  const mailer = createMailer(ctx.config);
  const businessName = senderName(ctx.config.SMTP_FROM);

  serve(r, contractSigningApi.send, async ({ params: { id }, body, req }) => {
    const admin: AdminPrincipal | undefined = req.admin;
    if (!admin) throw new Error('POST /api/contracts/:id/send is mounted behind requireAdmin');
    const contract = await ctx.db.contract.findUnique({ where: { id }, include: { contact: true } });
    if (!contract) throw notFound('contract not found');
    if (contract.status === 'signed') throw conflict('the contract is signed already');
    if (contract.status === 'cancelled') throw conflict('the contract was cancelled');
    const issues: { path: string; message: string }[] = [];
    const emailTo = body.email ? (body.email.to ?? contract.contact.email ?? undefined) : undefined;
    if (body.email && !mailer) issues.push({ path: 'email', message: 'email is not set up (SMTP_URL)' });
    else if (body.email && !emailTo) {
      issues.push({ path: 'email.to', message: 'the contact has no email address: give one' });
    }
    const room = body.sessionId
      ? await ctx.db.session.findUnique({ where: { id: body.sessionId } })
      : undefined;
    if (body.sessionId && !room) issues.push({ path: 'sessionId', message: 'no such session' });
    else if (room && (room.kind !== 'consultation' || room.contactId !== contract.contactId)) {
      issues.push({ path: 'sessionId', message: 'not a consultation with this contract’s client' });
    } else if (room?.status === 'ended') {
      issues.push({ path: 'sessionId', message: 'the consultation has ended' });
    }
    if (issues.length) throw badRequest('the contract cannot be sent', issues);

    const { code, hash } = newInvite();
    const sent = await ctx.db.contract.update({
      where: { id },
      data: { status: 'sent', sentAt: new Date(), signHash: hash },
      include,
    });
    const path = signPath(id, code);
    const signUrl = `${ctx.config.PUBLIC_URL}${path}`;
    const log = ctx.logger.child({ contractId: id });

    let emailError: string | null = null;
    if (emailTo && mailer) {
      const facts = {
        clientName: contract.contact.name,
        businessName,
        hostName: admin.name,
        title: contract.title,
        amountCents: contract.amountCents,
        signUrl,
      };
      await mailer.send({ to: emailTo, ...contractEmail(facts) }).catch((err: unknown) => {
        log.warn({ err: errorMessage(err) }, 'contract email failed');
        emailError = `the email could not be sent: ${errorMessage(err)}`.slice(0, 500);
      });
    }

    let sharedInRoom = false;
    if (room) {
      const document: SharedDocument = { id, kind: 'contract', title: contract.title, path, at: Date.now() };
      try {
        const publisher = publisherOf(ctx);
        const clients = (await publisher.participants(room.roomName))
          .map((p) => p.identity)
          .filter((identity) => identity.startsWith(CLIENT_IDENTITY_PREFIX));
        if (clients.length) {
          await publisher.sendToClients(room.roomName, DATA_TOPICS.documents, document, clients);
          sharedInRoom = true;
        }
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'could not share the contract in the room');
      }
    }
    return { contract: sent, signUrl, emailedTo: emailTo ?? null, emailError, sharedInRoom };
  });

  /** The contract behind a signing link, or the same 404 for a wrong code and a missing contract. */
  const opened = async (id: string, code: string) => {
    const contract = await ctx.db.contract.findUnique({ where: { id }, include });
    // A wrong code and a missing contract cost the same work and get the same answer.
    if (!hashMatches(hashInvite(code), contract?.signHash) || !contract) {
      throw notFound('this signing link is not valid');
    }
    return contract;
  };
  const view = (c: Awaited<ReturnType<typeof opened>>) => ({
    id: c.id,
    title: c.title,
    amountCents: c.amountCents,
    clientName: c.contact.name,
    businessName,
    // A link exists only once sent, so a draft never shows here.
    status: c.status === 'draft' ? ('sent' as const) : c.status,
    signedAt: c.signedAt,
    signedName: c.signedName,
  });

  serve(r, contractSigningApi.view, async ({ params: { id }, query: { code } }) =>
    view(await opened(id, code)),
  );

  serve(r, contractSigningApi.sign, async ({ params: { id }, body: { code, name } }) => {
    const contract = await opened(id, code);
    if (contract.status === 'cancelled') throw conflict('this contract was cancelled');
    const signed = await recordSignature(ctx, id, name);
    if (!signed) throw notFound('this signing link is not valid');
    return view(signed);
  });
  return r;
}
