// The default transport on Node (loaded by transport.ts on the first call): undici's `request`
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
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
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
  private readonly raw: string;

  constructor(status: number, headers: RawHeaders, body: string) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.raw = body;
    this.headers = new LightHeaders(headers);
  }
  get statusText(): string {
    return '';
  }
  async text(): Promise<string> {
    return this.raw;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.raw);
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

/** Reads a body stream to text, gunzipping it when asked, and stops past `max` bytes. */
async function readBody(body: Dispatcher.ResponseData['body'], gzip: boolean, max: number, status: number): Promise<{ text: string; size: number }> {
  const stream: AsyncIterable<Buffer> & { destroy(error?: Error): void } = gzip ? (body.pipe(createGunzip()) as never) : (body as never);
  if (gzip) body.on('error', (error) => stream.destroy(error));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      if (gzip) body.destroy();
      throw tooLarge(max, status);
    }
    chunks.push(chunk);
  }
  return { text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'), size };
}

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
    const res = await dispatcherOf(url).request({
      origin: url.origin,
      path,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: body === '' ? undefined : body,
      // undici takes anything with addEventListener/removeEventListener and `aborted`: the client's LightSignal too.
      signal: signal as never,
    });
    const encoding = res.headers['content-encoding'];
    const gzip = typeof encoding === 'string' && /^\s*(x-)?gzip\s*$/i.test(encoding);
    const length = Number(res.headers['content-length']);
    if (!gzip && length > maxBytes) {
      res.body.destroy();
      throw tooLarge(maxBytes, res.statusCode);
    }
    // A small plain answer of a known length (the usual case) is read in one go.
    if (!gzip && length >= 0) return new LightResponse(res.statusCode, res.headers, await res.body.text());
    const { text, size } = await readBody(res.body, gzip, maxBytes, res.statusCode);
    return new LightResponse(res.statusCode, gzip ? { ...res.headers, 'content-encoding': undefined, 'content-length': String(size) } : res.headers, text);
  };
}
