// The client's previous Node transport (node:http(s) keep-alive agents, our own proxy code), kept
// here for the overhead bench only: `nodeHttpClientModule()` builds the very same client from
// dist/ with this file in place of its undici transport, so that the two transports are measured
// side by side in one run (src/README.md says why undici was kept). Not part of the package.
import fs from 'node:fs';

class LightHeaders {
  constructor(raw) {
    this.raw = raw;
  }
  raw;
  get(name) {
    const v = this.raw[name.toLowerCase()];
    return v === void 0 ? null : Array.isArray(v) ? v.join(", ") : v;
  }
  has(name) {
    return this.raw[name.toLowerCase()] !== void 0;
  }
  forEach(fn) {
    for (const [k, v] of Object.entries(this.raw)) if (v !== void 0) fn(Array.isArray(v) ? v.join(", ") : v, k);
  }
}
export class LightResponse {
  status;
  ok;
  headers;
  raw;
  constructor(status, headers, body) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.raw = body;
    this.headers = new LightHeaders(headers);
  }
  get statusText() {
    return "";
  }
  async text() {
    return this.raw;
  }
  async json() {
    return JSON.parse(this.raw);
  }
  clone() {
    return this;
  }
}
function proxyFromEnv(protocol, hostname, port, env) {
  const pick = (name) => env[name] ?? env[name.toLowerCase()];
  const proxy = protocol === "https:" ? pick("HTTPS_PROXY") : pick("HTTP_PROXY");
  if (!proxy) return void 0;
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const effectivePort = port || (protocol === "https:" ? "443" : "80");
  for (let entry of (pick("NO_PROXY") ?? "").split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return void 0;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = m[1].replace(/^\*?\./, "").replace(/^\[|\]$/g, "");
    if (m[2] && m[2] !== effectivePort) continue;
    if (host === name || host.endsWith("." + name)) return void 0;
  }
  return proxy;
}
export function nodeSend(baseUrl, options = {}) {
  const base = baseUrl ? new URL(baseUrl) : void 0;
  const baseHref = base ? base.href.replace(/\/+$/, "") : void 0;
  const target = (href) => {
    if (base && baseHref && href.startsWith(baseHref) && (href.length === baseHref.length || href[baseHref.length] === "/" || href[baseHref.length] === "?")) {
      return { protocol: base.protocol, hostname: base.hostname, port: base.port, path: base.pathname.replace(/\/+$/, "") + href.slice(baseHref.length) };
    }
    const url = new URL(href);
    return { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search };
  };
  const maxBytes = options.maxResponseBytes ?? 100 * 1024 * 1024;
  const env = globalThis.process?.env ?? {};
  const proxyFor = (protocol, hostname, port) => options.agent || options.proxy === false ? void 0 : options.proxy ? options.proxy : proxyFromEnv(protocol, hostname, port, env);
  let modules;
  const names = ["node:http", "node:https", "node:zlib", "node:tls"];
  const load = () => modules ??= Promise.all(names.map((name) => import(name))).then(([http, https, zlib, tls]) => ({
    http,
    https,
    zlib,
    tls,
    agents: {
      "http:": new http.Agent({ keepAlive: true }),
      "https:": new https.Agent({ keepAlive: true })
    }
  }));
  const tunnels = /* @__PURE__ */ new Map();
  const tunnel = (m, proxy) => {
    let agent = tunnels.get(proxy);
    if (!agent) {
      const p = new URL(proxy);
      const a = new m.https.Agent({ keepAlive: true });
      a.createConnection = (o, done) => {
        const req = (p.protocol === "https:" ? m.https : m.http).request({
          hostname: p.hostname,
          port: p.port,
          method: "CONNECT",
          path: `${o.host}:${o.port}`,
          headers: { host: `${o.host}:${o.port}`, ...proxyAuth(p) }
        });
        req.once("connect", (res, socket) => {
          if (res.statusCode !== 200) {
            socket.destroy();
            return done(Object.assign(new Error(`proxy answered ${res.statusCode} to CONNECT`), { code: "EPROXY" }));
          }
          done(null, m.tls.connect({ ...o, socket, servername: o.servername ?? o.host }));
        });
        req.once("error", (error) => done(error));
        req.end();
      };
      tunnels.set(proxy, agent = a);
    }
    return agent;
  };
  let loaded;
  return async (request) => {
    const m = loaded ?? (loaded = await load());
    const url = target(request.url);
    const body = typeof request.body === "string" || request.body === void 0 ? request.body : await request.text();
    const headers = { "accept-encoding": "gzip" };
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body !== void 0 && body !== "") headers["content-length"] = String(Buffer.byteLength(body));
    const signal = request.signal ?? void 0;
    const https = url.protocol === "https:";
    let mod = https ? m.https : m.http;
    let agent = options.agent ?? m.agents[url.protocol];
    let { hostname, port, path } = url;
    const proxy = proxyFor(url.protocol, hostname, port);
    if (proxy && https) agent = tunnel(m, proxy);
    else if (proxy) {
      const p = new URL(proxy);
      path = `http://${hostname}${port ? `:${port}` : ""}${path}`;
      Object.assign(headers, proxyAuth(p));
      headers.host ??= `${hostname}${port ? `:${port}` : ""}`;
      ({ hostname, port } = p);
      mod = p.protocol === "https:" ? m.https : m.http;
      agent = m.agents[p.protocol];
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = mod.request({ hostname, port, path, method: request.method, headers, agent }, (res) => {
        const chunks = [];
        let size = 0;
        const gzip = /^\s*(x-)?gzip\s*$/i.test(String(res.headers["content-encoding"] ?? ""));
        const stream = gzip ? res.pipe(m.zlib.createGunzip()) : res;
        stream.on("data", (chunk) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            if (gzip) stream.destroy();
            return fail(Object.assign(new Error(`the answer is over maxResponseBytes (${maxBytes} bytes): reading stopped; the request was processed`), { code: "EBRAZE_TOO_LARGE", status: res.statusCode, limit: maxBytes }));
          }
          chunks.push(chunk);
        });
        stream.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          const resHeaders = gzip ? { ...res.headers, "content-encoding": void 0, "content-length": String(size) } : res.headers;
          resolve(new LightResponse(res.statusCode ?? 0, resHeaders, chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
        });
        stream.on("error", fail);
        if (gzip) res.on("error", fail);
      });
      function fail(error) {
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      }
      function onAbort() {
        req.destroy();
        reject(signal.reason);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("error", fail);
      req.end(body);
    });
  };
}
function proxyAuth(p) {
  return p.username ? { "proxy-authorization": `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString("base64")}` } : {};
}

/**
 * The shipped client from dist/esm with this transport in place of undici: returns the module of a
 * copy of dist/esm (in node_modules/.cache, where bare imports still resolve) whose
 * node-transport.js re-exports this file. Everything else is byte for byte the shipped code.
 */
export async function nodeHttpClientModule() {
  const from = new URL('../dist/esm/', import.meta.url);
  const to = new URL('../node_modules/.cache/braze-openapi-bench/esm/', import.meta.url);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  fs.writeFileSync(new URL('node-transport.js', to), `export { nodeSend, LightResponse } from ${JSON.stringify(import.meta.url)};\n`);
  return import(new URL('index.js', to).href);
}
