// The generated endpoint table writes only what differs from the defaults; this reads a row with
// every key filled in, once per operation. The client loads this module on its first call (see
// src/operations.ts); it is also the package's `braze-openapi/endpoints` entry, for the table itself.
import { DEFAULT_RATE_LIMIT, ENDPOINTS, type EndpointRow, type OperationId } from '../generated/endpoints.js';

export { ENDPOINTS, type OperationId };

/** How an operation pages (x-braze-pagination), as the generated row declares it. */
export type Pagination = NonNullable<EndpointRow['pagination']>;

/**
 * A row with every key filled in: the generated row (its keys documented there and in
 * openapi/EXTENSIONS.md), where the keys left out at their default are always present.
 * - `requireOne`: the body must hold at least one of these keys (`attributes`, `events`, `purchases`).
 * - `itemsRequireOne`: each object of these arrays must hold one of the listed keys (its user's identifier).
 * - `auth`: `client` is the Device Messaging API, which takes a client-side key (`clientKey`).
 * - `idempotentBody` (x-braze-idempotent-body): a body is safe to repeat when none of its objects, at
 *   any depth, has one of `keys`, and none of the top-level arrays `nonEmpty` has items.
 * - `empty`: no 2xx answer of the operation declares a JSON body (204).
 */
export interface Endpoint extends Omit<EndpointRow, 'pathParams' | 'query' | 'body' | 'bodyRequired' | 'arrayLimits' | 'auth' | 'idempotent'> {
  pathParams: readonly string[];
  query: boolean;
  body: boolean;
  bodyRequired: readonly string[];
  arrayLimits: Readonly<Record<string, number>>;
  auth: 'apiKey' | 'scim' | 'client';
  idempotent: boolean;
}

const DEFAULTS = { pathParams: [], query: false, body: false, bodyRequired: [], arrayLimits: {}, auth: 'apiKey', idempotent: false, rateLimit: DEFAULT_RATE_LIMIT } as const;
const cache = new Map<string, Endpoint>();

/** The full row of an operation, or undefined for an unknown operationId. */
export function endpointOf(operationId: string): Endpoint | undefined {
  let endpoint = cache.get(operationId);
  if (!endpoint && Object.hasOwn(ENDPOINTS, operationId)) {
    endpoint = { ...DEFAULTS, ...(ENDPOINTS[operationId as OperationId] as object) } as unknown as Endpoint;
    cache.set(operationId, endpoint);
  }
  return endpoint;
}

/** Every operationId of the table. */
export const operationIds = Object.keys(ENDPOINTS) as OperationId[];

/** For raw calls (`braze.raw`): the operation of a method and URL under `baseUrl`, matched on the path templates. */
export function routeMatcher(baseUrl: string): (method: string, url: string) => OperationId | undefined {
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const exact = new Map<string, OperationId>();
  const patterns: [string, RegExp, OperationId][] = [];
  for (const id of operationIds) {
    const e = endpointOf(id)!;
    if (e.pathParams.length === 0) exact.set(`${e.method} ${e.path}`, id);
    else patterns.push([e.method, new RegExp(`^${e.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), id]);
  }
  return (method, url) => {
    let path = new URL(url).pathname;
    if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length);
    return exact.get(`${method} ${path}`) ?? patterns.find(([m, re]) => m === method && re.test(path))?.[2];
  };
}
