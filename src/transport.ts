// The default transport on Node: requests go straight to node:http(s) over keep-alive sockets.
// On Node 20 the global fetch spends most of a small call building WHATWG Request/Response objects
// and streams; for a client whose calls are small JSON bodies that is the bulk of the cost. These
// light classes give openapi-fetch what it uses (url, method, headers, body, signal; status, ok,
// headers.get, text, json) and nothing more. Other runtimes, and callers who pass their own
// `fetch`, keep the standard fetch.

type NodeHttp = typeof import('node:http');

/** A Request stand-in, given to openapi-fetch as its `Request` class. */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(url: string | URL, init: { method?: string; headers?: HeadersInit; body?: unknown; signal?: AbortSignal | null } = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('the Node transport sends JSON text bodies only; pass `fetch` to send other bodies');
    }
    this.body = (init.body as string | null | undefined) ?? undefined;
    this.signal = init.signal ?? undefined;
  }

  clone(): LightRequest {
    return new LightRequest(this.url, { method: this.method, headers: new Headers(this.headers), body: this.body, signal: this.signal });
  }
  async text(): Promise<string> {
    return this.body ?? '';
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body ?? '');
  }
}

/** What openapi-fetch reads of a response. */
export class LightResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; has(name: string): boolean; forEach(fn: (value: string, key: string) => void): void };
  private readonly raw: string;

  constructor(status: number, headers: Record<string, string | string[] | undefined>, body: string) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.raw = body;
    this.headers = {
      get: (name) => {
        const v = headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
      has: (name) => headers[name.toLowerCase()] !== undefined,
      forEach: (fn) => {
        for (const [k, v] of Object.entries(headers)) if (v !== undefined) fn(Array.isArray(v) ? v.join(', ') : v, k);
      },
    };
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

export type Transport = (request: LightRequest | Request) => Promise<LightResponse | Response>;

/** True on Node.js (not Deno, Bun or a browser), where the node:http transport is used. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: Record<string, string> } }).process;
  return Boolean(p?.versions?.node) && !p?.versions?.bun && !(globalThis as { Deno?: unknown }).Deno;
}

/** A fetch-like function over node:http(s) with one keep-alive agent per protocol. */
export function nodeTransport(): Transport {
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

  return async (request) => {
    const { http, https, agents } = await load();
    const url = new URL(request.url);
    const body = request instanceof LightRequest ? request.body : await request.text();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body !== undefined && body !== '') headers['content-length'] = String(Buffer.byteLength(body));
    const signal = request.signal ?? undefined;
    const mod = url.protocol === 'https:' ? https : http;

    return new Promise<LightResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = mod.request(
        { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: request.method, headers, agent: (agents as Record<string, unknown>)[url.protocol] as never },
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
