// createBrazeClient: a thin layer over openapi-fetch. It checks its options once, adds the key as
// an onRequest middleware, and turns each row of the generated endpoint table into a method.
import createClientExport, { createFinalURL, createQuerySerializer, defaultPathSerializer, type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import type { OperationId } from '../generated/endpoints.js';
import { INSTANCES, type Instance } from '../generated/operations.js';
import type { Endpoint } from './endpoints.js';
import { budgetOf, loadEndpoints, loadedEndpoints, operationIds } from './operations.js';
import {
  BrazeAbortError,
  BrazeApiError,
  BrazeConfigError,
  BrazeError,
  BrazeNetworkError,
  BrazeRateLimitError,
  BrazeResponseError,
  BrazeTimeoutError,
  BrazeValidationError,
} from './errors.js';
import type { BrazeMethods, CallOptions, Input, PaginateOptions, ResponseOf } from './types.js';
import { RateLimiter, type BudgetState, type RateLimitStore, type StoreOptions } from './limiter.js';
import { CALL, IDEMPOTENT, OPERATION, headerState, retryingFetch, type CallState, type HookInfo, type Logger, type RetryInfo, type RetryOptions } from './retry.js';
import type { Bulk } from './bulk.js';
import { LightRequest, LightRequestHeaders, LightSignal, isNode, nodeTransport, type Transport } from './transport.js';
import type { ItemOf, PaginatedId } from './paginate.js';
import { loadValidation, throwIfInvalid, type BrazeValidationWarning } from './validate.js';

// openapi-fetch's CommonJS build sets `exports.default` without `__esModule`, so from our CommonJS
// bundle the default import is the whole module object rather than the function.
const createClient: typeof createClientExport = (createClientExport as any).default ?? createClientExport;

/** Braze refuses bodies over 4 MB with a 413; we refuse them first. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface BrazeClientOptions {
  /** A REST API key of the workspace. Never logged, never put in an error. */
  apiKey: string;
  /** The workspace's instance (`US-01` ... `KR-01`: the keys of `INSTANCES`). Give this or `baseUrl`. */
  instance?: Instance;
  /** Another base URL (a proxy, a mock). Must be https, except on localhost. */
  baseUrl?: string;
  /** A fetch implementation (tests, proxies, other runtimes). Defaults to the global `fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** For the SCIM operations: the SCIM token and the request origin registered with it. */
  scim?: { token: string; origin: string };
  /** For the Device Messaging API (`deviceMessaging.*`): a client-side REST API key. */
  clientKey?: string;
  /**
   * Default time limit of a call, in milliseconds (default 30 s): from the call to its result,
   * time queued by the rate limiter, waits for a rate-limit reset and retries included.
   */
  timeoutMs?: number;
  /**
   * Client-side pacing under each operation's documented rate limit (default on). `false` turns it
   * off; `{ overrides }` sets other numbers for a budget, e.g. a contract with other limits:
   * `{ overrides: { 'users-track': { requests: 1000, windowSeconds: 1 } } }`.
   */
  rateLimit?:
    | boolean
    | ({
        overrides?: Record<string, { requests: number; windowSeconds: number }>;
        /** A store shared by every process of the workspace, e.g. `redisStore({ url })` from `braze-openapi/redis`. */
        store?: RateLimitStore;
      } & Partial<Omit<StoreOptions, 'store'>>);
  /** Retry policy (see README); `false` turns retries off. */
  retry?: RetryOptions | false;
  /**
   * Check every request body before sending (default off), with validators compiled at build
   * time, loaded on the first call. `true`: a body Braze would refuse (it fails the tolerant view)
   * is a BrazeValidationError, and a part Braze accepts but the strict contract does not goes to
   * `onWarning`. `'strict'`: both are a BrazeValidationError.
   */
  validate?: boolean | 'strict';
  /** With `validate: true`: called once per warning (field, message, why), before sending. */
  onWarning?: (warning: BrazeValidationWarning) => void;
  /**
   * Who is calling, added to the User-Agent (`braze-openapi/0.1.0 node/20.20.0 my-app/1.2 (https://...)`).
   * `userAgent` adds a string of your own instead.
   */
  appInfo?: { name: string; version?: string; url?: string };
  userAgent?: string;
  /** Called before each attempt (retries included), with the operation, method, path and attempt. Never the key. */
  onRequest?: (info: HookInfo) => void;
  /** Called after each attempt with its status (or `error`), duration and rate-limit state. Never the key. */
  onResponse?: (info: HookInfo) => void;
  /** `includeBody: true` adds the request body to onRequest and the answer's text to onResponse. */
  hooks?: { includeBody?: boolean };
  /** Where retries and rate-limit give-ups are told (octokit's `log`): `{ debug, info, warn, error }`. Default: silent. */
  log?: Logger;
  /**
   * node:http transport only: a node:http(s) Agent for every request (e.g. a proxy agent). By
   * default HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured; `proxy` sets a proxy URL, or `false` none.
   */
  agent?: unknown;
  proxy?: string | false;
  /** node:http transport only: stop reading an answer past this size, decoded (default 100 MB): a BrazeResponseError. */
  maxResponseBytes?: number;
}

/** The package's version, written here at release (test/client.identity.test.ts checks it against package.json). */
export const VERSION = '0.1.0';

export type { Endpoint } from './endpoints.js';

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

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function checkOptions(options: BrazeClientOptions): string {
  if (!options || typeof options !== 'object') throw new BrazeConfigError('createBrazeClient needs an options object: { apiKey, instance }');
  const { apiKey, instance, baseUrl } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new BrazeConfigError('apiKey is missing or empty: pass the REST API key of your workspace as `apiKey`');
  }
  if (/\s/.test(apiKey)) throw new BrazeConfigError('apiKey contains white space: check how it was read (a trailing newline?)');
  if (instance !== undefined && baseUrl !== undefined) throw new BrazeConfigError('pass either `instance` or `baseUrl`, not both');
  if (baseUrl === undefined) {
    if (instance === undefined) throw new BrazeConfigError(`instance is missing: pass one of ${Object.keys(INSTANCES).join(', ')} (or a baseUrl)`);
    if (!Object.hasOwn(INSTANCES, instance)) {
      throw new BrazeConfigError(`instance "${String(instance)}" is unknown: use one of ${Object.keys(INSTANCES).join(', ')}`);
    }
    return INSTANCES[instance];
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new BrazeConfigError(`baseUrl "${baseUrl}" is not a URL`);
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new BrazeConfigError(`baseUrl must use https (plain http is only allowed for localhost): ${url.origin}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BrazeConfigError(`baseUrl must be an http(s) URL: ${url.origin}`);
  if (url.username || url.password) throw new BrazeConfigError('baseUrl must not carry credentials');
  return url.href.replace(/\/+$/, '');
}

/**
 * Refuses a path parameter that would not be exactly one segment of its template: missing, not a
 * string (or finite number), empty, `.`/`..` (or any run of dots), or with a `/` or `\`, also once
 * percent-decoded (`%2e%2e`, `%2F`), and unpaired surrogates that cannot be encoded. Everything else
 * is sent encoded with encodeURIComponent, as one segment. Returns the values as strings.
 */
export function checkPath(operationId: string, endpoint: Endpoint, path: any): Record<string, string> | undefined {
  if (!endpoint.pathParams.length) return undefined;
  const out: Record<string, string> = {};
  for (const name of endpoint.pathParams) {
    let value = path?.[name];
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    let problem = typeof value !== 'string' ? 'must be a string' : value === '' ? 'is empty' : '';
    if (!problem) {
      try {
        encodeURIComponent(value);
      } catch {
        problem = 'cannot be encoded';
      }
      let decoded: string = value;
      for (let i = 0; i < 3; i++) {
        try {
          decoded = decodeURIComponent(decoded);
        } catch {
          break;
        }
      }
      if (/^\.+$/.test(decoded)) problem = 'is a dot segment';
      else if (/[/\\]/.test(decoded)) problem = 'contains a slash';
    }
    if (problem) {
      throw new BrazeValidationError(
        `${operationId}: path.${name} ${problem} (${JSON.stringify(value)}): it must be exactly one segment of ${endpoint.path}`,
        { operationId, field: `path.${name}` },
      );
    }
    out[name] = value;
  }
  return out;
}

/** True when an object of `value`, at any depth, has one of `keys`. */
function hasKey(value: unknown, keys: readonly string[]): boolean {
  if (value && typeof value === 'object') for (const key in value) if (keys.includes(key) || hasKey((value as any)[key], keys)) return true;
  return false;
}

/**
 * Whether repeating this exact request cannot change the outcome: the spec's x-braze-idempotent,
 * or for an operation with x-braze-idempotent-body, a body that holds none of its operators (`inc`,
 * `$add`...) at any depth and none of its non-repeatable arrays (events, purchases).
 */
export function repeatable(endpoint: Endpoint, body: unknown): boolean {
  const rule = endpoint.idempotentBody;
  if (!rule) return endpoint.idempotent;
  return !!body && typeof body === 'object' && !rule.nonEmpty?.some((f) => (body as any)[f]?.length) && !hasKey(body, rule.keys ?? []);
}

/** Stops a body that breaks a documented per-request limit before it is sent. */
export function checkBody(operationId: string, endpoint: Endpoint, body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const [field, max] of Object.entries(endpoint.arrayLimits) as [string, number][]) {
      const value = (body as Record<string, unknown>)[field];
      if (Array.isArray(value) && value.length > max) {
        throw new BrazeValidationError(
          `${operationId}: body.${field} has ${value.length} items; Braze accepts at most ${max} per request (split the batch)`,
          { operationId, field: `body.${field}`, limit: max, actual: value.length },
        );
      }
    }
    for (const field of endpoint.bodyRequired) {
      if ((body as Record<string, unknown>)[field] === undefined) {
        throw new BrazeValidationError(`${operationId}: body.${field} is required`, { operationId, field: `body.${field}` });
      }
    }
    const present = (o: Record<string, unknown>, key: string) => o[key] !== undefined && o[key] !== null && o[key] !== false;
    if (endpoint.requireOne && !endpoint.requireOne.some((key) => present(body as Record<string, unknown>, key))) {
      throw new BrazeValidationError(`${operationId}: body needs one of ${endpoint.requireOne.join(', ')}`, { operationId, field: 'body' });
    }
    for (const [field, keys] of Object.entries(endpoint.itemsRequireOne ?? {})) {
      const items = (body as Record<string, unknown>)[field];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        if (item && typeof item === 'object' && !keys.some((key) => present(item as Record<string, unknown>, key))) {
          throw new BrazeValidationError(`${operationId}: body.${field}[${i}] names no user: it needs one of ${keys.join(', ')}`, { operationId, field: `body.${field}[${i}]` });
        }
      });
    }
  }
  const json = JSON.stringify(body);
  // A UTF-8 character takes at most 3 bytes per UTF-16 unit: only count when it could matter.
  if (json.length * 3 > MAX_BODY_BYTES) {
    const bytes = new TextEncoder().encode(json).length;
    if (bytes > MAX_BODY_BYTES) {
      throw new BrazeValidationError(`${operationId}: body is ${bytes} bytes; Braze accepts at most ${MAX_BODY_BYTES} (4 MB)`, {
        operationId,
        field: 'body',
        limit: MAX_BODY_BYTES,
        actual: bytes,
      });
    }
  }
  return json;
}

const querySerializer = createQuerySerializer();

/** The body is serialized once, by checkBody; openapi-fetch passes it on as it is. */
const asIs = (body: string) => body;

/**
 * Call deadlines, checked by one timer for all calls instead of a setTimeout per call (a timer per
 * small call costs more than the call's own work on Node). Timeouts fire within TICK_MS.
 */
const TICK_MS = 25;
const deadlines = {
  entries: new Set<{ at: number; abortable: { abort(reason?: unknown): void } }>(),
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  add(ms: number, abortable: { abort(reason?: unknown): void }) {
    const entry = { at: Date.now() + ms, abortable };
    this.entries.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), TICK_MS);
      // The timer alone must not keep a process alive; a call in flight has its socket for that.
      (this.timer as { unref?: () => void }).unref?.();
    }
    return entry;
  },
  remove(entry: { at: number }) {
    this.entries.delete(entry as never);
  },
  check() {
    const now = Date.now();
    for (const entry of this.entries) {
      if (entry.at <= now) {
        this.entries.delete(entry);
        entry.abortable.abort();
      }
    }
    if (this.entries.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  },
};

function splitInput(endpoint: Endpoint, input: any): { path?: any; query?: any; body?: any } {
  if (endpoint.pathParams.length > 0) return input ?? {};
  if (endpoint.body && endpoint.query) return input ?? {};
  if (endpoint.body) return { body: input };
  if (endpoint.query) return { query: input };
  return {};
}

export function createBrazeClient(options: BrazeClientOptions): BrazeClient {
  const baseUrl = checkOptions(options);
  // Kept in this closure only: not on the client object, not in any error.
  const apiKey = options.apiKey;
  const authorization = `Bearer ${apiKey}`;
  const scim = options.scim;
  const defaultTimeout = options.timeoutMs ?? 30_000;

  // The SCIM routes, for raw calls: read from the full table when the first one is made.
  let scimRoutes: Set<string> | undefined;

  // The transport: the caller's fetch, else node:http on Node, else the global fetch.
  const light = !options.fetch && isNode();
  const base: Transport = options.fetch
    ? (options.fetch as Transport)
    : light
      ? nodeTransport(baseUrl, options)
      : (request) => globalThis.fetch(request as Request);
  // With hooks, each attempt goes through instrument() (node-http.ts, loaded on first use).
  const hooked = !!(options.onRequest || options.onResponse);
  let instrumented: Transport | undefined;
  const transport: Transport = hooked
    ? async (request, ctx?: unknown) =>
        (instrumented ??= (await import('./node-http.js')).instrument(base, options, headerState))(request, ctx)
    : base;
  const limits = typeof options.rateLimit === 'object' ? options.rateLimit : undefined;
  const store = limits?.store ? (limits.store.bind?.({ baseUrl, apiKey }) ?? limits.store) : undefined;
  const limiter =
    options.rateLimit === false
      ? undefined
      : new RateLimiter(limits?.overrides, Date.now, store ? { ...limits, store } : undefined);
  let retriesSoFar = 0;
  const retry = options.retry === false ? false : { ...options.retry, onRetry: (info: RetryInfo) => (
      retriesSoFar++, options.log?.info?.(`${info.operationId}: retry ${info.attempt} in ${info.delayMs} ms (${info.reason})`), options.retry && options.retry.onRetry?.(info)
    ) };
  const fetchBelowMiddleware = retryingFetch({
    transport,
    baseUrl,
    limiter,
    retry,
    hooked,
  });
  const { appInfo } = options;
  // Control characters would break the header: they are dropped.
  const ua = `braze-openapi/${VERSION}${isNode() ? ` node/${process.versions.node}` : ''}${
    appInfo ? ` ${appInfo.name}${appInfo.version ? `/${appInfo.version}` : ''}${appInfo.url ? ` (${appInfo.url})` : ''}` : ''
  }${options.userAgent ? ` ${options.userAgent}` : ''}`.replace(/[\0-\x1f\x7f]/g, '');

  // The API key travels as a default header of the openapi-fetch client rather than from an
  // onRequest middleware: with no middleware, openapi-fetch skips its per-call middleware work,
  // which is a measurable share of a small call. SCIM operations carry their own headers: call()
  // sets them, and for raw calls a middleware does, registered only when SCIM is configured.
  const raw = createClient<paths>({
    baseUrl,
    fetch: fetchBelowMiddleware,
    // Calls through `braze.raw` get the same path checks as the methods.
    pathSerializer: (template, params) => (
      checkPath(template, { path: template, pathParams: template.match(/[^{]+(?=})/g) ?? [] } as never, params), defaultPathSerializer(template, params)
    ),
    headers: { Authorization: authorization, 'User-Agent': ua },
    ...(light ? { Request: LightRequest as unknown as typeof Request } : {}),
  });
  const scimHeaders = scim ? { Authorization: `Bearer ${scim.token}`, 'X-Request-Origin': scim.origin } : undefined;
  // Calls take a direct path to the fetch below the middleware while nobody has added middleware
  // of their own (see fastSend); adding one switches every call to openapi-fetch's full path.
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
  if (scimHeaders) {
    use({
      async onRequest({ request, schemaPath }) {
        if (!scimRoutes) {
          const endpointOf = await loadEndpoints();
          scimRoutes = new Set(operationIds.map((id) => endpointOf(id)!).filter((e) => e.auth === 'scim').map((e) => `${e.method} ${e.path}`));
        }
        if (!scimRoutes.has(`${request.method} ${schemaPath}`)) return undefined;
        for (const [name, value] of Object.entries(scimHeaders)) request.headers.set(name, value);
        return undefined;
      },
    });
  }

  /**
   * What openapi-fetch does for a call when no middleware is registered, without its per-call
   * WHATWG Headers objects: the URL from openapi-fetch's own serializers, the headers as a plain
   * map, the request handed to the same fetch (limiter, retries, transport), the answer read as
   * openapi-fetch reads it.
   */
  async function fastSend(endpoint: Endpoint, path: unknown, query: unknown, json: string | undefined, init: Record<string, any>) {
    const url = createFinalURL(endpoint.path, { baseUrl, params: { path, query } as never, querySerializer, pathSerializer: defaultPathSerializer });
    const headers = new LightRequestHeaders({ authorization, 'user-agent': ua, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers });
    const request: any = new LightRequest(url, { method: endpoint.method, headers, body: json, signal: init.signal });
    request[OPERATION] = init[OPERATION];
    request[IDEMPOTENT] = init[IDEMPOTENT];
    request[CALL] = init[CALL];
    const response = await fetchBelowMiddleware(request);
    // As openapi-fetch with `parseAs: 'text'`: the text of a 2xx, the parsed body of an error.
    const text = response.status === 204 ? undefined : await response.text();
    if (response.ok) return { data: text, response };
    let error: unknown = text;
    try {
      error = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { error, response };
  }

  async function call(operationId: OperationId, input?: unknown, callOptions: CallOptions & { withResponse?: boolean } = {}): Promise<any> {
    const { data, response } = await send(operationId, input, callOptions);
    if (!callOptions.withResponse) return data;
    return { data, status: response.status, headers: response.headers };
  }

  async function send(operationId: OperationId, input?: unknown, callOptions: CallOptions = {}): Promise<{ data: any; response: Response }> {
    // The full table loads on the first call; every check below runs before anything is sent.
    const endpoint = (loadedEndpoints() ?? (await loadEndpoints()))(operationId);
    if (!endpoint) throw new BrazeError(`unknown operation "${String(operationId)}"`);
    const split = splitInput(endpoint, input);
    const path = checkPath(operationId, endpoint, split.path);
    const { query, body } = split;
    const json = checkBody(operationId, endpoint, body);
    if (options.validate && body !== undefined) {
      throwIfInvalid(await loadValidation(), operationId, body, options.validate, options.onWarning);
    }

    if (endpoint.auth === 'scim' && !scimHeaders) {
      throw new BrazeConfigError('this is a SCIM operation: pass `scim: { token, origin }` to createBrazeClient');
    }
    if (endpoint.auth === 'client' && !options.clientKey) {
      throw new BrazeConfigError('this is a Device Messaging operation: pass a client-side REST API key as `clientKey` to createBrazeClient');
    }
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeout;
    // One signal per call: it fires on the timeout or on the caller's signal.
    const timeout = light ? new LightSignal() : new AbortController();
    const own = light ? (timeout as LightSignal) : (timeout as AbortController).signal;
    const deadline = deadlines.add(timeoutMs, timeout);
    const state: CallState = { deadline: Date.now() + timeoutMs, sent: false };
    const caller = callOptions.signal;
    const onCallerAbort = caller ? () => timeout.abort(caller.reason) : undefined;
    if (caller) {
      if (caller.aborted) onCallerAbort!();
      else caller.addEventListener('abort', onCallerAbort!, { once: true });
    }

    const init: Record<string, unknown> = {
      params: { path, query },
      headers:
        endpoint.auth === 'scim'
          ? { ...callOptions.headers, ...scimHeaders }
          : endpoint.auth === 'client'
            ? { ...callOptions.headers, Authorization: `Bearer ${options.clientKey}` }
            : callOptions.headers,
      signal: own,
      // The body is checked here, against the spec's JSON declaration, on both paths.
      parseAs: 'text',
      [OPERATION]: operationId,
      [IDEMPOTENT]: repeatable(endpoint, body),
      [CALL]: state,
    };
    if (json !== undefined) {
      init.body = json;
      init.bodySerializer = asIs;
    }

    let result: { data?: unknown; error?: unknown; response: Response };
    try {
      result = light && userMiddleware === 0 ? await fastSend(endpoint, path, query, json, init) : await (raw.request as any)(endpoint.method, endpoint.path, init);
    } catch (error) {
      if (error instanceof BrazeError) throw error;
      // An answer over maxResponseBytes (node-http.ts): Braze processed the request.
      if ((error as any)?.code === 'EBRAZE_TOO_LARGE') throw new BrazeResponseError({ ...(error as any), operationId, message: `${operationId}: ${(error as Error).message}`, rateLimit: {} });
      if (caller?.aborted) throw new BrazeAbortError(operationId, caller.reason, state.sent);
      if (own.aborted) throw new BrazeTimeoutError(operationId, timeoutMs, state.sent);
      throw new BrazeNetworkError(operationId, error, state.sent);
    } finally {
      deadlines.remove(deadline);
      if (onCallerAbort) caller!.removeEventListener('abort', onCallerAbort);
    }
    const { response } = result;
    // Built only for an error: a successful call skips reading the rate-limit headers.
    const details = () => ({ operationId, status: response.status, body: result.error, rateLimit: headerState(response.headers), sent: state.sent });
    if (response.status === 429) {
      const error = new BrazeRateLimitError(details());
      const reset = error.rateLimit.reset;
      (error as Error).message += reset ? `; not processed; try again after ${new Date(reset * 1000).toISOString()}` : '; not processed';
      throw error;
    }
    if (!response.ok) throw new BrazeApiError(details());
    let data = result.data as string | undefined;
    // Every operation but a 204 declares a JSON object: an empty, cut or non-JSON body is an error.
    if (!endpoint.empty || data) {
      try {
        data = JSON.parse(data!);
      } catch {
        data = undefined;
      }
      if (!data || typeof data !== 'object') {
        throw new BrazeResponseError({
          ...details(),
          body: undefined,
          message: `${operationId}: Braze answered ${response.status} with ${result.data ? 'a body that is not the declared JSON' : 'no body'}; the request may have been processed`,
        });
      }
    }
    return { data, response };
  }

  const client: Record<string, unknown> = {};
  for (const operationId of operationIds) {
    const dot = operationId.indexOf('.');
    const namespace = operationId.slice(0, dot);
    const group = (client[namespace] ??= {}) as Record<string, unknown>;
    group[operationId.slice(dot + 1)] = (input?: unknown, callOptions?: CallOptions) => call(operationId, input, callOptions);
  }
  Object.defineProperty(client, 'raw', { value: raw, enumerable: false });
  Object.defineProperty(client, 'baseUrl', { value: baseUrl, enumerable: true });
  Object.defineProperty(client, 'call', { value: call, enumerable: false });
  Object.defineProperty(client, 'rateLimit', {
    value: (operationId: OperationId) => limiter?.state(budgetOf(operationId), operationId),
    enumerable: false,
  });
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
  Object.defineProperty(client, 'bulk', {
    value: {
      track: (rows: never, o?: never) => loadBulk().then((b) => b.track(rows, o)),
      send: (id: never, items: never, o?: never) => loadBulk().then((b) => b.send(id, items, o)),
    },
    enumerable: false,
  });
  // Walks load their code on first use (dist/*/paginate.*, a chunk of its own), given the row and
  // this bundle's error classes.
  const errors = { BrazeError, BrazeResponseError };
  const walk = (operationId: PaginatedId, input: unknown, o: PaginateOptions | undefined) =>
    (async function* () {
      const [m, endpointOf] = await Promise.all([import('./paginate.js'), loadEndpoints()]);
      yield* m.paginate(send, errors, endpointOf(operationId), operationId, input, o);
    })();
  Object.defineProperty(client, 'paginate', { value: walk, enumerable: false });
  Object.defineProperty(client, 'collect', {
    value: async (operationId: PaginatedId, input?: unknown, o: PaginateOptions = {}) =>
      (await import('./paginate.js')).collect(walk(operationId, input, { ...o, maxItems: (o.maxItems ?? 10_000) + 1 }), errors, operationId, o.maxItems),
    enumerable: false,
  });
  return client as unknown as BrazeClient;
}
