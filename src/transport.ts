// The default transport on Node: requests go straight to node:http(s) over keep-alive sockets.
// On Node 20 the global fetch spends most of a small call building WHATWG Request/Response objects
// and streams; for a client whose calls are small JSON bodies that is the bulk of the cost. These
// light classes give openapi-fetch what it uses (url, method, headers, body, signal; status, ok,
// headers.get, text, json) and nothing more. Other runtimes, and callers who pass their own
// `fetch`, keep the standard fetch.

type NodeHttp = typeof import('node:http');

/** Request headers as a plain object (lower-case names), for requests the client builds itself. */
export class LightRequestHeaders {
  private readonly map: Record<string, string> = Object.create(null);
  constructor(init?: Record<string, string | undefined>) {
    if (init) for (const name in init) if (init[name] !== undefined) this.map[name.toLowerCase()] = init[name]!;
  }
  get(name: string): string | null {
    return this.map[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return name.toLowerCase() in this.map;
  }
  set(name: string, value: string): void {
    this.map[name.toLowerCase()] = String(value);
  }
  delete(name: string): void {
    delete this.map[name.toLowerCase()];
  }
  forEach(fn: (value: string, name: string) => void): void {
    for (const name in this.map) fn(this.map[name], name);
  }
}

/** A Request stand-in, given to openapi-fetch as its `Request` class. */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers | LightRequestHeaders;
  readonly body: string | undefined;
  readonly signal: AbortSignal | LightSignal | undefined;

  constructor(url: string | URL, init: { method?: string; headers?: HeadersInit | LightRequestHeaders; body?: unknown; signal?: AbortSignal | LightSignal | null } = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers || init.headers instanceof LightRequestHeaders ? init.headers : new Headers(init.headers);
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('the Node transport sends JSON text bodies only; pass `fetch` to send other bodies');
    }
    this.body = (init.body as string | null | undefined) ?? undefined;
    this.signal = init.signal ?? undefined;
  }

  clone(): LightRequest {
    const headers = new LightRequestHeaders();
    this.headers.forEach((value, name) => headers.set(name, value));
    return new LightRequest(this.url, { method: this.method, headers, body: this.body, signal: this.signal });
  }
  async text(): Promise<string> {
    return this.body ?? '';
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body ?? '');
  }
}

/** Response headers as node:http gives them (lower-case names). */
class LightHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}
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

/** What openapi-fetch reads of a response. */
export class LightResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: LightHeaders;
  private readonly raw: string;

  constructor(status: number, headers: Record<string, string | string[] | undefined>, body: string) {
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

/**
 * An AbortSignal stand-in for the Node transport: the client makes one per call for its timeout,
 * and Node's AbortController and EventTarget cost more than a small call itself. It has what the
 * transport, the retry sleeps and the rate limiter use: `aborted`, `reason`, and listeners.
 */
export class LightSignal {
  aborted = false;
  reason: unknown;
  private listeners: (() => void)[] = [];
  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new Error('This operation was aborted');
    for (const listener of this.listeners.splice(0)) listener();
  }
}

export type Transport = (request: LightRequest | Request) => Promise<LightResponse | Response>;

/** True on Node.js (not Deno, Bun or a browser), where the node:http transport is used. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: Record<string, string> } }).process;
  return Boolean(p?.versions?.node) && !p?.versions?.bun && !(globalThis as { Deno?: unknown }).Deno;
}

/** A fetch-like function over node:http(s) with one keep-alive agent per protocol. */
export function nodeTransport(baseUrl?: string): Transport {
  // Every URL the client builds starts with its base URL: parse that once, not on every call.
  const base = baseUrl ? new URL(baseUrl) : undefined;
  const baseHref = base ? base.href.replace(/\/+$/, '') : undefined;
  const target = (href: string) => {
    if (base && baseHref && href.startsWith(baseHref) && (href.length === baseHref.length || href[baseHref.length] === '/' || href[baseHref.length] === '?')) {
      return { protocol: base.protocol, hostname: base.hostname, port: base.port, path: base.pathname.replace(/\/+$/, '') + href.slice(baseHref.length) };
    }
    const url = new URL(href);
    return { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search };
  };
  let modules: Promise<{ http: NodeHttp; https: NodeHttp; agents: Record<string, unknown> }> | undefined;
  // Specifiers in variables keep browser bundlers from trying to resolve Node built-ins.
  const httpName = 'node:http';
  const httpsName = 'node:https';
  const load = () =>
    (modules ??= Promise.all([import(httpName), import(httpsName)]).then(([http, https]) => ({
      http: http as NodeHttp,
      https: https as NodeHttp,
      agents: {
        'http:': new http.Agent({ keepAlive: true }),
        'https:': new https.Agent({ keepAlive: true }),
      },
    })));

  let loaded: Awaited<ReturnType<typeof load>> | undefined;
  return async (request) => {
    // After the first call the modules are at hand: no await, no extra microtask.
    const { http, https, agents } = loaded ?? (loaded = await load());
    const url = target(request.url);
    const body = request instanceof LightRequest ? request.body : await request.text();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body !== undefined && body !== '') headers['content-length'] = String(Buffer.byteLength(body));
    const signal = (request.signal ?? undefined) as AbortSignal | LightSignal | undefined;
    const mod = url.protocol === 'https:' ? https : http;

    return new Promise<LightResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = mod.request(
        { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.path, method: request.method, headers, agent: (agents as Record<string, unknown>)[url.protocol] as never },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(new LightResponse(res.statusCode ?? 0, res.headers, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
          });
          res.on('error', fail);
        },
      );
      function fail(error: unknown) {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      }
      function onAbort() {
        req.destroy();
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.end(body);
    });
  };
}
