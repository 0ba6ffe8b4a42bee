// Faults that used to hang a call or make an error lie, against a local server (127.0.0.1) or an
// injected fetch: far rate-limit resets, calls that never left the process, 2xx answers without
// the declared JSON body, paginated walks that repeat themselves, and what `timeoutMs` covers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BrazeAbortError,
  BrazeApiError,
  BrazeError,
  BrazeNetworkError,
  BrazeRateLimitError,
  BrazeResponseError,
  BrazeTimeoutError,
  createBrazeClient,
} from '../src/index.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;
const open: http.Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

/** A server that runs `handler` for each request (after reading the body) and counts them. */
async function serve(handler: Handler) {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, ++n));
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n };
}
const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const ok = (res: http.ServerResponse) => json(res, 201, { message: 'success' });
const event = { external_id: 'u1', name: 'played', time: '2026-11-22T10:00:00Z' };
const client = (url: string, extra: object = {}) => createBrazeClient({ apiKey: 'faults-key-1', baseUrl: url, ...extra });

describe('a 429 with a reset further away than the client may wait', () => {
  it.each([
    ['X-RateLimit-Reset', () => ({ 'x-ratelimit-limit': '3000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 120) })],
    ['Retry-After', () => ({ 'retry-after': '120' })],
    ['Retry-After as a date', () => ({ 'retry-after': new Date(Date.now() + 121_000).toUTCString() })],
  ])('(%s) fails at once, says when to come back, and later calls of the budget fail fast unsent', async (_name, headers) => {
    const s = await serve((_req, res, n) => (n === 1 ? json(res, 429, { message: 'rate limited' }, headers()) : ok(res)));
    const braze = client(s.url);
    const started = Date.now();
    const first = await braze.users.track({ events: [event] }).catch((e) => e);
    expect(first).toBeInstanceOf(BrazeRateLimitError);
    expect(first).toMatchObject({ status: 429, sent: false });
    expect(first.rateLimit.reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 115);
    expect(first.message).toContain(new Date(first.rateLimit.reset * 1000).toISOString());
    if (_name !== 'X-RateLimit-Reset') expect(first.rateLimit.retryAfter).toBeGreaterThanOrEqual(119);
    // Later calls on the same budget (users-track) do not wait, and nothing is sent.
    const later = await Promise.all([braze.users.track({ events: [event] }).catch((e) => e), braze.users.trackSync({ events: [event] }).catch((e) => e)]);
    expect(later[0]).toBeInstanceOf(BrazeRateLimitError);
    expect(later[0]).toMatchObject({ sent: false, rateLimit: { reset: first.rateLimit.reset } });
    expect(later[0].message).toMatch(/not sent.*try again after/);
    // Waiting would take 30 s (the timeout) at least: 5 s leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.count()).toBe(2); // the first call, and trackSync (another budget)
    expect(braze.rateLimit('users.track')).toMatchObject({ available: 0, blockedUntil: first.rateLimit.reset * 1000 });
  });
});

describe('calls queued by the limiter when a far reset arrives', () => {
  it('fail at once, unsent, instead of waiting for their deadline', async () => {
    const s = await serve((_req, res) => setTimeout(() => json(res, 429, { message: 'x' }, { 'retry-after': '120' }), 100));
    // A window far longer than the bound below, so that a queued call that waited for it cannot pass.
    const braze = client(s.url, { rateLimit: { overrides: { 'users-identity': { requests: 1, windowSeconds: 30 } } } });
    const started = Date.now();
    const [first, queued] = await Promise.all([
      braze.users.delete({ external_ids: ['a'] }).catch((e) => e),
      braze.users.delete({ external_ids: ['b'] }).catch((e) => e),
    ]);
    expect(first).toMatchObject({ name: 'BrazeRateLimitError', status: 429 });
    expect(queued).toBeInstanceOf(BrazeRateLimitError);
    expect(queued.sent).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.count()).toBe(1);
    expect(braze.rateLimit('users.delete')).toMatchObject({ queued: 0 });
  });
});

describe('timeoutMs covers the whole call: queue, rate-limit waits and retries', () => {
  it('a reset that comes after the deadline fails at once with a BrazeRateLimitError, not a timeout', async () => {
    const reset = () => String(Math.ceil(Date.now() / 1000) + 20);
    const s = await serve((_req, res, n) => (n === 1 ? json(res, 429, { message: 'slow down' }, { 'x-ratelimit-reset': reset() }) : ok(res)));
    const started = Date.now();
    const error = await client(s.url).users.delete({ external_ids: ['a'] }, { timeoutMs: 10_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeRateLimitError);
    // Waiting for the deadline would take 10 s and end in a BrazeTimeoutError.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(s.count()).toBe(1);
  });

  it('a reset within the deadline is waited for, and the call succeeds', async () => {
    const reset = () => String(Math.ceil(Date.now() / 1000) + 1);
    const s = await serve((_req, res, n) => (n === 1 ? json(res, 429, { message: 'slow down' }, { 'x-ratelimit-reset': reset() }) : json(res, 201, { message: 'success', deleted: 1 })));
    const result = await client(s.url).users.delete({ external_ids: ['a'] }, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ deleted: 1 });
    expect(s.count()).toBe(2);
  });

  it('with the defaults (30 s timeout, 60 s maxRateLimitWaitMs) a 45 s reset fails at once instead of timing out', async () => {
    const s = await serve((_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '45' }));
    const started = Date.now();
    const error = await client(s.url).users.delete({ external_ids: ['a'] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeRateLimitError);
    expect(error.sent).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000); // timing out would take 30 s
  });

  it('time queued by the limiter counts: a call still queued at its deadline times out unsent', async () => {
    const s = await serve((_req, res) => json(res, 201, { message: 'success' }));
    const braze = client(s.url, { rateLimit: { overrides: { 'users-identity': { requests: 1, windowSeconds: 60 } } } });
    await braze.users.delete({ external_ids: ['a'] });
    const error = await braze.users.delete({ external_ids: ['b'] }, { timeoutMs: 150 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error.sent).toBe(false);
    expect(error.message).toMatch(/not sent/);
    expect(error.message).not.toMatch(/no answer/);
    expect(s.count()).toBe(1);
    expect(braze.rateLimit('users.delete')).toMatchObject({ queued: 0 });
  });

  it('retries count: backoff after 503s stops at the deadline', async () => {
    const s = await serve((_req, res) => json(res, 503, { message: 'busy' }));
    const braze = client(s.url, { retry: { retries: 10, baseDelayMs: 1_000, maxDelayMs: 1_000 } });
    const started = Date.now();
    const error = await braze.users.delete({ external_ids: ['a'] }, { timeoutMs: 1_500 }).catch((e) => e);
    // Ten retries past the deadline would take 10 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error.sent).toBe(true); // the first attempt reached the server
  });
});

describe('errors say whether the request left the process', () => {
  it('a call aborted while queued by the limiter: BrazeAbortError, not sent', async () => {
    const s = await serve((_req, res) => ok(res));
    const braze = client(s.url, { rateLimit: { overrides: { 'users-identity': { requests: 1, windowSeconds: 60 } } } });
    await braze.users.delete({ external_ids: ['a'] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const error = await braze.users.delete({ external_ids: ['b'] }, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeAbortError);
    expect(error).toMatchObject({ sent: false, operationId: 'users.delete' });
    expect(error.message).toContain('user cancelled');
    expect(error.cause).toBe(controller.signal.reason);
    expect(s.count()).toBe(1);
  });

  it('a call aborted while Braze is answering: sent', async () => {
    // Aborted once the server has the request (not after a fixed delay, which a loaded machine
    // can pass before the request leaves); the server never answers.
    const controller = new AbortController();
    const s = await serve(() => controller.abort());
    const error = await client(s.url).users.track({ events: [event] }, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeAbortError);
    expect(error.sent).toBe(true);
  });

  it('a slow answer: BrazeTimeoutError, sent, may have been processed', async () => {
    // The server never answers; 1 s is long enough for the request to leave on a loaded machine.
    const s = await serve(() => undefined);
    const error = await client(s.url).users.track({ events: [event] }, { timeoutMs: 1_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error).toMatchObject({ sent: true, timeoutMs: 1_000 });
    expect(s.count()).toBe(1);
    expect(error.message).toMatch(/may have been processed/);
  });

  it('a refused connection: BrazeNetworkError, not sent; a 4xx: sent', async () => {
    const s = await serve((_req, res) => json(res, 400, { message: 'bad' }));
    const closed = await serve(() => undefined);
    const port = new URL(closed.url).port;
    await new Promise((resolve) => open.pop()!.close(resolve));
    const refused = await client(`http://127.0.0.1:${port}`, { retry: false }).users.track({ events: [event] }).catch((e) => e);
    expect(refused).toBeInstanceOf(BrazeNetworkError);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED', sent: false });
    const bad = await client(s.url).users.track({ events: [event] }).catch((e) => e);
    expect(bad).toBeInstanceOf(BrazeApiError);
    expect(bad).toMatchObject({ status: 400, sent: true });
  });

  it('a refused connection is retried for any operation: it never carried the request', async () => {
    let calls = 0;
    const braze = createBrazeClient({
      apiKey: 'faults-key-1',
      baseUrl: 'http://127.0.0.1:9',
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      fetch: async () => {
        if (++calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
        return new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json' } });
      },
    });
    await expect(braze.users.track({ events: [event] })).resolves.toMatchObject({ message: 'success' });
    expect(calls).toBe(2);
  });

  it('a local check: BrazeValidationError, not sent', async () => {
    const error = await client('http://127.0.0.1:9').users.track({ attributes: Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}` })) }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeError);
    expect(error.sent).toBe(false);
  });
});

describe('no error carries the API key', () => {
  it('in its message, JSON form or inspect output, for every kind of failure above', async () => {
    const s = await serve((req, res, n) => {
      if (req.url === '/users/export/ids') return json(res, 429, { message: 'x' }, { 'retry-after': '300' });
      if (req.url === '/users/delete') return setTimeout(() => ok(res), 300);
      if (n % 2) return json(res, 200, '{"trunc');
      json(res, 500, { message: 'boom' });
    });
    const braze = client(s.url, { retry: false });
    const errors = await Promise.all([
      braze.users.exportIds({ external_ids: ['a'] }).catch((e) => e),
      braze.users.delete({ external_ids: ['a'] }, { timeoutMs: 50 }).catch((e) => e),
      braze.users.track({ events: [event] }).catch((e) => e),
      braze.users.track({ events: [event] }).catch((e) => e),
      braze.catalogs.deleteItem({ path: { catalog_name: 'r', item_id: '..' } }).catch((e) => e),
    ]);
    errors.push(await braze.users.exportIds({ external_ids: ['a'] }).catch((e) => e));
    expect(errors.map((e) => e.name).sort()).toEqual(['BrazeApiError', 'BrazeRateLimitError', 'BrazeRateLimitError', 'BrazeResponseError', 'BrazeTimeoutError', 'BrazeValidationError']);
    for (const e of errors) expect(JSON.stringify(e) + String(e) + inspect(e, { depth: 5 }) + e.stack).not.toContain('faults-key-1');
  });
});

describe('a 2xx without the JSON body the spec declares is an error, on both send paths', () => {
  const answers: [string, (res: http.ServerResponse) => void][] = [
    ['an empty body', (res) => json(res, 200, '')],
    ['an empty body without content-length', (res) => (res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), res.end())],
    ['HTML', (res) => (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html>maintenance</html>'))],
    ['truncated JSON', (res) => json(res, 201, '{"message":"succ')],
    ['null', (res) => json(res, 200, 'null')],
    ['a 204', (res) => (res.writeHead(204), res.end())],
  ];
  const make = (transport: string, url: string, extra: object = {}) => {
    const braze = client(url, { ...extra, ...(transport === 'fetch' ? { fetch: (r: Request) => fetch(r) } : {}) });
    if (transport === 'middleware') braze.raw.use({ onRequest: () => undefined });
    return braze;
  };
  for (const transport of ['undici', 'fetch', 'middleware'] as const) {
    it.each(answers)(`${transport}: %s`, async (_what, answer) => {
      const s = await serve((_req, res) => answer(res));
      const braze = make(transport, s.url);
      const error = await braze.users.track({ events: [event] }).catch((e) => e);
      expect(error).toBeInstanceOf(BrazeResponseError);
      expect(error).toBeInstanceOf(BrazeApiError);
      expect(error).toMatchObject({ operationId: 'users.track', sent: true });
      expect(error.status).toBeGreaterThanOrEqual(200);
      expect(error.status).toBeLessThan(300);
      expect(s.count()).toBe(1); // never retried: it reached Braze
    });

    it(`${transport}: an operation that declares no body (204) still resolves`, async () => {
      const s = await serve((_req, res) => (res.writeHead(204), res.end()));
      const braze = make(transport, s.url, { scim: { token: 't', origin: 'o' } });
      await expect(braze.scim.deleteUser({ path: { id: 'u-1' } })).resolves.toBeUndefined();
    });
  }
});

describe('paginate() and collect()', () => {
  const campaigns = (page: number, count: number) => ({ message: 'success', campaigns: Array.from({ length: count }, (_, i) => ({ id: `c-${page}-${i}` })) });

  it('stops with a BrazeResponseError when the server repeats a page', async () => {
    const s = await serve((_req, res) => json(res, 200, campaigns(0, 100))); // ignores ?page=
    const braze = client(s.url);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const c of braze.paginate('campaigns.list', {})) seen.push(c);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(BrazeResponseError);
    expect(error.message).toMatch(/repeated/);
    expect(seen).toHaveLength(100); // the repeated page is not yielded twice
    expect(s.count()).toBe(2);
  });

  it('stops with a BrazeResponseError when the Link cursor comes back', async () => {
    const s = await serve((req, res) => {
      const cursor = new URL(req.url!, 'http://x').searchParams.get('cursor') ?? 'start';
      const next = cursor === 'start' ? 'c1' : cursor === 'c1' ? 'c2' : 'c1';
      json(res, 200, { message: 'success', items: [{ id: `item-${cursor}` }] }, { link: `<${'http://x'}/catalogs/r/items?cursor=${next}>; rel="next"` });
    });
    const error = await client(s.url)
      .collect('catalogs.listItems', { path: { catalog_name: 'r' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BrazeResponseError);
    expect(error.message).toMatch(/cursor/);
    expect(s.count()).toBe(3);
  });

  it('takes maxItems and maxPages', async () => {
    const s = await serve((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page'));
      json(res, 200, campaigns(page, 100));
    });
    const braze = client(s.url);
    const first: unknown[] = [];
    for await (const c of braze.paginate('campaigns.list', {}, { maxItems: 150 })) first.push(c);
    expect(first).toHaveLength(150);
    expect(s.count()).toBe(2);
    const pages: unknown[] = [];
    for await (const c of braze.paginate('campaigns.list', {}, { maxPages: 3 })) pages.push(c);
    expect(pages).toHaveLength(300);
    expect(s.count()).toBe(5);
  });

  it('collect() returns every item up to maxItems, and fails rather than cut a longer list', async () => {
    const s = await serve((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page'));
      json(res, 200, campaigns(page, page < 2 ? 100 : 30));
    });
    const braze = client(s.url);
    const all = await braze.collect('campaigns.list', {});
    expect(all).toHaveLength(230);
    expect(all[229]).toEqual({ id: 'c-2-29' });
    const error = await braze.collect('campaigns.list', {}, { maxItems: 200 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeError);
    expect(error.message).toMatch(/more than 200 items/);
    await expect(braze.collect('campaigns.list', {}, { maxItems: 230 })).resolves.toHaveLength(230);
  });
});
