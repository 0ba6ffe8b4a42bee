// The fetch that openapi-fetch calls, below its middleware: paces each request with the rate
// limiter, sends it, and retries when that cannot duplicate data.
// - 429: Braze refused the request without processing it, so any operation is retried, after the
//   reset time Braze gives (X-RateLimit-Retry-After, X-RateLimit-Reset, or Retry-After), if that
//   wait is under the cap.
// - 5xx, dropped connections: the request may have been processed. Only operations the spec marks
//   `x-braze-idempotent: true` are retried, with exponential backoff and full jitter.
// - A request that never reached a socket (a refused connection, a failed TLS handshake) never
//   carried anything, so it is retried for any operation; one whose call timed out while it waited
//   for a connection is reported as not sent.
import type { OperationId } from '../generated/endpoints.js';
import { loadEndpoints, loadedEndpoints } from './operations.js';
import type { RateLimiter } from './limiter.js';
import type { Transport } from './transport.js';
import { networkCode, type RateLimitState } from './errors.js';

export interface RetryInfo {
  operationId: string;
  /** 1 for the first retry. */
  attempt: number;
  reason: 'rate-limited' | 'server-error' | 'network';
  status?: number;
  /** The system error code for network failures (`ECONNRESET`...). */
  code?: string;
  delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 3). 0 turns retries off. */
  retries?: number;
  /**
   * Longest wait for a rate-limit reset before giving up, in ms (default 60,000). A wait is also
   * never longer than what is left of the call's `timeoutMs`: a reset further away than either
   * fails the call at once with a BrazeRateLimitError that says when to come back.
   */
  maxRateLimitWaitMs?: number;
  /** First backoff step for 5xx and network retries, in ms (default 500), doubled each time. */
  baseDelayMs?: number;
  /** Longest backoff step, in ms (default 20,000). */
  maxDelayMs?: number;
  /** Called before each retry: log it, count it. */
  onRetry?: (info: RetryInfo) => void;
}

/** What `onRequest` and `onResponse` receive, once per attempt. Never the key; the body only with `hooks: { includeBody: true }`. */
export interface HookInfo {
  /** The operation (`users.track`), or `METHOD url` for a raw call that matches none. */
  operationId: string;
  method: string;
  /** The path template (`/catalogs/{catalog_name}`), when the operation is known. */
  path?: string;
  /** The path that was requested, without the query string. */
  urlPath: string;
  /** 1 for the first attempt, 2 for the first retry... */
  attempt: number;
  /** onResponse: Braze's status; absent when the attempt failed without an answer (see `error`). */
  status?: number;
  /** onResponse: time of the attempt, from sending to the end of the answer (or the failure), in ms. */
  durationMs?: number;
  /** onResponse: the X-RateLimit-* and Retry-After state of the answer. */
  rateLimit?: RateLimitState;
  /** onResponse: why the attempt failed without an answer (`ECONNRESET`, `EBRAZE_TOO_LARGE`, `aborted`). */
  error?: string;
  /** With `hooks.includeBody`: the request body (onRequest) or the answer's text (onResponse). */
  body?: string;
}

/** A logger as octokit takes it; every method is optional. Lines never carry the key or a body. */
export interface Logger {
  debug?: (message: string) => void;
  info?: (message: string) => void;
  warn?: (message: string) => void;
  error?: (message: string) => void;
}

/** Request objects carry the operation they belong to (set by the client; found by route otherwise). */
export const OPERATION = 'brazeOperation';
/** Set by the client to true or false: whether this request is safe to repeat (see repeatable()). */
export const IDEMPOTENT = 'brazeIdempotent';
/** Set by the client: the call's state, shared by all its attempts (see CallState). */
export const CALL = 'brazeCall';

export interface CallState {
  /** Epoch ms at which the call times out. */
  deadline: number;
  /** Set once an attempt may have been processed by Braze (it left, and was not refused or answered 429). */
  sent: boolean;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A header as a number: undefined when it is missing, empty or not a number. */
function num(headers: { get(name: string): string | null }, name: string): number | undefined {
  const v = headers.get(name);
  return v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
}

function rateLimitWait(headers: { get(name: string): string | null }, now: number): number | undefined {
  // The Device Messaging API sends the wait itself, and asks that it be preferred to the reset time.
  const wait = num(headers, 'x-ratelimit-retry-after');
  if (wait !== undefined && Number.isFinite(wait)) return Math.max(0, wait * 1000);
  const reset = num(headers, 'x-ratelimit-reset');
  if (reset !== undefined) return Math.max(0, reset * 1000 - now);
  const seconds = num(headers, 'retry-after');
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(headers.get('retry-after') ?? '');
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The X-RateLimit-* headers, and Retry-After (seconds or a date), which gives `reset` when
 * X-RateLimit-Reset is missing. Only the values Braze sent: it is also the `rateLimit` of errors and hooks.
 */
export function headerState(headers: { get(name: string): string | null }, now = Date.now()): RateLimitState {
  const state: RateLimitState = {};
  for (const key of ['limit', 'remaining', 'reset'] as const) {
    const value = num(headers, `x-ratelimit-${key}`);
    if (value !== undefined) state[key] = value;
  }
  const after = headers.get('retry-after');
  if (after) {
    const seconds = Math.ceil(Number.isNaN(Number(after)) ? (Date.parse(after) - now) / 1000 : Number(after));
    if (seconds >= 0) {
      state.retryAfter = seconds;
      state.reset ??= Math.ceil(now / 1000) + seconds;
    }
  }
  return state;
}

export function retryingFetch(options: {
  transport: Transport;
  baseUrl: string;
  limiter?: RateLimiter;
  retry: RetryOptions | false;
  /** Set when onRequest/onResponse are given: the transport then gets each attempt's HookInfo as a second argument. */
  hooked?: boolean;
  /** The SCIM token's headers, set on SCIM operations' requests (raw calls come here without them). */
  scimHeaders?: Record<string, string>;
}): (request: any) => Promise<any> {
  const { transport, limiter } = options;
  const retry = options.retry === false ? { retries: 0 } : options.retry;
  const retries = retry.retries ?? 3;
  const maxWait = retry.maxRateLimitWaitMs ?? 60_000;
  const base = retry.baseDelayMs ?? 500;
  const maxDelay = retry.maxDelayMs ?? 20_000;
  // Raw calls are matched to their operation by method and path, by the full table's module.
  let route: ((method: string, url: string) => OperationId | undefined) | undefined;

  return async function brazeFetch(request) {
    const endpointOf = loadedEndpoints() ?? (await loadEndpoints());
    const operationId: OperationId | undefined = request[OPERATION] ?? (route ??= (await import('./endpoints.js')).routeMatcher(options.baseUrl))(request.method, request.url);
    const endpoint = operationId ? endpointOf(operationId) : undefined;
    const name = operationId ?? `${request.method} ${request.url}`;
    if (endpoint?.auth === 'scim' && options.scimHeaders) for (const key in options.scimHeaders) request.headers.set(key, options.scimHeaders[key]);
    const idempotent: boolean = request[IDEMPOTENT] ?? endpoint?.idempotent === true;
    const limit = endpoint?.rateLimit;
    const signal: AbortSignal | undefined = request.signal ?? undefined;
    const call: CallState = request[CALL] ?? { deadline: Infinity, sent: false };
    // How long this call may still wait for a rate-limit reset.
    const waitCap = () => Math.min(maxWait, call.deadline - Date.now());
    // A standard Request's body can be read once: keep a pristine copy for retries.
    const resend = typeof request.clone === 'function' && retries > 0 && !(request.body === undefined || typeof request.body === 'string');

    for (let attempt = 0; ; attempt++) {
      // A budget with room answers at once, without a promise: no await then.
      const wait = limiter && endpoint ? limiter.acquire(limit, name, signal, waitCap()) : undefined;
      if (wait) await wait;
      if (signal?.aborted) throw signal.reason;
      let response: any;
      try {
        response = await (transport as any)(resend ? request.clone() : request, options.hooked ? { operationId: name, path: endpoint?.path, attempt: attempt + 1 } : undefined);
      } catch (error) {
        const code = networkCode(error);
        // Once handed to the connection, the request may have been processed, unless it was refused
        // or aborted while it waited for one.
        // The transport marks a request that never reached a socket (`unsent`).
        const unsent = code === 'ECONNREFUSED' || (error as { unsent?: boolean })?.unsent === true;
        if (!unsent) call.sent = true;
        // An answer over maxResponseBytes (it was processed) is never asked for again.
        if (signal?.aborted || code === 'EBRAZE_TOO_LARGE') throw error;
        // A request that never reached a socket may be sent again; anything else may have been processed.
        const safe = unsent || idempotent;
        if (!safe || attempt >= retries) throw error;
        const delayMs = Math.round(Math.random() * Math.min(maxDelay, base * 2 ** attempt));
        retry.onRetry?.({ operationId: name, attempt: attempt + 1, reason: 'network', ...(code ? { code } : {}), delayMs });
        await sleep(delayMs, signal);
        continue;
      }
      const status: number = response.status;
      if (status !== 429) call.sent = true;
      if (limiter && endpoint) limiter.observe(limit, name, headerState(response.headers), status);
      if (attempt >= retries) return response;
      if (status === 429) {
        const wait = rateLimitWait(response.headers, Date.now()) ?? Math.min(maxDelay, base * 2 ** attempt);
        if (wait + 300 > waitCap()) return response;
        // Reset times are in whole seconds: add a little so that we land after the window turns.
        const delayMs = Math.round(wait + 50 + Math.random() * 250);
        retry.onRetry?.({ operationId: name, attempt: attempt + 1, reason: 'rate-limited', status, delayMs });
        await response.text?.().catch(() => undefined);
        await sleep(delayMs, signal);
        continue;
      }
      if (status >= 500 && idempotent) {
        const delayMs = Math.round(Math.random() * Math.min(maxDelay, base * 2 ** attempt));
        retry.onRetry?.({ operationId: name, attempt: attempt + 1, reason: 'server-error', status, delayMs });
        await response.text?.().catch(() => undefined);
        await sleep(delayMs, signal);
        continue;
      }
      return response;
    }
  };
}
