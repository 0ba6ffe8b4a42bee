// From an answer (or a failure to get one) to what a call gives: the parsed data, or the typed
// error that says what happened and whether the request may have been processed (`sent`).
import type { Endpoint } from './endpoints.js';
import { BrazeAbortError, BrazeApiError, BrazeError, BrazeNetworkError, BrazeRateLimitError, BrazeResponseError, BrazeTimeoutError } from './errors.js';
import { headerState, type CallState } from './retry.js';

/** What the send stage gives: the text of a 2xx, the parsed body (or text) of an error, and the answer. */
export interface Sent {
  data?: unknown;
  error?: unknown;
  response: { status: number; ok: boolean; headers: { get(name: string): string | null; forEach(fn: (value: string, name: string) => void): void } };
}

/** The error for a call that got no answer: aborted by the caller, timed out, or a network failure. */
export function failure(error: unknown, operationId: string, state: CallState, timeoutMs: number, caller: AbortSignal | undefined, own: { aborted: boolean }): Error {
  if (error instanceof BrazeError) return error;
  // An answer over maxResponseBytes (node-transport.ts): Braze processed the request.
  if ((error as any)?.code === 'EBRAZE_TOO_LARGE') return new BrazeResponseError({ ...(error as any), operationId, message: `${operationId}: ${(error as Error).message}`, rateLimit: {} });
  if (caller?.aborted) return new BrazeAbortError(operationId, caller.reason, state.sent);
  if (own.aborted) return new BrazeTimeoutError(operationId, timeoutMs, state.sent);
  return new BrazeNetworkError(operationId, error, state.sent);
}

/** The data of an answer, or its typed error: a 429, another non-2xx, or a 2xx without its declared JSON body. */
export function result(operationId: string, endpoint: Endpoint, sent: Sent, state: CallState): unknown {
  const { response } = sent;
  // Built only for an error: a successful call skips reading the rate-limit headers.
  const details = () => ({ operationId, status: response.status, body: sent.error, rateLimit: headerState(response.headers), sent: state.sent });
  if (response.status === 429) {
    const error = new BrazeRateLimitError(details());
    const reset = error.rateLimit.reset;
    (error as Error).message += reset ? `; not processed; try again after ${new Date(reset * 1000).toISOString()}` : '; not processed';
    throw error;
  }
  if (!response.ok) throw new BrazeApiError(details());
  const text = sent.data as string | undefined;
  // Every operation but a 204 declares a JSON object: an empty, cut or non-JSON body is an error.
  if (endpoint.empty && !text) return text;
  let data: unknown;
  try {
    data = JSON.parse(text!);
  } catch {
    data = undefined;
  }
  if (!data || typeof data !== 'object') {
    throw new BrazeResponseError({
      ...details(),
      body: undefined,
      message: `${operationId}: Braze answered ${response.status} with ${text ? 'a body that is not the declared JSON' : 'no body'}; the request may have been processed`,
    });
  }
  return data;
}

/** As openapi-fetch with `parseAs: 'text'`: the text of a 2xx, the parsed body (else the text) of an error. */
export async function read(response: Sent['response'] & { text(): Promise<string>; body?: unknown }): Promise<Sent> {
  // The Node transport's answer holds its text already (`body`): no await for it.
  const text = response.status === 204 ? undefined : typeof response.body === 'string' ? response.body : await response.text();
  if (response.ok) return { data: text, response };
  let error: unknown = text;
  try {
    error = JSON.parse(text!);
  } catch {
    // not JSON: keep the text
  }
  return { error, response };
}
