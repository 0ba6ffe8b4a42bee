// The light Request, headers and signal the client uses on Node, where requests go straight to
// node:http(s) over keep-alive sockets (node-http.ts).
// On Node 20 the global fetch spends most of a small call building WHATWG Request/Response objects
// and streams; for a client whose calls are small JSON bodies that is the bulk of the cost. These
// light classes give openapi-fetch what it uses (url, method, headers, body, signal; status, ok,
// headers.get, text, json) and nothing more. Other runtimes, and callers who pass their own
// `fetch`, keep the standard fetch.


/** Request headers as a plain object (lower-case names), for requests the client builds itself. */
export class LightRequestHeaders {
  private readonly map: Record<string, string> = Object.create(null);
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

/** True on Node.js (not Deno, Bun or a browser), where the node:http transport is used. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: Record<string, string> } }).process;
  return Boolean(p?.versions?.node) && !p?.versions?.bun && !(globalThis as { Deno?: unknown }).Deno;
}

/**
 * A fetch-like function over node:http(s) with one keep-alive agent per protocol. Its code is in
 * node-http.ts, loaded on the first call: other runtimes never load it, and the core stays small.
 */
export function nodeTransport(baseUrl?: string, options?: import('./node-http.js').NodeSendOptions): Transport {
  let send: Transport | undefined;
  return (request) => (send ? send(request) : import('./node-http.js').then((m) => (send ??= m.nodeSend(baseUrl, options))(request)));
}
