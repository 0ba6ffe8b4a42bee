// The default transport on Node (loaded by transport.ts on the first call): requests go straight
// to node:http(s) over keep-alive sockets. On Node 20 the global fetch spends most of a small call
// building WHATWG Request/Response objects and streams; for a client whose calls are small JSON
// bodies that is the bulk of the cost. The light response below gives openapi-fetch what it reads
// (status, ok, headers.get, text, json) and nothing more.
import type { LightSignal, Transport } from './transport.js';

type NodeHttp = typeof import('node:http');

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


/** A fetch-like function over node:http(s) with one keep-alive agent per protocol. */
export function nodeSend(baseUrl?: string): Transport {
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
    const body = typeof request.body === 'string' || request.body === undefined ? (request.body as string | undefined) : await request.text();
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
