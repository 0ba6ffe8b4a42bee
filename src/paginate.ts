// One async iterator for every paginated operation, driven by the spec's x-braze-pagination:
// - `page`:   page numbers from `firstPage`, until a page is shorter than `pageSize`;
// - `offset`: offset/limit, the offset advancing by what each page returned;
// - `link`:   the `Link: <...>; rel="next"` response header, whose query (a cursor) is sent next.
import { ENDPOINTS, type OperationId } from '../generated/endpoints.js';
import type { CallOptions, ResponseOf } from './types.js';
import { endpointOf } from './endpoints.js';

type Rows = typeof ENDPOINTS;
/** The operationIds that carry x-braze-pagination. */
export type PaginatedId = { [K in OperationId]: Rows[K] extends { pagination: object } ? K : never }[OperationId];
type ItemsField<K extends OperationId> = Rows[K] extends { pagination: { itemsField: infer F extends string } } ? F : never;
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

export async function* paginate(send: Send, operationId: string, input: unknown, options?: CallOptions): AsyncGenerator<any, void, undefined> {
  const endpoint = endpointOf(operationId);
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

  for (;;) {
    const { data, response } = await send(operationId as OperationId, withQuery(query), options);
    const items: unknown[] = Array.isArray(data?.[p.itemsField]) ? data[p.itemsField] : [];
    yield* items;
    if (p.style === 'link') {
      const next = nextLink(response.headers.get('link'));
      if (!next || items.length === 0) return;
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
