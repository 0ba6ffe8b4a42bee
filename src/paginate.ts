// One async iterator for every paginated operation, driven by the spec's x-braze-pagination:
// - `page`:   page numbers from `firstPage`, until a page is shorter than `pageSize`;
// - `offset`: offset/limit, the offset advancing by what each page returned;
// - `link`:   the `Link: <...>; rel="next"` response header, whose query (a cursor) is sent next.
// A walk stops with a BrazeResponseError when Braze repeats a cursor or a page (it would never end),
// and after `maxItems` items or `maxPages` pages when given.
// The client loads this file on the first walk (a chunk of its own in dist/, out of the core's size
// budget). It imports nothing at run time: the client passes the endpoint row and its own error
// classes, so that `instanceof` holds for the errors a walk throws.
import type { OperationId, PaginatedItemsFields } from '../generated/endpoints.js';
import type { CallOptions, PaginateOptions, ResponseOf } from './types.js';
import type { Endpoint } from './endpoints.js';
import type { BrazeError, BrazeResponseError } from './errors.js';

export interface ErrorClasses {
  BrazeError: typeof BrazeError;
  BrazeResponseError: typeof BrazeResponseError;
}

/** The operationIds that carry x-braze-pagination. */
export type PaginatedId = Extract<keyof PaginatedItemsFields, OperationId>;
type ItemsField<K extends OperationId> = K extends keyof PaginatedItemsFields ? PaginatedItemsFields[K] : never;
/** The type of one item of a paginated operation. */
export type ItemOf<K extends OperationId> = ResponseOf<K> extends infer R
  ? R extends Record<ItemsField<K>, readonly (infer I)[] | undefined>
    ? I
    : unknown
  : unknown;

type Send = (operationId: OperationId, input: unknown, options?: CallOptions) => Promise<{ data: any; response: { headers: { get(name: string): string | null } } }>;

/** The URL of `rel="next"` in a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = part.match(/<([^>]+)>\s*;(.*)/);
    if (match && /rel\s*=\s*"?next"?/i.test(match[2])) return match[1];
  }
  return undefined;
}

export async function* paginate(
  send: Send,
  errors: ErrorClasses,
  endpoint: Endpoint | undefined,
  operationId: string,
  input: unknown,
  options: PaginateOptions = {},
): AsyncGenerator<any, void, undefined> {
  const p = endpoint?.pagination;
  if (!p) throw new TypeError(`${operationId} is not paginated (no x-braze-pagination in the spec)`);
  // Inputs are the query itself, or { path, query } for operations with path parameters.
  const nested = endpoint!.pathParams.length > 0 || endpoint!.body;
  const base = (input ?? {}) as Record<string, any>;
  let query: Record<string, unknown> = { ...((nested ? base.query : base) ?? {}) };
  const withQuery = (q: Record<string, unknown>) => (nested ? { ...base, query: q } : q);

  if (p.style === 'page') query[p.pageParam ?? 'page'] ??= p.firstPage ?? 0;
  if (p.style === 'offset') {
    query[p.offsetParam ?? 'offset'] ??= 0;
    if (p.pageSize) query[p.limitParam ?? 'limit'] ??= p.pageSize;
  }

  const { maxItems = Infinity, maxPages = Infinity, ...callOptions } = options;
  const seen = new Set<string>();
  let previous = '';
  for (let pages = 0, count = 0; pages < maxPages; ) {
    const { data, response } = await send(operationId as OperationId, withQuery(query), callOptions);
    const items: unknown[] = Array.isArray(data?.[p.itemsField]) ? data[p.itemsField] : [];
    const page = items.length ? JSON.stringify(items) : '';
    const repeated = (what: string) =>
      new errors.BrazeResponseError({ operationId, status: 200, body: undefined, rateLimit: {}, message: `${operationId}: Braze repeated ${what} after page ${pages}; stopping the walk` });
    // A page equal to the one before means the page parameter was ignored: stop before yielding it twice.
    if (page && page === previous) throw repeated('the same page');
    previous = page;
    pages++;
    for (const item of items) {
      if (count++ >= maxItems) return;
      yield item;
    }
    if (count >= maxItems) return;
    if (p.style === 'link') {
      const next = nextLink(response.headers.get('link'));
      if (!next || items.length === 0) return;
      if (seen.has(next)) throw repeated(`the cursor ${next}`);
      seen.add(next);
      query = { ...query, ...Object.fromEntries(new URL(next, 'http://placeholder').searchParams) };
    } else if (p.style === 'page') {
      if (items.length === 0 || (p.pageSize !== undefined && items.length < p.pageSize)) return;
      const key = p.pageParam ?? 'page';
      query = { ...query, [key]: Number(query[key]) + 1 };
    } else {
      const limit = Number(query[p.limitParam ?? 'limit'] ?? p.pageSize);
      if (items.length === 0 || (Number.isFinite(limit) && items.length < limit)) return;
      const key = p.offsetParam ?? 'offset';
      query = { ...query, [key]: Number(query[key]) + items.length };
    }
  }
}

/** The items of a walk in an array; more than `maxItems` (default 10,000) is an error, never a silent cut. */
export async function collect<T>(walk: AsyncIterable<T>, errors: ErrorClasses, operationId: string, maxItems = 10_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of walk) {
    if (out.length >= maxItems) throw new errors.BrazeError(`${operationId}: more than ${maxItems} items; raise maxItems or walk them with paginate()`, { operationId });
    out.push(item);
  }
  return out;
}
