// The default transport on Node (loaded by transport.ts on the first call): requests go straight
// to node:http(s) over keep-alive sockets. On Node 20 the global fetch spends most of a small call
// building WHATWG Request/Response objects and streams; for a client whose calls are small JSON
// bodies that is the bulk of the cost. The light response below gives openapi-fetch what it reads
// (status, ok, headers.get, text, json) and nothing more.
import type { LightSignal, Transport } from './transport.js';
import type { HookInfo, Logger } from './retry.js';

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


/** Options of the node:http transport (from the client's options). */
export interface NodeSendOptions {
  /** A node:http(s) Agent for every request (a proxy agent, custom TLS): replaces ours and the proxy. */
  agent?: unknown;
  /** A proxy URL (`http://host:port`), `false` for none; default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: string | false;
  /** Stop reading an answer (after gzip decoding) past this many bytes. */
  maxResponseBytes?: number;
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

/** A fetch-like function over node:http(s) with one keep-alive agent per protocol. */
export function nodeSend(baseUrl?: string, options: NodeSendOptions = {}): Transport {
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
  const maxBytes = options.maxResponseBytes ?? 100 * 1024 * 1024;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const proxyFor = (protocol: string, hostname: string, port: string) =>
    options.agent || options.proxy === false ? undefined : options.proxy ? options.proxy : proxyFromEnv(protocol, hostname, port, env);
  type Mods = { http: NodeHttp; https: NodeHttp; zlib: typeof import('node:zlib'); tls: typeof import('node:tls'); agents: Record<string, any> };
  let modules: Promise<Mods> | undefined;
  // Specifiers in variables keep browser bundlers from trying to resolve Node built-ins.
  const names = ['node:http', 'node:https', 'node:zlib', 'node:tls'];
  const load = () =>
    (modules ??= Promise.all(names.map((name) => import(name))).then(([http, https, zlib, tls]) => ({
      http: http as NodeHttp,
      https: https as NodeHttp,
      zlib,
      tls,
      agents: {
        'http:': new http.Agent({ keepAlive: true }),
        'https:': new https.Agent({ keepAlive: true }),
      } as Record<string, any>,
    })));
  // Tunnelling agents through a proxy for https targets (CONNECT), one per proxy URL.
  const tunnels = new Map<string, unknown>();
  const tunnel = (m: Mods, proxy: string) => {
    let agent = tunnels.get(proxy);
    if (!agent) {
      const p = new URL(proxy);
      const a: any = new m.https.Agent({ keepAlive: true });
      a.createConnection = (o: any, done: (error: Error | null, socket?: unknown) => void) => {
        const req = (p.protocol === 'https:' ? m.https : m.http).request({
          hostname: p.hostname,
          port: p.port,
          method: 'CONNECT',
          path: `${o.host}:${o.port}`,
          headers: { host: `${o.host}:${o.port}`, ...proxyAuth(p) },
        });
        req.once('connect', (res: any, socket: any) => {
          if (res.statusCode !== 200) {
            socket.destroy();
            return done(Object.assign(new Error(`proxy answered ${res.statusCode} to CONNECT`), { code: 'EPROXY' }));
          }
          done(null, m.tls.connect({ ...o, socket, servername: o.servername ?? o.host }));
        });
        req.once('error', (error: Error) => done(error));
        req.end();
      };
      tunnels.set(proxy, (agent = a));
    }
    return agent;
  };

  let loaded: Mods | undefined;
  return async (request) => {
    // After the first call the modules are at hand: no await, no extra microtask.
    const m = loaded ?? (loaded = await load());
    const url = target(request.url);
    const body = typeof request.body === 'string' || request.body === undefined ? (request.body as string | undefined) : await request.text();
    const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body !== undefined && body !== '') headers['content-length'] = String(Buffer.byteLength(body));
    const signal = (request.signal ?? undefined) as AbortSignal | LightSignal | undefined;
    const https = url.protocol === 'https:';
    let mod = https ? m.https : m.http;
    let agent: unknown = options.agent ?? m.agents[url.protocol];
    let { hostname, port, path } = url;
    const proxy = proxyFor(url.protocol, hostname, port);
    if (proxy && https) agent = tunnel(m, proxy);
    else if (proxy) {
      // A plain-http target goes to the proxy with its absolute URL (a forward proxy).
      const p = new URL(proxy);
      path = `http://${hostname}${port ? `:${port}` : ''}${path}`;
      Object.assign(headers, proxyAuth(p));
      headers.host ??= `${hostname}${port ? `:${port}` : ''}`;
      ({ hostname, port } = p);
      mod = p.protocol === 'https:' ? m.https : m.http;
      agent = m.agents[p.protocol];
    }

    return new Promise<LightResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = mod.request({ hostname, port, path, method: request.method, headers, agent: agent as never }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const gzip = /^\s*(x-)?gzip\s*$/i.test(String(res.headers['content-encoding'] ?? ''));
        const stream: import('node:stream').Readable = gzip ? res.pipe(m.zlib.createGunzip()) : res;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            if (gzip) (stream as any).destroy();
            return fail(Object.assign(new Error(`the answer is over maxResponseBytes (${maxBytes} bytes): reading stopped; the request was processed`), { code: 'EBRAZE_TOO_LARGE', status: res.statusCode, limit: maxBytes }));
          }
          chunks.push(chunk);
        });
        stream.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const resHeaders = gzip ? { ...res.headers, 'content-encoding': undefined, 'content-length': String(size) } : res.headers;
          resolve(new LightResponse(res.statusCode ?? 0, resHeaders, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
        });
        stream.on('error', fail);
        if (gzip) res.on('error', fail);
      });
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

function proxyAuth(p: URL): Record<string, string> {
  return p.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}` } : {};
}

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
