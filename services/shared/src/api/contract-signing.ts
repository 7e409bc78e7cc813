import { z } from 'zod';
import { contractSchema } from './billing';
import { endpoint, timestamp } from './contract';
import { emailAddress, idParams, rowId, safe, text } from './fields';

/**
 * Sending a contract for signature and the client signing it: the admin sends it (from a suggestion
 * card in a consultation, or anywhere) and gets a link, shown once (only its code's hash is stored),
 * which goes by email and into the consultation's room; the client opens it, reads what they sign and
 * signs by typing their name, with no account.
 */
export const SIGN_CODE_MIN = 16;

const send = endpoint({
  method: 'POST',
  path: '/api/contracts/:id/send',
  summary:
    'Send a contract for signature: a new signing link (the previous one stops working), emailed to the contact (or `email.to`) and, with `sessionId` of a live consultation, shown to the client in the room.',
  params: idParams,
  body: z
    .object({
      email: z.object({ to: emailAddress().optional() }).strict().optional(),
      sessionId: rowId().optional(),
    })
    .strict(),
  response: z.object({
    contract: contractSchema,
    /** `PUBLIC_URL/sign/<id>?code=…`, shown this once. */
    signUrl: z.string(),
    /** Where it was emailed, or null (not asked, or no address / SMTP). */
    emailedTo: z.string().nullable(),
    /** Why the email failed, fit to show. */
    emailError: z.string().nullable(),
    /** Whether it was put in front of the client in the consultation's room. */
    sharedInRoom: z.boolean(),
  }),
});

/** What the client sees before and after signing (only with the right code). */
export const contractToSignSchema = z.object({
  id: z.string(),
  title: z.string(),
  amountCents: z.number(),
  clientName: z.string(),
  businessName: z.string(),
  status: z.enum(['sent', 'signed', 'cancelled']),
  signedAt: timestamp().nullable(),
  signedName: z.string().nullable(),
});
export type ContractToSign = z.output<typeof contractToSignSchema>;

const code = () => safe(z.string().min(SIGN_CODE_MIN).max(128));

const view = endpoint({
  method: 'GET',
  path: '/api/sign/:id',
  summary:
    'A contract sent for signature, as its client reads it (no sign-in): 404 for a wrong code or contract alike.',
  params: idParams,
  query: z.object({ code: code() }),
  response: contractToSignSchema,
});

const sign = endpoint({
  method: 'POST',
  path: '/api/sign/:id',
  summary:
    'Sign a contract through its link by typing your name (no sign-in): once; signing again answers the signature on record; 409 when it was cancelled.',
  params: idParams,
  body: z.object({ code: code(), name: text(120, { min: 2 }) }).strict(),
  response: contractToSignSchema,
});

export const contractSigningApi = { send, view, sign };
