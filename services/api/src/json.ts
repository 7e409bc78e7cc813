/**
 * `res.json`'s replacer: bigint columns (contacts.budget_cents) are served as JSON numbers, which
 * JSON.stringify cannot do by itself (it throws). The amounts written are bounded far below 2^53, so
 * the number is exact.
 */
export const jsonReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? Number(value) : value;
