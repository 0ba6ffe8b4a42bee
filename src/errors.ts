// Errors a caller can tell apart with `instanceof`. None of them ever holds the API key or the
// SCIM token: they are built from the operation, the status and Braze's answer only, and the
// request (whose headers carry the key) is never attached.

/** The X-RateLimit-* state Braze reported with an answer, when it did. */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** When the window resets, in UTC epoch seconds (from X-RateLimit-Reset, else from Retry-After). */
  reset?: number;
  /** Braze's Retry-After, in seconds, when it sent one. */
  retryAfter?: number;
}

/** Base class of every error this library throws. */
export class BrazeError extends Error {
  override name = 'BrazeError';
  /** The operation being called (`users.track`), when the error belongs to one. */
  readonly operationId?: string;
  /**
   * Whether Braze may have processed the request. `false`: it surely did not (the request never
   * left the process, the connection was refused, or Braze refused every attempt with a 429), so
   * sending it again cannot duplicate anything. `true`: it reached Braze and may have landed.
   */
  readonly sent: boolean;

  constructor(message: string, options: { operationId?: string; cause?: unknown; sent?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.operationId) this.operationId = options.operationId;
    this.sent = options.sent === true;
  }

  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...own } = { ...this } as Record<string, unknown>;
    return { name: this.name, message: this.message, ...own };
  }
}

/** The options given to `createBrazeClient` cannot work (missing key, unknown instance...). */
export class BrazeConfigError extends BrazeError {
  override name = 'BrazeConfigError';
}

/** A request broke a documented limit and was stopped before it left the process. */
export class BrazeValidationError extends BrazeError {
  override name = 'BrazeValidationError';
  /** Where in the input the problem is (`body.attributes`, `body`). */
  readonly field: string;
  /** The limit that was broken, as a number when there is one (75, 4194304). */
  readonly limit?: number;
  /** What was found (76 items, 5 MB...). */
  readonly actual?: number;

  constructor(message: string, details: { operationId?: string; field: string; limit?: number; actual?: number; message?: string }) {
    super(message, { operationId: details.operationId });
    this.field = details.field;
    if (details.limit !== undefined) this.limit = details.limit;
    if (details.actual !== undefined) this.actual = details.actual;
  }
}

/** Braze answered with a 4xx or 5xx status (or a 2xx whose body is not what the spec declares: BrazeResponseError). */
export class BrazeApiError extends BrazeError {
  override name = 'BrazeApiError';
  readonly status: number;
  /** Braze's `message`, or the start of the body when it was not JSON. */
  readonly brazeMessage?: string;
  /** Braze's `errors` list, when it sent one. */
  readonly errors?: unknown[];
  readonly rateLimit: RateLimitState;

  constructor(details: { operationId: string; status: number; body: unknown; rateLimit: RateLimitState; message?: string; sent?: boolean }) {
    const body = details.body as { message?: unknown; errors?: unknown } | string | undefined;
    const brazeMessage = typeof body === 'string' ? body.slice(0, 200) : typeof body?.message === 'string' ? body.message : undefined;
    super(details.message ?? `${details.operationId}: Braze answered ${details.status}${brazeMessage ? `: ${brazeMessage}` : ''}`, {
      operationId: details.operationId,
      sent: details.sent ?? true,
    });
    this.status = details.status;
    if (brazeMessage !== undefined) this.brazeMessage = brazeMessage;
    if (typeof body === 'object' && body && Array.isArray(body.errors)) this.errors = body.errors;
    this.rateLimit = details.rateLimit;
  }
}

/**
 * Braze answered 429 and the reset is further away than the client may wait (`maxRateLimitWaitMs`
 * or what is left of the call's timeout), or the retries allowed were used up; or an earlier 429
 * blocked the budget until `rateLimit.reset` and this call was not sent at all (`sent: false`).
 */
export class BrazeRateLimitError extends BrazeApiError {
  override name = 'BrazeRateLimitError';
}

/**
 * Braze answered 2xx, but the body is not the JSON the spec declares for the operation (empty,
 * not JSON, cut short), or a paginated walk repeats itself. The request reached Braze (`sent: true`).
 */
export class BrazeResponseError extends BrazeApiError {
  override name = 'BrazeResponseError';
}

/**
 * The call ran out of its `timeoutMs`. With `sent: false` it never left the process (it was still
 * queued by the rate limiter or waiting to retry); with `sent: true` Braze did not answer in time
 * and the request may have been processed.
 */
export class BrazeTimeoutError extends BrazeError {
  override name = 'BrazeTimeoutError';
  readonly timeoutMs: number;
  constructor(operationId: string, timeoutMs: number, sent = true) {
    super(
      sent
        ? `${operationId}: no answer from Braze within ${timeoutMs} ms; the request may have been processed`
        : `${operationId}: not sent within ${timeoutMs} ms (waiting for the rate limit, a retry or a connection); nothing reached Braze`,
      { operationId, sent },
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired; `sent` says whether the request had left the process. `cause` is the signal's reason. */
export class BrazeAbortError extends BrazeError {
  override name = 'BrazeAbortError';
  constructor(operationId: string, reason: unknown, sent: boolean) {
    super(`${operationId}: aborted by the caller${reason instanceof Error ? ` (${reason.message})` : ''}; ${sent ? 'the request may have been processed' : 'not sent'}`, { operationId, cause: reason, sent });
  }
}

/** The connection failed (refused, reset, DNS...). `sent: false` when it was refused (nothing left). */
export class BrazeNetworkError extends BrazeError {
  override name = 'BrazeNetworkError';
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`). */
  readonly code?: string;
  constructor(operationId: string, cause: unknown, sent = true) {
    const code = networkCode(cause);
    super(`${operationId}: network failure${code ? ` (${code})` : ''}${sent ? '' : '; not sent'}`, { operationId, sent });
    if (code) this.code = code;
  }
}

/**
 * The system error code of a failure (`ECONNRESET`...), from the error or its causes (undici nests
 * it). undici's own "the other side closed the socket" (`UND_ERR_SOCKET`, a peer that hung up
 * before the whole answer came) is the reset node:http reports as `ECONNRESET`.
 */
export function networkCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code === 'UND_ERR_SOCKET' ? (networkCode(e.cause) ?? 'ECONNRESET') : e.code;
  }
  return undefined;
}
