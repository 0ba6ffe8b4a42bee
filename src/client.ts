// createBrazeClient: assembles the client. A call takes one path:
//   options (options.ts, checked once) -> URL and body (request.ts: checks, then the request)
//   -> limiter and retries (retry.ts, limiter.ts) -> transport (transport.ts: undici on Node,
//   else fetch) -> data or typed error (result.ts).
// openapi-fetch provides the URL serializers, the types and `braze.raw`; `braze.raw` calls, and
// method calls once middleware is added to it, let openapi-fetch build the request, and then join
// the same path at the limiter.
import createClientExport, { defaultPathSerializer, type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import type { OperationId } from '../generated/endpoints.js';
import { budgetOf, loadEndpoints, loadedEndpoints, operationIds } from './operations.js';
import { BrazeConfigError, BrazeError, BrazeResponseError } from './errors.js';
import type { BrazeMethods, CallOptions, Input, PaginateOptions, ResponseOf } from './types.js';
import { RateLimiter, type BudgetState } from './limiter.js';
import { CALL, IDEMPOTENT, OPERATION, headerState, retryingFetch, type CallState, type RetryInfo } from './retry.js';
import type { Bulk } from './bulk.js';
import { LightRequest, fetchTransport, isNode, nodeTransport, type Transport } from './transport.js';
import type { ItemOf, PaginatedId } from './paginate.js';
import { loadValidation, throwIfInvalid } from './validate.js';
import { checkOptions, userAgent, type BrazeClientOptions } from './options.js';
import { buildRequest, checkBody, checkHeaders, checkPath, repeatable, splitInput } from './request.js';
import { callSignal } from './timeout.js';
import { failure, read, result, type Sent } from './result.js';

export { checkBody, MAX_BODY_BYTES } from './request.js';
export { VERSION, type BrazeClientOptions } from './options.js';
export type { Endpoint } from './endpoints.js';

// openapi-fetch's CommonJS build sets `exports.default` without `__esModule`, so from our CommonJS
// bundle the default import is the whole module object rather than the function.
const createClient: typeof createClientExport = (createClientExport as any).default ?? createClientExport;

/** What `call(id, input, { withResponse: true })` gives: the data, and the status and headers of the answer. */
export interface WithResponse<T> {
  data: T;
  status: number;
  /** `headers.get('x-ratelimit-remaining')`, any case; `forEach` walks them (lower-case names). */
  headers: { get(name: string): string | null; forEach(fn: (value: string, name: string) => void): void };
}

export type BrazeClient = BrazeMethods & {
  /** The underlying openapi-fetch client, with authentication, for anything the methods do not cover. */
  readonly raw: Client<paths>;
  /** Calls an operation by its operationId: `braze.call('users.track', body)`. */
  call<K extends OperationId>(operationId: K, input: Input<K> | undefined, options: CallOptions & { withResponse: true }): Promise<WithResponse<ResponseOf<K>>>;
  call<K extends OperationId>(operationId: K, input?: Input<K>, options?: CallOptions): Promise<ResponseOf<K>>;
  /** The instance's base URL this client talks to. */
  readonly baseUrl: string;
  /** The pacing state of an operation's budget (undefined when unlimited or pacing is off). */
  rateLimit(operationId: OperationId): BudgetState | undefined;
  /**
   * Every item of a paginated operation, page after page, as the spec's x-braze-pagination says:
   * `for await (const campaign of braze.paginate('campaigns.list', {}))`.
   */
  paginate<K extends PaginatedId>(operationId: K, input?: Input<K>, options?: PaginateOptions): AsyncGenerator<ItemOf<K>, void, undefined>;
  /**
   * Every item of a paginated operation in an array, at most `maxItems` (default 10,000): a walk
   * with more items fails with a BrazeError instead of filling the memory or cutting silently.
   */
  collect<K extends PaginatedId>(operationId: K, input?: Input<K>, options?: PaginateOptions): Promise<ItemOf<K>[]>;
  /** Batching helpers that stream any number of items at the rate limit (see README). */
  readonly bulk: Bulk;
};

/** The body is serialized once, by checkBody; openapi-fetch passes it on as it is. */
const asIs = (body: string) => body;

export function createBrazeClient(options: BrazeClientOptions): BrazeClient {
  const baseUrl = checkOptions(options);
  // Kept in this closure only: not on the client object, not in any error.
  const apiKey = options.apiKey;
  const authorization = apiKey === undefined ? undefined : `Bearer ${apiKey}`;
  const scim = options.scim;
  const defaultTimeout = options.timeoutMs ?? 30_000;

  // The transport: the caller's fetch, else undici on Node, else the global fetch.
  const light = !options.fetch && isNode();
  const viaFetch = fetchTransport(options.fetch ?? ((request) => globalThis.fetch(request)));
  const base: Transport = light ? nodeTransport(baseUrl, options, viaFetch) : viaFetch;
  // With hooks, each attempt goes through instrument() (hooks.ts, loaded on first use).
  const hooked = !!(options.onRequest || options.onResponse);
  let instrumented: Transport | undefined;
  const transport: Transport = hooked
    ? async (request, ctx?: unknown) =>
        (instrumented ??= (await import('./hooks.js')).instrument(base, options, headerState))(request, ctx)
    : base;
  const limits = typeof options.rateLimit === 'object' ? options.rateLimit : undefined;
  const store = limits?.store ? (limits.store.bind?.({ baseUrl, apiKey: apiKey ?? options.clientKey ?? scim!.token }) ?? limits.store) : undefined;
  const limiter =
    options.rateLimit === false
      ? undefined
      : new RateLimiter(limits?.overrides, Date.now, store ? { ...limits, store } : undefined);
  let retriesSoFar = 0;
  const retry = options.retry === false ? false : { ...options.retry, onRetry: (info: RetryInfo) => (
      retriesSoFar++, options.log?.info?.(`${info.operationId}: retry ${info.attempt} in ${info.delayMs} ms (${info.reason})`), options.retry && options.retry.onRetry?.(info)
    ) };
  // The path below the request: the limiter, retries, then the transport.
  const scimHeaders = scim ? { Authorization: `Bearer ${scim.token}`, 'X-Request-Origin': scim.origin } : undefined;
  const pace = retryingFetch({
    transport,
    baseUrl,
    limiter,
    retry,
    hooked,
    scimHeaders,
  });
  const ua = userAgent(options);
  const baseHeaders = { 'user-agent': ua, ...(authorization && { authorization }) };

  // The API key travels as a default header of the openapi-fetch client rather than from an
  // onRequest middleware: with no middleware, openapi-fetch skips its per-call middleware work.
  // SCIM operations carry their own headers: send() sets them, and for raw calls retry.ts does.
  const raw = createClient<paths>({
    baseUrl,
    fetch: pace,
    // Calls through `braze.raw` get the same path checks as the methods.
    pathSerializer: (template, params) => (
      checkPath(template, { path: template, pathParams: template.match(/[^{]+(?=})/g) ?? [] } as never, params), defaultPathSerializer(template, params)
    ),
    headers: { Authorization: authorization, 'User-Agent': ua },
    ...(light ? { Request: LightRequest as unknown as typeof Request } : {}),
  });
  // Method calls build their request themselves (request.ts) while nobody has added middleware to
  // `braze.raw`; once someone has, openapi-fetch builds it, so that the middleware runs.
  let userMiddleware = 0;
  const use = raw.use.bind(raw);
  const eject = raw.eject.bind(raw);
  raw.use = (...middleware) => {
    userMiddleware += middleware.length;
    use(...middleware);
  };
  raw.eject = (...middleware) => {
    userMiddleware = Math.max(0, userMiddleware - middleware.length);
    eject(...middleware);
  };
  async function call(operationId: OperationId, input?: unknown, callOptions: CallOptions & { withResponse?: boolean } = {}): Promise<any> {
    const { data, response } = await send(operationId, input, callOptions);
    if (!callOptions.withResponse) return data;
    return { data, status: response.status, headers: response.headers };
  }

  async function send(operationId: OperationId, input?: unknown, callOptions: CallOptions = {}): Promise<{ data: any; response: Sent['response'] }> {
    // The first call loads the full table, and waits for the Node transport to be ready: once a call
    // holds a place in the rate limit it should not wait any more. Every check below runs before
    // anything is sent.
    const endpoint = (loadedEndpoints() ?? (await Promise.all([loadEndpoints(), (base as { ready?: unknown }).ready]))[0])(operationId);
    if (!endpoint) throw new BrazeError(`unknown operation "${String(operationId)}"`);
    const split = splitInput(endpoint, input);
    const path = checkPath(operationId, endpoint, split.path);
    const { query, body } = split;
    const json = checkBody(operationId, endpoint, body);
    checkHeaders(operationId, callOptions.headers);
    if (options.validate && body !== undefined) {
      throwIfInvalid(await loadValidation(), operationId, body, options.validate, options.onWarning);
    }

    if (endpoint.auth === 'scim' && !scimHeaders) {
      throw new BrazeConfigError('a SCIM operation: pass `scim: { token, origin }` to the client');
    }
    if (endpoint.auth === 'apiKey' && !apiKey) throw new BrazeConfigError('a REST operation: pass the REST API key of the workspace as `apiKey` to the client');
    if (endpoint.auth === 'client' && !options.clientKey) {
      throw new BrazeConfigError('a Device Messaging operation: pass a client-side REST API key as `clientKey` to the client');
    }
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeout;
    const caller = callOptions.signal;
    const { signal, done } = callSignal(light, timeoutMs, caller);
    const state: CallState = { deadline: Date.now() + timeoutMs, sent: false };
    const headers =
      endpoint.auth === 'scim'
        ? { ...callOptions.headers, ...scimHeaders }
        : endpoint.auth === 'client'
          ? { ...callOptions.headers, Authorization: `Bearer ${options.clientKey}` }
          : callOptions.headers;
    const idempotent = repeatable(endpoint, body, json!);

    let sent: Sent;
    try {
      if (userMiddleware === 0) {
        const request: any = buildRequest(baseUrl, endpoint, path, query, json, baseHeaders, headers, signal);
        request[OPERATION] = operationId;
        request[IDEMPOTENT] = idempotent;
        request[CALL] = state;
        sent = await read(await pace(request));
      } else {
        // Middleware added to `braze.raw`: openapi-fetch builds the request and runs it, then the same path.
        sent = await (raw.request as any)(endpoint.method, endpoint.path, {
          params: { path, query },
          headers,
          signal,
          parseAs: 'text',
          ...(json === undefined ? {} : { body: json, bodySerializer: asIs }),
          [OPERATION]: operationId,
          [IDEMPOTENT]: idempotent,
          [CALL]: state,
        });
      }
    } catch (error) {
      throw failure(error, operationId, state, timeoutMs, caller, signal);
    } finally {
      done();
    }
    return { data: result(operationId, endpoint, sent, state), response: sent.response };
  }

  const client: Record<string, unknown> = {};
  for (const operationId of operationIds) {
    const dot = operationId.indexOf('.');
    const namespace = operationId.slice(0, dot);
    const group = (client[namespace] ??= {}) as Record<string, unknown>;
    group[operationId.slice(dot + 1)] = (input?: unknown, callOptions?: CallOptions) => call(operationId, input, callOptions);
  }
  // The bulk helpers load on first use (dist/*/bulk.*, a chunk of its own): most clients never
  // batch, and the core client stays small. The literal specifier lets an application's bundler
  // follow it (scripts/build-dist.mjs keeps it a separate file in the package).
  let bulk: Promise<Bulk> | undefined;
  // `validate` on one item's body alone, so that a bad item fails alone (bulk.ts runs the other
  // checks of send() itself, row by row).
  const bulkCheck = options.validate
    ? async (operationId: OperationId, body: unknown) => throwIfInvalid(await loadValidation(), operationId, body, options.validate, options.onWarning)
    : undefined;
  const loadBulk = () => (bulk ??= Promise.all([import('./bulk.js'), loadEndpoints()]).then(([m, endpointOf]) => m.createBulk(call, () => retriesSoFar, endpointOf, bulkCheck)));
  // Walks load their code on first use (dist/*/paginate.*, a chunk of its own), given the row and
  // this bundle's error classes.
  const errors = { BrazeError, BrazeResponseError };
  const walk = (operationId: PaginatedId, input: unknown, o: PaginateOptions | undefined) =>
    (async function* () {
      const [m, endpointOf] = await Promise.all([import('./paginate.js'), loadEndpoints()]);
      yield* m.paginate(send, errors, endpointOf(operationId), operationId, input, o);
    })();
  // Beside the namespaces, not enumerable (but `baseUrl`).
  Object.defineProperties(client, {
    raw: { value: raw },
    baseUrl: { value: baseUrl, enumerable: true },
    call: { value: call },
    rateLimit: { value: (operationId: OperationId) => limiter?.state(budgetOf(operationId), operationId) },
    bulk: {
      value: {
        track: (rows: never, o?: never) => loadBulk().then((b) => b.track(rows, o)),
        send: (id: never, items: never, o?: never) => loadBulk().then((b) => b.send(id, items, o)),
      },
    },
    paginate: { value: walk },
    collect: {
      value: async (operationId: PaginatedId, input?: unknown, o: PaginateOptions = {}) =>
        (await import('./paginate.js')).collect(walk(operationId, input, { ...o, maxItems: (o.maxItems ?? 10_000) + 1 }), errors, operationId, o.maxItems),
    },
  });
  return client as unknown as BrazeClient;
}
