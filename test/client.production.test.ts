// Issue 15 (identity, hooks, networks) and issue 12 (huge answers), on the wire: the User-Agent,
// onRequest/onResponse and `log` (never the key), `withResponse`, a loopback forward proxy (option
// and HTTP_PROXY/NO_PROXY), gzip answers, and maxResponseBytes against an endless body.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/loopback.js';
import { BrazeApiError, BrazeResponseError, VERSION, createBrazeClient, type HookInfo } from '../src/index.js';
import { proxyFromEnv } from '../src/node-transport.js';
import { Agent } from 'undici';

const root = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'secret-key-4f1c9e';
const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
let failNext = 0;
const bigExport = { message: 'success', users: Array.from({ length: 20_000 }, (_, i) => ({ external_id: `user-${i}`, custom_attributes: { tier: 'gold', n: i } })) };

const server = http.createServer((req, res) => {
  seen.push({ url: req.url!, headers: req.headers });
  req.resume();
  req.on('end', () => {
    if (req.url === '/users/export/ids' && req.headers['x-test'] === 'endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk)) {
          if (res.destroyed) return;
        }
        res.once('drain', pump);
      };
      res.write('{"users":"');
      pump();
      return;
    }
    if (req.url === '/users/export/ids') {
      const body = Buffer.from(JSON.stringify(bigExport));
      const gzip = /gzip/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      return res.end(gzip ? gzipSync(body) : body);
    }
    if (req.url?.startsWith('/campaigns/list') && failNext > 0) {
      failNext--;
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end('{"message":"busy"}');
    }
    if (req.url === '/users/delete') {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end('{"message":"bad"}');
    }
    res.writeHead(201, { 'content-type': 'application/json', 'x-ratelimit-limit': '50000', 'x-ratelimit-remaining': '49999', 'x-ratelimit-reset': '1900000000' });
    res.end(JSON.stringify({ message: 'success', campaigns: [] }));
  });
});

// A forward proxy for plain-http targets: takes `GET http://host:port/path`, forwards it.
const proxied: string[] = [];
const proxy = http.createServer((req, res) => {
  proxied.push(`${req.method} ${req.url}`);
  const target = new URL(req.url!);
  const upstream = http.request({ hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode!, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});

const served = useServer(server);
const viaProxy = useServer(proxy);

const lastTo = (path: string) => [...seen].reverse().find((r) => r.url.startsWith(path))!;

describe('identity: the User-Agent', () => {
  it('names the package at its version and Node, on the wire', async () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    expect(lastTo('/users/track').headers['user-agent']).toBe(`braze-openapi/${VERSION} node/${process.versions.node}`);
  });

  it('adds appInfo, and a userAgent string; control characters are dropped', async () => {
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, appInfo: { name: 'crm-sync', version: '2.1.0', url: 'https://example.com' }, userAgent: 'team-x\r\nX-Evil: 1' });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    const ua = lastTo('/users/track').headers;
    expect(ua['user-agent']).toBe(`braze-openapi/${VERSION} node/${process.versions.node} crm-sync/2.1.0 (https://example.com) team-xX-Evil: 1`);
    expect(ua['x-evil']).toBeUndefined();
  });

  it('is set as a header with the fetch option, and on raw calls', async () => {
    const agents: (string | null)[] = [];
    const fetch = async (request: Request) => {
      agents.push(request.headers.get('user-agent'));
      return new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json' } });
    };
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, fetch, appInfo: { name: 'edge' } });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    await braze.raw.POST('/users/track', { body: { attributes: [{ external_id: 'a', x: 1 }] } as never });
    expect(agents).toEqual([`braze-openapi/${VERSION} node/${process.versions.node} edge`, `braze-openapi/${VERSION} node/${process.versions.node} edge`]);
  });
});

describe('hooks, log and withResponse', () => {
  function recorder() {
    const events: [string, HookInfo][] = [];
    const lines: string[] = [];
    const log = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    return { events, lines, log, onRequest: (i: HookInfo) => events.push(['request', i]), onResponse: (i: HookInfo) => events.push(['response', i]) };
  }

  it('fire once per attempt with the documented fields, on success, retry and error; never the key', async () => {
    const r = recorder();
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, onRequest: r.onRequest, onResponse: r.onResponse, log: r.log, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    failNext = 1;
    await braze.campaigns.list({});
    await expect(braze.users.delete({ external_ids: ['a'] })).rejects.toBeInstanceOf(BrazeApiError);
    const summary = r.events.map(([kind, i]) => `${kind} ${i.operationId} ${i.attempt} ${i.status ?? ''}`);
    expect(summary).toEqual([
      'request users.track 1 ',
      'response users.track 1 201',
      'request campaigns.list 1 ',
      'response campaigns.list 1 503',
      'request campaigns.list 2 ',
      'response campaigns.list 2 201',
      'request users.delete 1 ',
      'response users.delete 1 400',
    ]);
    const [, first] = r.events[1];
    expect(first).toMatchObject({ operationId: 'users.track', method: 'POST', path: '/users/track', urlPath: '/users/track', attempt: 1, status: 201 });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(first.rateLimit).toEqual({ limit: 50000, remaining: 49999, reset: 1900000000 });
    expect(r.events[2][1]).toMatchObject({ method: 'GET', path: '/campaigns/list', urlPath: '/campaigns/list' });
    expect(r.events.every(([, i]) => i.body === undefined)).toBe(true);
    expect(r.lines.some((l) => /campaigns\.list: retry 1 in \d+ ms \(server-error\)/.test(l))).toBe(true);
    expect(JSON.stringify(r.events) + r.lines.join('\n')).not.toContain(KEY);
  });

  it('report a failure without an answer, and carry bodies only with includeBody', async () => {
    const r = recorder();
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, onRequest: r.onRequest, onResponse: r.onResponse, hooks: { includeBody: true } });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    expect(r.events[0][1].body).toBe('{"attributes":[{"external_id":"a","x":1}]}');
    expect(r.events[1][1].body).toContain('"success"');
    const dead = createBrazeClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:1', onResponse: r.onResponse, retry: false });
    await expect(dead.users.track({ attributes: [{ external_id: 'a', x: 1 }] })).rejects.toMatchObject({ name: 'BrazeNetworkError' });
    expect(r.events.at(-1)![1]).toMatchObject({ operationId: 'users.track', attempt: 1, error: 'ECONNREFUSED' });
    expect(r.events.at(-1)![1].status).toBeUndefined();
    expect(JSON.stringify(r.events)).not.toContain(KEY);
  });

  it('behave the same when openapi-fetch middleware is added (the full path): User-Agent, hooks, withResponse', async () => {
    const r = recorder();
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, onResponse: r.onResponse, appInfo: { name: 'mw' } });
    let seenByMiddleware = 0;
    braze.raw.use({ onRequest: () => void seenByMiddleware++ });
    const { status } = await braze.call('users.track', { attributes: [{ external_id: 'a', x: 1 }] }, { withResponse: true });
    expect(seenByMiddleware).toBe(1);
    expect(status).toBe(201);
    expect(lastTo('/users/track').headers['user-agent']).toBe(`braze-openapi/${VERSION} node/${process.versions.node} mw`);
    expect(r.events.map(([, i]) => [i.operationId, i.status])).toEqual([['users.track', 201]]);
  });

  it('fire around the caller\'s fetch too, bodies included on request', async () => {
    const r = recorder();
    const fetch = async (request: Request) => {
      await request.text();
      return new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '7' } });
    };
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, fetch, onRequest: r.onRequest, onResponse: r.onResponse, hooks: { includeBody: true } });
    await expect(braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] })).resolves.toMatchObject({ message: 'success' });
    expect(r.events.map(([kind, i]) => [kind, i.operationId, i.status, i.rateLimit?.remaining])).toEqual([
      ['request', 'users.track', undefined, undefined],
      ['response', 'users.track', 201, 7],
    ]);
    expect(r.events[0][1].body).toBe('{"attributes":[{"external_id":"a","x":1}]}');
    expect(r.events[1][1].body).toBe('{"message":"success"}');
    expect(JSON.stringify(r.events)).not.toContain(KEY);
  });

  it('tell a 429 wait at info, as a retry (README: "a 429 wait included")', async () => {
    const r = recorder();
    let calls = 0;
    const fetch = async () =>
      calls++ === 0
        ? new Response('{"message":"slow down"}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '0' } })
        : new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json' } });
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, fetch, log: r.log });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    expect(calls).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^users\.track: retry 1 in \d+ ms \(rate-limited\)$/);
    expect(r.lines[0]).not.toContain(KEY);
  });

  it('a hook that throws does not break the call (it goes to log.warn)', async () => {
    const lines: string[] = [];
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, onRequest: () => { throw new Error('oops'); }, log: { warn: (m) => lines.push(m) } });
    await expect(braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] })).resolves.toMatchObject({ message: 'success' });
    expect(lines).toEqual(['onRequest hook threw: oops']);
  });

  it('call(id, input, { withResponse: true }) gives data, status and headers', async () => {
    for (const fetch of [undefined, (request: Request) => globalThis.fetch(request)]) {
      const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, ...(fetch ? { fetch } : {}) });
      const { data, status, headers } = await braze.call('users.track', { attributes: [{ external_id: 'a', x: 1 }] }, { withResponse: true });
      expect(data).toMatchObject({ message: 'success' });
      expect(status).toBe(201);
      expect(headers.get('X-RateLimit-Remaining')).toBe('49999');
      expect(await braze.call('users.track', { attributes: [{ external_id: 'a', x: 1 }] })).toMatchObject({ message: 'success' });
    }
  });
});

describe('networks: proxy and gzip (undici transport)', () => {
  it('goes through the `proxy` option', async () => {
    proxied.length = 0;
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, proxy: viaProxy.url });
    await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    expect(proxied).toEqual([`POST ${served.url}/users/track`]);
  });

  it('honours HTTP_PROXY, and NO_PROXY', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    try {
      process.env.HTTP_PROXY = viaProxy.url;
      delete process.env.NO_PROXY;
      proxied.length = 0;
      await createBrazeClient({ apiKey: KEY, baseUrl: served.url }).users.track({ attributes: [{ external_id: 'a', x: 1 }] });
      expect(proxied).toEqual([`POST ${served.url}/users/track`]);
      process.env.NO_PROXY = 'example.com, 127.0.0.1';
      await createBrazeClient({ apiKey: KEY, baseUrl: served.url }).users.track({ attributes: [{ external_id: 'a', x: 1 }] });
      expect(proxied).toHaveLength(1);
      // `proxy: false` ignores the environment.
      delete process.env.NO_PROXY;
      await createBrazeClient({ apiKey: KEY, baseUrl: served.url, proxy: false }).users.track({ attributes: [{ external_id: 'a', x: 1 }] });
      expect(proxied).toHaveLength(1);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('takes an undici dispatcher', async () => {
    let dispatched = 0;
    const agent = new Agent({ pipelining: 1 });
    const dispatch = agent.dispatch.bind(agent);
    (agent as any).dispatch = (...args: unknown[]) => (dispatched++, (dispatch as any)(...args));
    await createBrazeClient({ apiKey: KEY, baseUrl: served.url, dispatcher: agent }).users.track({ attributes: [{ external_id: 'a', x: 1 }] });
    expect(dispatched).toBe(1);
    await agent.close();
  });

  it('a dispatcher replaces any proxy of the environment (README: "instead of ours and any proxy")', async () => {
    const saved = process.env.HTTP_PROXY;
    try {
      process.env.HTTP_PROXY = viaProxy.url;
      proxied.length = 0;
      let dispatched = 0;
      const agent = new Agent();
      const dispatch = agent.dispatch.bind(agent);
      (agent as any).dispatch = (...args: unknown[]) => (dispatched++, (dispatch as any)(...args));
      await createBrazeClient({ apiKey: KEY, baseUrl: served.url, dispatcher: agent }).users.track({ attributes: [{ external_id: 'a', x: 1 }] });
      expect(dispatched).toBe(1);
      expect(proxied).toEqual([]);
      await agent.close();
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });

  it('reads NO_PROXY as curl does: `*`, host names, `.domain`, `host:port`, lower-case names too', () => {
    const P = 'http://proxy:3128';
    const via = (url: string, env: Record<string, string>) => {
      const u = new URL(url);
      return proxyFromEnv(u.protocol, u.hostname, u.port, env);
    };
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P })).toBe(P);
    expect(via('https://rest.iad-01.braze.com', { https_proxy: P })).toBe(P);
    // https targets use HTTPS_PROXY only, http targets HTTP_PROXY only.
    expect(via('https://rest.iad-01.braze.com', { HTTP_PROXY: P })).toBeUndefined();
    expect(via('http://localhost:8080', { HTTPS_PROXY: P })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: '*' })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: 'example.com, rest.iad-01.braze.com' })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, no_proxy: '.braze.com' })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: 'braze.com' })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: 'iad-01.braze.co' })).toBe(P);
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: 'rest.iad-01.braze.com:443' })).toBeUndefined();
    expect(via('https://rest.iad-01.braze.com', { HTTPS_PROXY: P, NO_PROXY: 'rest.iad-01.braze.com:8443' })).toBe(P);
    expect(via('http://[::1]:8080/x', { HTTP_PROXY: P, NO_PROXY: '[::1]:8080' })).toBeUndefined();
  });

  it('asks for gzip and decodes a large gzipped export', async () => {
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url });
    const { data, headers } = await braze.call('users.exportIds', { external_ids: ['a'] }, { withResponse: true });
    expect(lastTo('/users/export/ids').headers['accept-encoding']).toBe('gzip');
    expect((data as any).users).toHaveLength(20_000);
    expect(headers.get('content-encoding')).toBeNull();
    expect(Number(headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(bigExport)));
  });
});

describe('huge answers: maxResponseBytes', () => {
  it('stops an endless body promptly with a BrazeResponseError (sent: true), never retried', async () => {
    const attempts: number[] = [];
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: served.url, maxResponseBytes: 1_000_000, onRequest: (i) => attempts.push(i.attempt) });
    const started = Date.now();
    const error = await braze.users.exportIds({ external_ids: ['a'] }, { headers: { 'x-test': 'endless' } }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeResponseError);
    expect(error).toMatchObject({ sent: true, status: 200, operationId: 'users.exportIds' });
    expect(error.message).toMatch(/maxResponseBytes \(1000000 bytes\)/);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(attempts).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('the process exits after it (built package, child process)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'braze-huge-'));
    try {
      const file = join(work, 'huge.mjs');
      writeFileSync(
        file,
        `import { createBrazeClient } from ${JSON.stringify(join(root, 'dist/esm/index.js'))};
const braze = createBrazeClient({ apiKey: 'k', baseUrl: process.argv[2], maxResponseBytes: 2_000_000 });
const e = await braze.users.exportIds({ external_ids: ['a'] }, { headers: { 'x-test': 'endless' } }).catch((e) => e);
console.log(e.name + ' ' + e.sent);`,
      );
      const result = await new Promise<{ out: string; code: number | null }>((resolve) => {
        const child = spawn(process.execPath, [file, served.url]);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.on('exit', (code) => (clearTimeout(killer), resolve({ out, code })));
      });
      expect(result).toEqual({ out: 'BrazeResponseError true\n', code: 0 });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 20_000);
});
