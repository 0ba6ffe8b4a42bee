// The `onRequest`/`onResponse` hooks around each attempt, for any transport (ours, the caller's
// fetch, the global fetch). A file of its own, loaded on the first call when hooks are given, so
// that the core stays small.
import type { Transport } from './transport.js';
import type { HookInfo, Logger } from './retry.js';

/**
 * The transport with `onRequest`/`onResponse` around each attempt (any transport: this one, the
 * caller's fetch, the global fetch). Lives here, loaded on first use, to keep the core small. The
 * info never holds a header (so never the key); the body only with `includeBody`.
 */
export function instrument(
  transport: Transport,
  options: { onRequest?: (info: HookInfo) => void; onResponse?: (info: HookInfo) => void; hooks?: { includeBody?: boolean }; log?: Logger },
  rateLimitOf: (headers: { get(name: string): string | null }) => HookInfo['rateLimit'],
): Transport {
  const includeBody = options.hooks?.includeBody;
  const log = options.log ?? {};
  const fire = (name: 'onRequest' | 'onResponse', info: HookInfo) => {
    try {
      options[name]?.(info);
    } catch (error) {
      // A hook that throws must not break the call.
      log.warn?.(`${name} hook threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (async (request: any, ctx: { operationId: string; path?: string; attempt: number }) => {
    const url: string = request.url;
    const q = url.indexOf('?');
    const info: HookInfo = {
      operationId: ctx.operationId,
      method: request.method,
      ...(ctx.path ? { path: ctx.path } : {}),
      urlPath: (q < 0 ? url : url.slice(0, q)).replace(/^[a-z]+:\/\/[^/]*/i, ''),
      attempt: ctx.attempt,
    };
    // A standard Request's body is a stream: read a copy of it.
    const sent = !includeBody || request.body == null ? undefined : typeof request.body === 'string' ? request.body : await request.clone().text();
    fire('onRequest', sent === undefined ? { ...info } : { ...info, body: sent });
    const started = performance.now();
    let response: any;
    try {
      response = await transport(request);
    } catch (error: any) {
      fire('onResponse', { ...info, durationMs: Math.round(performance.now() - started), error: error?.code ?? (request.signal?.aborted ? 'aborted' : error?.name ?? 'error') });
      throw error;
    }
    const body = includeBody ? await (response.clone ? response.clone() : response).text().catch(() => undefined) : undefined;
    fire('onResponse', {
      ...info,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
      rateLimit: rateLimitOf(response.headers),
      ...(body === undefined ? {} : { body }),
    });
    return response;
  }) as Transport;
}
