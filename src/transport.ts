// The transports, and the light Request, headers and signal a call is built with.
// On Node requests go to undici (node-transport.ts, loaded on the first call). There, Node 20's
// WHATWG Request/Response/Headers/AbortController cost more than a small JSON call itself
// (bench/README.md), so a call is built with these light classes: what the transport, the retries
// and openapi-fetch read (url, method, headers, body, signal) and nothing more. With the caller's
// `fetch` or on other runtimes, the light request becomes a standard Request just before `fetch`.


/** Request headers as a plain object (lower-case names), for requests the client builds itself. */
export class LightRequestHeaders {
  /** The headers by lower-case name (the Node transport sends this object as it is). */
  readonly map: Record<string, string> = Object.create(null);
  constructor(init?: Record<string, string | undefined>) {
    if (init) for (const name in init) if (init[name] !== undefined) this.map[name.toLowerCase()] = init[name]!;
  }
  get(name: string): string | null {
    return this.map[name.toLowerCase()] ?? null;
  }
  set(name: string, value: string): void {
    this.map[name.toLowerCase()] = String(value);
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
      throw new TypeError('the Node transport sends text bodies only: pass `fetch` for others');
    }
    this.body = (init.body as string | null | undefined) ?? undefined;
    this.signal = init.signal ?? undefined;
  }

  clone(): LightRequest {
    const headers = new LightRequestHeaders();
    this.headers.forEach((value, name) => headers.set(name, value));
    return new LightRequest(this.url, { ...this, headers });
  }
  async text(): Promise<string> {
    return this.body ?? '';
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

export type Transport = (request: LightRequest | Request, hook?: any) => Promise<{ status: number; ok: boolean; headers: { get(name: string): string | null }; text(): Promise<string> } | Response>;

/** True on Node.js (not Deno, Bun or a browser), where the undici transport is used. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: Record<string, string> } }).process;
  return Boolean(p?.versions?.node) && !p?.versions?.bun && !(globalThis as { Deno?: unknown }).Deno;
}

/** Options of the Node transport (from the client's options; see BrazeClientOptions). */
export interface NodeSendOptions {
  /** An undici Dispatcher (`Agent`, `ProxyAgent`, `MockAgent`...) for every request: replaces our pools and any proxy. */
  dispatcher?: { dispatch(options: any, handler: any): boolean };
  /** A proxy URL (`http://user:pass@host:port`), `false` for none; default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: string | false;
  /** Stop reading an answer (after gzip decoding) past this many bytes. */
  maxResponseBytes?: number;
  log?: { warn?: (message: string) => void };
}

/**
 * The Node transport: undici's `dispatch` on a keep-alive Pool per origin. Its code is in
 * node-transport.ts, a part of its own that other runtimes never load, so that the core stays
 * small. It starts loading when the client is made, not on the first call: a call takes its place
 * in the rate limit before it reaches the transport, and loading undici then would delay it past
 * the margin a shared budget allows between counting a request and its arrival. Where undici
 * cannot load (an ESM single-file bundle without `require`), `fallback` sends instead, with a
 * warning on `log`.
 */
export function nodeTransport(baseUrl: string, options: NodeSendOptions, fallback: Transport): Transport {
  let send: Transport | undefined;
  const loading = import('./node-transport.js').then(
    (m) => (send = m.nodeSend(baseUrl, options)),
    (error) => (options.log?.warn?.(`undici did not load (${error?.message}): using fetch`), (send = fallback)),
  );
  // `ready`: the client's first call waits for it before it takes its place in the rate limit.
  return Object.assign((request: LightRequest | Request) => (send ? send(request) : loading.then((t) => t(request))), { ready: loading });
}

/** A transport over a `fetch`: a light request becomes a standard Request first (a fresh one per attempt). */
export function fetchTransport(fetch: (request: Request) => Promise<Response>): Transport {
  return (request) => {
    if (!(request instanceof LightRequest)) return fetch(request);
    let { signal } = request;
    if (signal instanceof LightSignal) {
      // Only when undici could not load: a light signal, which fetch does not take.
      const light = signal;
      const controller = new AbortController();
      light.addEventListener('abort', () => controller.abort(light.reason));
      signal = controller.signal;
    }
    return fetch(new Request(request.url, { method: request.method, headers: (request.headers as LightRequestHeaders).map ?? request.headers, body: request.body, signal }));
  };
}
