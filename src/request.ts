// From a call's input to the request it sends: the input split into path, query and body, every
// check that runs before anything leaves the process (path segments, documented limits, required
// fields, the 4 MB cap), whether the request may be repeated, and the URL and headers.
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { Endpoint } from './endpoints.js';
import { BrazeValidationError } from './errors.js';
import { LightRequest, LightRequestHeaders } from './transport.js';

/** Braze refuses bodies over 4 MB with a 413; we refuse them first. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

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

/**
 * Whether repeating this exact request cannot change the outcome: the spec's x-braze-idempotent,
 * or for an operation with x-braze-idempotent-body, a body that holds none of its operators (`inc`,
 * `$add`...) at any depth and none of its non-repeatable arrays (events, purchases). The operators
 * are looked for in the body's JSON text (`"inc":` only appears there as a key, or escaped inside a
 * string, which errs on the safe side) instead of walking the body.
 */
export function repeatable(endpoint: Endpoint, body: unknown, json: string): boolean {
  const rule = endpoint.idempotentBody;
  if (!rule) return endpoint.idempotent;
  if (!body || typeof body !== 'object' || rule.nonEmpty?.some((f) => (body as any)[f]?.length)) return false;
  const keys = rule.keys ?? [];
  let pattern = operators.get(rule);
  if (!pattern) operators.set(rule, (pattern = new RegExp(`"(?:${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})":`)));
  return !keys.length || !pattern.test(json);
}

/** Per rule of x-braze-idempotent-body: one pattern that finds any of its operators as a key in JSON text. */
const operators = new WeakMap<object, RegExp>();

/**
 * Refuses a caller's header that cannot be sent as written: a name that is not an HTTP token, or a
 * value with a line break or a NUL (which would also let one header write another).
 */
export function checkHeaders(operationId: string, headers: Record<string, string> | undefined): void {
  for (const name in headers) {
    const problem = !/^[\w!#$%&'*+.^`|~-]+$/.test(name) ? 'is not a valid header name' : /[\r\n\0]/.test(String(headers[name] ?? '')) ? 'holds a line break or a NUL' : '';
    if (problem) throw new BrazeValidationError(`${operationId}: headers.${name} ${problem}`, { operationId, field: `headers.${name}` });
  }
}

/** True when `o` has one of `keys` set (not undefined, null or false). */
function names(o: any, keys: readonly string[]): boolean {
  for (const key of keys) if (o[key] !== undefined && o[key] !== null && o[key] !== false) return true;
  return false;
}

/** Stops a body that breaks a documented per-request limit before it is sent. */
export function checkBody(operationId: string, endpoint: Endpoint, body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    // Plain loops: this runs on every call, and allocates nothing unless it throws.
    for (const field in endpoint.arrayLimits) {
      const max = endpoint.arrayLimits[field];
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
    if (endpoint.requireOne && !names(body, endpoint.requireOne)) {
      throw new BrazeValidationError(`${operationId}: body needs one of ${endpoint.requireOne.join(', ')}`, { operationId, field: 'body' });
    }
    for (const field in endpoint.itemsRequireOne) {
      const keys = endpoint.itemsRequireOne[field];
      const items = (body as Record<string, unknown>)[field];
      if (!Array.isArray(items)) continue;
      for (let i = 0; i < items.length; i++) {
        if (items[i] && typeof items[i] === 'object' && !names(items[i], keys)) {
          throw new BrazeValidationError(`${operationId}: body.${field}[${i}] names no user: it needs one of ${keys.join(', ')}`, { operationId, field: `body.${field}[${i}]` });
        }
      }
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

/** The input of a method as openapi-fetch's `{ path, query, body }`: operations with one part take it bare. */
export function splitInput(endpoint: Endpoint, input: any): { path?: any; query?: any; body?: any } {
  if (endpoint.pathParams.length > 0) return input ?? {};
  if (endpoint.body && endpoint.query) return input ?? {};
  if (endpoint.body) return { body: input };
  if (endpoint.query) return { query: input };
  return {};
}

const querySerializer = createQuerySerializer();

/**
 * The request of a call, built as openapi-fetch builds it (its own URL serializers) but with a
 * plain header map and the light Request: openapi-fetch's WHATWG Headers and middleware loop cost
 * a fifth to a quarter of a small call (bench/README.md). With middleware added to `braze.raw`,
 * client.ts lets openapi-fetch build the request instead.
 */
export function buildRequest(
  baseUrl: string,
  endpoint: Endpoint,
  path: unknown,
  query: unknown,
  json: string | undefined,
  /** Headers with lower-case names (the key, the User-Agent). */
  base: Record<string, string>,
  caller: Record<string, string> | undefined,
  signal: unknown,
): LightRequest {
  // Most calls have neither path parameters nor a query: their URL is the base and the template.
  const url = path || query ? createFinalURL(endpoint.path, { baseUrl, params: { path, query } as never, querySerializer, pathSerializer: defaultPathSerializer }) : baseUrl + endpoint.path;
  const headers = new LightRequestHeaders(base);
  if (json !== undefined) headers.map['content-type'] = 'application/json';
  if (caller) for (const name in caller) if (caller[name] !== undefined) headers.set(name, caller[name]);
  return new LightRequest(url, { method: endpoint.method, headers, body: json, signal: signal as never });
}
