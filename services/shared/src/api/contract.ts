import { z } from 'zod';

/**
 * One API endpoint's contract: method, path (`:name` segments are params) and zod schemas for its
 * params, query, body and response. The API parses requests with these schemas and type-checks (and,
 * outside production, validates) what it sends against `response`; the dashboard's client builds
 * requests from the same object and parses the answer with it. One source of truth, no copied types.
 *
 * Response schemas take what the server holds (Date, bigint) as input and give what JSON carries as
 * output (ISO strings, numbers): `z.input` is what a route passes, `z.output` what the browser gets.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint<
  P extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
  Q extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
  B extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
  R extends z.ZodTypeAny = z.ZodTypeAny,
> {
  method: Method;
  path: string;
  /** Success status; default 200. */
  status?: number;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** One line for the OpenAPI document. */
  summary: string;
}

/** Declares an endpoint, keeping its exact schema types. */
export const endpoint = <
  P extends z.ZodTypeAny | undefined = undefined,
  Q extends z.ZodTypeAny | undefined = undefined,
  B extends z.ZodTypeAny | undefined = undefined,
  R extends z.ZodTypeAny = z.ZodTypeAny,
>(
  e: Endpoint<P, Q, B, R>,
): Endpoint<P, Q, B, R> => e;

type Declared<S> = [NonNullable<S>] extends [never] ? never : NonNullable<S> & z.ZodTypeAny;

/** What a caller passes for an endpoint: the params, query and body it declares. */
export type RequestOf<E extends Endpoint> = ([Declared<E['params']>] extends [never]
  ? object
  : { params: z.input<Declared<E['params']>> }) &
  ([Declared<E['query']>] extends [never] ? object : { query?: z.input<Declared<E['query']>> }) &
  ([Declared<E['body']>] extends [never] ? object : { body: z.input<Declared<E['body']>> });

/** What the server sends (Dates, bigints allowed). */
export type ResponseInput<E extends Endpoint> = z.input<E['response']>;
/** What the browser gets after JSON and the response schema. */
export type ResponseOf<E extends Endpoint> = z.output<E['response']>;

/** A timestamp: a Date on the server, its ISO string on the wire. */
export const timestamp = () =>
  z.union([z.date(), z.string()]).transform((d) => (d instanceof Date ? d.toISOString() : d));

/** A calendar day column (Postgres date): a Date on the server, `YYYY-MM-DD` on the wire. */
export const day = () =>
  z
    .union([z.date(), z.string()])
    .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d.slice(0, 10)));

/** A bigint column sent as a JSON number (the API's JSON replacer). */
export const bigintNumber = () => z.union([z.bigint(), z.number()]).transform((n) => Number(n));

/** Any JSON value (Prisma Json columns). */
export const json = () => z.unknown();

/** The error body of every 4xx/5xx. */
export const errorResponseSchema = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** A page of a list: `limit`/`offset` echoed, `total` matching. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
