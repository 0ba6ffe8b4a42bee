// Errors a caller can tell apart with `instanceof`. None of them ever holds the API key or the
// SCIM token: they are built from the operation, the status and Braze's answer only, and the
// request (whose headers carry the key) is never attached.

/** The X-RateLimit-* state Braze reported with an answer, when it did. */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** When the window resets, in UTC epoch seconds. */
  reset?: number;
}

/** Base class of every error this library throws. */
export class BrazeError extends Error {
  override name = 'BrazeError';
  /** The operation being called (`users.track`), when the error belongs to one. */
  readonly operationId?: string;

  constructor(message: string, options: { operationId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.operationId) this.operationId = options.operationId;
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

/** Braze answered with a 4xx or 5xx status. */
export class BrazeApiError extends BrazeError {
  override name = 'BrazeApiError';
  readonly status: number;
  /** Braze's `message`, or the start of the body when it was not JSON. */
  readonly brazeMessage?: string;
  /** Braze's `errors` list, when it sent one. */
  readonly errors?: unknown[];
  readonly rateLimit: RateLimitState;

  constructor(details: { operationId: string; status: number; body: unknown; rateLimit: RateLimitState; message?: string }) {
    const body = details.body as { message?: unknown; errors?: unknown } | string | undefined;
    const brazeMessage = typeof body === 'string' ? body.slice(0, 200) : typeof body?.message === 'string' ? body.message : undefined;
    super(details.message ?? `${details.operationId}: Braze answered ${details.status}${brazeMessage ? `: ${brazeMessage}` : ''}`, {
      operationId: details.operationId,
    });
    this.status = details.status;
    if (brazeMessage !== undefined) this.brazeMessage = brazeMessage;
    if (typeof body === 'object' && body && Array.isArray(body.errors)) this.errors = body.errors;
    this.rateLimit = details.rateLimit;
  }
}

/** Braze kept answering 429 and the retries allowed were used up. */
export class BrazeRateLimitError extends BrazeApiError {
  override name = 'BrazeRateLimitError';
}

/** No answer came within the time allowed. The request may or may not have reached Braze. */
export class BrazeTimeoutError extends BrazeError {
  override name = 'BrazeTimeoutError';
  readonly timeoutMs: number;
  constructor(operationId: string, timeoutMs: number) {
    super(`${operationId}: no answer from Braze within ${timeoutMs} ms`, { operationId });
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS...). Whether Braze saw the request is unknown. */
export class BrazeNetworkError extends BrazeError {
  override name = 'BrazeNetworkError';
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`). */
  readonly code?: string;
  constructor(operationId: string, cause: unknown) {
    const code = networkCode(cause);
    super(`${operationId}: network failure${code ? ` (${code})` : ''}`, { operationId });
    if (code) this.code = code;
  }
}

function networkCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}
