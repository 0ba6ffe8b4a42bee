// Types of the generated methods, derived from openapi-typescript's `operations`: a method's input
// and output are the spec's, so that a misspelt field is a compile error.
import type { operations } from '../generated/schema.js';
import type { BatchFields, OperationId } from '../generated/endpoints.js';
import type { BrazeMethods as GeneratedMethods } from '../generated/methods.js';

type Op<K> = K extends keyof operations ? operations[K] : never;
type IsNever<T> = [T] extends [never] ? true : false;
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON request body of an operation (`never` when it takes none). */
export type RequestBody<K extends OperationId> = Op<K> extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
/** The query parameters of an operation (`never` when it takes none). */
export type QueryOf<K extends OperationId> = NonNullable<Op<K> extends { parameters: { query?: infer Q } } ? Q : never>;
/** The path parameters of an operation (`never` when it takes none). */
export type PathOf<K extends OperationId> = NonNullable<Op<K> extends { parameters: { path?: infer P } } ? P : never>;

type Responses<K> = Op<K> extends { responses: infer R } ? R : never;
type SuccessKey<R> = Extract<keyof R, 200 | 201 | 202 | 204 | '200' | '201' | '202' | '204' | '2XX'>;
/** What a successful call resolves to: the JSON body of the operation's 2xx answer. */
export type ResponseOf<K extends OperationId> = Json<Responses<K>[SuccessKey<Responses<K>>]>;

type WithQuery<K extends OperationId> = IsNever<QueryOf<K>> extends true ? {} : {} extends QueryOf<K> ? { query?: QueryOf<K> } : { query: QueryOf<K> };
type WithBody<K extends OperationId> = IsNever<RequestBody<K>> extends true ? {} : { body: RequestBody<K> };

/**
 * What a method takes: the body itself when the operation has only a body, the query itself when it
 * has only query parameters, and `{ path, query?, body? }` otherwise.
 */
export type Input<K extends OperationId> = IsNever<PathOf<K>> extends false
  ? { path: PathOf<K> } & WithQuery<K> & WithBody<K>
  : IsNever<RequestBody<K>> extends false
    ? IsNever<QueryOf<K>> extends true
      ? RequestBody<K>
      : WithQuery<K> & WithBody<K>
    : IsNever<QueryOf<K>> extends false
      ? QueryOf<K>
      : undefined;

/** Per-call options. */
export interface CallOptions {
  /** Abort the call (and its retries) when this signal fires. */
  signal?: AbortSignal;
  /** Give up after this many milliseconds (overrides the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** Options of `paginate()` and `collect()`: those of each page's call, and limits on the walk. */
export interface PaginateOptions extends CallOptions {
  /** `paginate()` stops after this many items; `collect()` fails when there are more (default 10,000). */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
}

// The input may be left out when there is nothing to send, or only optional query parameters.
type OptionalInput<K extends OperationId> = undefined extends Input<K>
  ? true
  : IsNever<RequestBody<K>> extends true
    ? {} extends Input<K>
      ? true
      : false
    : false;

/** The signature of the method of an operation: `(input, options?) => Promise<result>`. */
export type MethodOf<K extends OperationId> = OptionalInput<K> extends true
  ? (input?: Input<K>, options?: CallOptions) => Promise<ResponseOf<K>>
  : (input: Input<K>, options?: CallOptions) => Promise<ResponseOf<K>>;

type NamespaceOf<K> = K extends `${infer N}.${string}` ? N : never;
export type Namespace = NamespaceOf<OperationId>;

/**
 * `braze.users.track(...)`, `braze.campaigns.list(...)`: one method per operation, by namespace.
 * Generated as interfaces (generated/methods.ts) so that every method carries its own
 * documentation: summary, permission, rate limit, reference link, `@deprecated`.
 */
export type BrazeMethods = GeneratedMethods;

// Types for the bulk helpers (src/bulk.ts), from the spec.
type ItemOf<T> = T extends readonly (infer I)[] ? I : never;
type TrackBody = RequestBody<'users.track'>;
/** One attribute object of `/users/track`. */
export type TrackAttributes = ItemOf<NonNullable<TrackBody['attributes']>>;
/** One event of `/users/track`. */
export type TrackEvent = ItemOf<NonNullable<TrackBody['events']>>;
/** One purchase of `/users/track`. */
export type TrackPurchase = ItemOf<NonNullable<TrackBody['purchases']>>;
/** One user's data for `braze.bulk.track`: an attribute object (or several), events, purchases. */
export interface BulkTrackRow {
  attributes?: TrackAttributes | TrackAttributes[];
  events?: TrackEvent[];
  purchases?: TrackPurchase[];
}

/**
 * The array fields of an operation's body that `braze.bulk.send` can fill: those with a documented
 * per-request limit (`'external_ids'` for `users.delete`, `'items'` for `catalogs.createItems`).
 */
export type BatchField<K extends OperationId> = K extends keyof BatchFields ? BatchFields[K] : never;
/** The operations that take a batch: a body with at least one array field of limited size. */
export type BatchOperationId = { [K in OperationId]: [BatchField<K>] extends [never] ? never : K }[OperationId];
/** One element of the array field `F` of operation `K`'s body: what `braze.bulk.send` streams. */
export type BatchItem<K extends OperationId, F extends BatchField<K> = BatchField<K>> = ItemOf<
  Extract<NonNullable<RequestBody<K> extends infer B ? (F extends keyof B ? B[F] : never) : never>, readonly unknown[]>
>;
/** The rest of operation `K`'s body, besides the field `F` (`bulk.send`'s `base`). */
export type BatchBase<K extends OperationId, F extends BatchField<K> = BatchField<K>> = Omit<RequestBody<K>, F>;
