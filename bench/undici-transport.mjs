// An experimental transport for the client over undici's Pool/request (issue 15, item 5), used by
// the overhead bench only: it is not part of the package, and src/ does not load it.
//
// It has the shape of src/node-http.ts's `nodeSend` (a fetch-like function taking the client's
// light Request and giving what openapi-fetch reads of a response), so that `undiciClient()`
// below can build the very same client from dist/ with only the transport swapped: a copy of
// dist/esm (node_modules/.cache/braze-openapi-bench) whose node-http.js re-exports this file. Everything else (the
// light Request and signal, the limiter, retries, openapi-fetch) is byte for byte the shipped
// code, so the ratio between the two clients is the ratio between the two transports. The copy
// lives in node_modules/.cache (ignored by git, and where bare imports such as openapi-fetch
// still resolve).
import fs from 'node:fs';
import { Pool } from 'undici';

class LightHeaders {
  constructor(raw) {
    this.raw = raw;
  }
  get(name) {
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name) {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  forEach(fn) {
    for (const [k, v] of Object.entries(this.raw)) if (v !== undefined) fn(Array.isArray(v) ? v.join(', ') : v, k);
  }
}

export class LightResponse {
  constructor(status, headers, body) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.raw = body;
    this.headers = new LightHeaders(headers);
  }
  get statusText() {
    return '';
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

/** A fetch-like function over one keep-alive undici Pool per origin. */
export function nodeSend() {
  const pools = new Map();
  const poolOf = (origin) => {
    let pool = pools.get(origin);
    if (!pool) pools.set(origin, (pool = new Pool(origin)));
    return pool;
  };
  return async (request) => {
    const url = new URL(request.url);
    const body = typeof request.body === 'string' || request.body === undefined ? request.body : await request.text();
    const headers = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const signal = request.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    // undici takes an AbortSignal or anything with addEventListener/removeEventListener and
    // `aborted`, which the client's LightSignal has.
    const res = await poolOf(url.origin).request({ path: url.pathname + url.search, method: request.method, headers, body, signal });
    return new LightResponse(res.statusCode, res.headers, await res.body.text());
  };
}

/**
 * The shipped client from dist/esm with this transport in place of node:http: returns the module
 * (createBrazeClient and all) of a copy of dist/esm whose node-http.js re-exports this file.
 */
export async function undiciClientModule() {
  const from = new URL('../dist/esm/', import.meta.url);
  const to = new URL('../node_modules/.cache/braze-openapi-bench/esm/', import.meta.url);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  fs.writeFileSync(new URL('node-http.js', to), `export { nodeSend, LightResponse } from ${JSON.stringify(import.meta.url)};\n`);
  return import(new URL('index.js', to).href);
}
