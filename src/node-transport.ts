// The default transport on Node (loaded by transport.ts when a client is made): undici's `dispatch`
// on a keep-alive Pool per origin. undici is the fastest HTTP client on Node (bench/README.md:
// 1.2 to 1.5 times a keep-alive node:http loop here), and Node 20's global fetch spends most of a
// small call building WHATWG Request/Response objects and streams. The light response below gives
// the client what it reads (status, ok, headers.get, text) and nothing more.
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { createGunzip } from 'node:zlib';
import type { LightSignal, NodeSendOptions, Transport } from './transport.js';

export type { NodeSendOptions } from './transport.js';

type RawHeaders = Record<string, string | string[] | undefined>;

/** Response headers as undici gives them (lower-case names). */
class LightHeaders {
  constructor(private readonly raw: RawHeaders) {}
  get(name: string): string | null {
    // The client asks with lower-case names: no need to lower them first.
    const v = this.raw[name] ?? this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name: string): boolean {
    return this.get(name) !== null;
  }
  forEach(fn: (value: string, key: string) => void): void {
    for (const [k, v] of Object.entries(this.raw)) if (v !== undefined) fn(Array.isArray(v) ? v.join(', ') : v, k);
  }
}

/** What the client reads of a response: status, ok, headers and the text of the body. */
export class LightResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: LightHeaders;
  /** The whole text of the answer, already read (a standard Response's `body` is a stream instead). */
  readonly body: string;

  constructor(status: number, headers: RawHeaders, body: string) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.body = body;
    this.headers = new LightHeaders(headers);
  }
  get statusText(): string {
    return '';
  }
  async text(): Promise<string> {
    return this.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
  clone(): LightResponse {
    return this;
  }
}

/** The proxy for a target, from the environment, as curl reads it (NO_PROXY: `*`, hosts, `.domain`, `host:port`). */
export function proxyFromEnv(protocol: string, hostname: string, port: string, env: Record<string, string | undefined>): string | undefined {
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const proxy = protocol === 'https:' ? pick('HTTPS_PROXY') : pick('HTTP_PROXY');
  if (!proxy) return undefined;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const effectivePort = port || (protocol === 'https:' ? '443' : '80');
  for (let entry of (pick('NO_PROXY') ?? '').split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return undefined;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1].replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== effectivePort) continue;
    if (host === name || host.endsWith('.' + name)) return undefined;
  }
  return proxy;
}

const tooLarge = (max: number, status: number) =>
  Object.assign(new Error(`the answer is over maxResponseBytes (${max} bytes): reading stopped; the request was processed`), { code: 'EBRAZE_TOO_LARGE', status, limit: max });

/** A fetch-like function over undici: one keep-alive Pool per origin, proxies, gzip, a size cap. */
export function nodeSend(baseUrl?: string, options: NodeSendOptions = {}): Transport {
  // Every URL the client builds starts with its base URL: split that once, not on every call.
  const base = baseUrl ? new URL(baseUrl) : undefined;
  const baseHref = base ? base.href.replace(/\/+$/, '') : undefined;
  const basePath = base ? base.pathname.replace(/\/+$/, '') : '';
  const target = (href: string) => {
    if (base && baseHref && href.startsWith(baseHref) && (href.length === baseHref.length || href[baseHref.length] === '/' || href[baseHref.length] === '?')) {
      return { url: base, path: basePath + href.slice(baseHref.length) };
    }
    const url = new URL(href);
    return { url, path: url.pathname + url.search };
  };
  const maxBytes = options.maxResponseBytes ?? 100 * 1024 * 1024;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const dispatchers = new Map<string, Dispatcher>();
  // The dispatcher of an origin, decided on its first request: the caller's, a ProxyAgent (a
  // CONNECT tunnel for https targets, a forward request for http ones), else our Pool for it.
  const dispatcherOf = (url: URL): Dispatcher => {
    let d = dispatchers.get(url.origin);
    if (!d) {
      const proxy = options.dispatcher || options.proxy === false ? undefined : options.proxy || proxyFromEnv(url.protocol, url.hostname, url.port, env);
      d = (options.dispatcher as Dispatcher) ?? (proxy ? new ProxyAgent({ uri: proxy, proxyTunnel: url.protocol === 'https:' }) : new Pool(url.origin));
      dispatchers.set(url.origin, d);
    }
    return d;
  };

  return async (request) => {
    const { url, path } = target(request.url);
    const body = typeof request.body === 'string' || request.body === undefined || request.body === null ? (request.body ?? undefined) : await request.text();
    // The light request's headers are a plain map already (lower-case names): used as they are.
    let headers: Record<string, string> | undefined = (request.headers as { map?: Record<string, string> }).map;
    if (!headers) {
      headers = {};
      request.headers.forEach((value, key) => (headers![key] = value));
    }
    headers['accept-encoding'] ??= 'gzip';
    const signal = (request.signal ?? undefined) as AbortSignal | LightSignal | undefined;
    if (signal?.aborted) throw signal.reason;
    return exchange(dispatcherOf(url), { origin: url.origin, path, method: request.method as Dispatcher.HttpMethod, headers, body: body === '' ? undefined : body }, signal, maxBytes);
  };
}

/**
 * One request through undici's `dispatch` with a handler that gathers the answer in memory: the
 * `request` API would also build a Readable stream per answer, a large part of a small call's cost.
 * A signal that fires before the request reaches a socket keeps it from being written.
 */
function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AbortSignal | LightSignal | undefined, max: number): Promise<LightResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let status = 0;
    let headers: RawHeaders = {};
    let chunks: Buffer[] = [];
    let size = 0;
    let gunzip: import('node:zlib').Gunzip | undefined;
    let settled = false;
    const settle = (error: unknown, response?: LightResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const fail = (error: unknown) => {
      // Before undici handed the request to a socket (a failed connection or TLS handshake, a
      // request undici refused), nothing was written: the call may say `sent: false`.
      if (!controller && error && typeof error === 'object') (error as { unsent?: boolean }).unsent = true;
      if (controller && !controller.aborted) controller.abort(error as Error);
      gunzip?.destroy();
      settle(error);
    };
    // Aborted before undici handed the request to a socket (waiting for a connection): it was never
    // written, and the error says so (`EBRAZE_UNSENT`), so that the call reports `sent: false`.
    const onAbort = () => fail(controller ? signal!.reason : Object.assign(new Error('aborted before it was written'), { code: 'EBRAZE_UNSENT', cause: signal!.reason }));
    const push = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return fail(tooLarge(max, status));
      chunks.push(chunk);
    };
    const finish = () => {
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      chunks = [];
      settle(undefined, new LightResponse(status, gunzip ? { ...headers, 'content-encoding': undefined, 'content-length': String(size) } : headers, text));
    };
    signal?.addEventListener('abort', onAbort);
    dispatcher.dispatch(options, {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new Error('aborted'));
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders as RawHeaders;
        const encoding = headers['content-encoding'];
        if (typeof encoding === 'string' && /^\s*(x-)?gzip\s*$/i.test(encoding)) {
          gunzip = createGunzip();
          gunzip.on('data', push);
          gunzip.on('end', finish);
          gunzip.on('error', fail);
        } else if (Number(headers['content-length']) > max) fail(tooLarge(max, status));
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        if (gunzip) gunzip.write(chunk);
        else push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        if (gunzip) gunzip.end();
        else finish();
      },
      onResponseError(_c, error) {
        fail(error);
      },
    });
  });
}
