// The client against a local fault-injecting server (scripts/load-server.mjs on 127.0.0.1):
// 429s with reset headers, 503s, dropped connections, slow and non-JSON answers. Each test checks
// that the right retries happen, that nothing that must not be repeated is sent twice (the server
// counts every object it accepted), and that every failure ends in the right typed error.
import { describe, expect, it } from 'vitest';
import {
  BrazeApiError,
  BrazeNetworkError,
  BrazeRateLimitError,
  BrazeTimeoutError,
  createBrazeClient,
  type RetryInfo,
} from '../src/index.js';
import { useLoadServer } from './helpers/load-server.js';

const KEY = 'resilience-key-91c2';
const server = useLoadServer();

function client(url: string, extra: object = {}) {
  const retries: RetryInfo[] = [];
  const braze = createBrazeClient({
    apiKey: KEY,
    baseUrl: url,
    retry: { baseDelayMs: 5, maxDelayMs: 20, onRetry: (info) => retries.push(info) },
    ...extra,
  });
  return { braze, retries };
}

const event = (id: string) => ({ external_id: id, name: 'played_song', time: '2026-11-22T10:00:00Z' });

describe('429: retried after the reset time, for every operation', () => {
  it('waits for the reset and then succeeds, sending each object once', async () => {
    const s = await server({ rateLimit: { requests: 3, windowSeconds: 1 } });
    const { braze, retries } = client(s.url, { rateLimit: false });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => braze.users.track({ events: [event(`u${i}`)] })));
    expect(results.every((r) => r.message === 'success')).toBe(true);
    expect(s.stats()).toMatchObject({ rejected429: 2, objects: 5, duplicates: 0 });
    expect(retries.map((r) => r.reason)).toEqual(['rate-limited', 'rate-limited']);
    expect(retries[0].delayMs).toBeGreaterThan(0);
    // The retried calls waited for the next window instead of hammering the server.
    expect(Date.now() - started).toBeGreaterThanOrEqual(retries[0].delayMs - 100);
  });

  it('ends in a BrazeRateLimitError with the reset time once retries are used up', async () => {
    const s = await server({ rateLimit: { requests: 1, windowSeconds: 60 } });
    const { braze } = client(s.url, { rateLimit: false, retry: { retries: 2, maxRateLimitWaitMs: 1_000 } });
    await braze.users.delete({ external_ids: ['a'] });
    const error = await braze.users.delete({ external_ids: ['b'] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeRateLimitError);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error).toMatchObject({ status: 429, operationId: 'users.delete', rateLimit: { limit: 1, remaining: 0 } });
    expect(error.rateLimit.reset).toBeGreaterThan(Date.now() / 1000);
    expect(s.stats().rejected429).toBe(1); // the wait was over the cap: no pointless retries
  });
});

describe('5xx: retried only when the operation is idempotent', () => {
  it('retries a delete after a 503 with backoff', async () => {
    let calls = 0;
    const s = await server({ respond: () => (++calls <= 2 ? { status: 503, body: { message: 'Service Unavailable' } } : { deleted: 1 }) });
    const { braze, retries } = client(s.url);
    await expect(braze.users.delete({ external_ids: ['gone'] })).resolves.toMatchObject({ deleted: 1 });
    expect(retries).toMatchObject([
      { reason: 'server-error', status: 503, attempt: 1 },
      { reason: 'server-error', status: 503, attempt: 2 },
    ]);
  });

  it('does not retry /users/track with events after a 503 that may have landed: it surfaces it', async () => {
    const s = await server({ faults: { status503: 1 } });
    const { braze, retries } = client(s.url);
    const error = await braze.users.track({ events: [event('u1')] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error).toMatchObject({ status: 503, operationId: 'users.track' });
    expect(retries).toEqual([]);
    expect(s.stats()).toMatchObject({ requests: 1, objects: 1, duplicates: 0 });
  });

  it('retries /users/track when it only sets attributes', async () => {
    let calls = 0;
    const s = await server({ respond: () => (++calls === 1 ? { status: 500, body: { message: 'oops' } } : undefined) });
    const { braze, retries } = client(s.url);
    await braze.users.track({ attributes: [{ external_id: 'u1', first_name: 'Ada' }] });
    expect(retries.map((r) => r.reason)).toEqual(['server-error']);
  });

  it('does not retry an attribute increment, which would apply twice', async () => {
    const s = await server({ faults: { status503: 1 } });
    const { braze, retries } = client(s.url);
    const error = await braze.users.track({ attributes: [{ external_id: 'u1', visits: { inc: 1 } }] }).catch((e) => e);
    expect(error).toMatchObject({ status: 503 });
    expect(retries).toEqual([]);
  });
});

describe('dropped connections', () => {
  it('are retried for idempotent operations', async () => {
    const s = await server({ faults: { dropFirst: 1 } });
    const { braze, retries } = client(s.url);
    await expect(braze.users.delete({ external_ids: ['x'] })).resolves.toMatchObject({ message: 'success' });
    expect(retries).toMatchObject([{ reason: 'network', attempt: 1 }]);
    expect(s.stats()).toMatchObject({ dropped: 1, accepted: 1 });
  });

  it('end in a BrazeNetworkError when every attempt is dropped', async () => {
    const s = await server({ faults: { drop: 1 } });
    const { braze, retries } = client(s.url, { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    const error = await braze.users.delete({ external_ids: ['x'] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeNetworkError);
    expect(s.stats().dropped).toBe(3); // the first attempt and two retries
    expect(retries).toEqual([]); // this client's own hook list was replaced by the options above
  });

  it('are not retried for /users/track with events: the request may have landed', async () => {
    const s = await server({ faults: { drop: 1 } });
    const { braze, retries } = client(s.url);
    const error = await braze.users.track({ events: [event('u1')] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeNetworkError);
    expect(error.code).toBe('ECONNRESET');
    expect(retries).toEqual([]);
    expect(s.stats()).toMatchObject({ requests: 1, objects: 1, duplicates: 0 });
    expect(JSON.stringify(error) + String(error)).not.toContain(KEY);
  });
});

describe('slow and malformed answers', () => {
  it('a slow answer ends in a BrazeTimeoutError after the per-call timeout', async () => {
    const s = await server({ faults: { slowRate: 1, slowMs: 500 } });
    const { braze } = client(s.url, { timeoutMs: 10_000 });
    const started = Date.now();
    const error = await braze.users.track({ events: [event('u1')] }, { timeoutMs: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, operationId: 'users.track' });
    expect(Date.now() - started).toBeLessThan(450);
  });

  it('an AbortSignal cancels the call', async () => {
    const s = await server({ faults: { slowRate: 1, slowMs: 500 } });
    const { braze } = client(s.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(braze.users.track({ events: [event('u1')] }, { signal: controller.signal })).rejects.toThrow('caller gave up');
  });

  it('a non-JSON error page becomes a BrazeApiError carrying the start of the page', async () => {
    const s = await server({ faults: { nonJson: 1 } });
    const { braze } = client(s.url, { retry: false });
    const error = await braze.users.track({ events: [event('u1')] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error.status).toBe(502);
    expect(error.brazeMessage).toContain('502 Bad Gateway');
  });
});

describe('client-side pacing from x-braze-rate-limit', () => {
  it('paces a burst under the limit instead of collecting 429s', async () => {
    // users-identity is 20,000/min in the spec; the same code paces a scaled-down budget here.
    const s = await server({ rateLimit: { requests: 40, windowSeconds: 1 } });
    const { braze, retries } = client(s.url, { rateLimit: { overrides: { 'users-identity': { requests: 40, windowSeconds: 1 } } } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 100 }, (_, i) => braze.users.delete({ external_ids: [`u${i}`] })));
    const elapsed = Date.now() - started;
    expect(s.stats().rejected429).toBe(0);
    expect(retries).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(1_500); // 100 calls at 40/s need two more windows
    expect(braze.rateLimit('users.delete')).toMatchObject({ group: 'users-identity', limit: 40, windowSeconds: 1, queued: 0 });
  });

  it('shares one budget between the operations of a group', () => {
    const { braze } = client('http://127.0.0.1:1');
    expect(braze.rateLimit('users.identify')?.group).toBe('users-identity');
    expect(braze.rateLimit('users.merge')?.group).toBe('users-identity');
    expect(braze.rateLimit('users.track')).toMatchObject({ group: 'users-track', limit: 3000, windowSeconds: 3 });
  });

  it('follows X-RateLimit-Remaining when Braze has counted requests we did not send', async () => {
    const s = await server({ rateLimit: { requests: 1000, windowSeconds: 60 } });
    const { braze } = client(s.url);
    await braze.users.delete({ external_ids: ['a'] });
    const state = braze.rateLimit('users.delete')!;
    expect(state.lastSeen).toMatchObject({ limit: 1000, remaining: 999 });
    expect(state.available).toBeLessThanOrEqual(999);
  });

  it('slows down when Braze has counted more than this client sent (README: "when Braze has counted more than we sent")', async () => {
    // Braze reports 10 left of 1,000 after our first request: other tools used the rest.
    const fetch = async () =>
      new Response('{"message":"success"}', {
        status: 201,
        headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) },
      });
    const { braze } = client('http://127.0.0.1:1', { fetch, rateLimit: { overrides: { 'users-identity': { requests: 1000, windowSeconds: 60 } } } });
    await braze.users.delete({ external_ids: ['a'] });
    const state = braze.rateLimit('users.delete')!;
    expect(state.lastSeen).toMatchObject({ limit: 1000, remaining: 10 });
    // Our own count alone would leave 999.
    expect(state.available).toBeLessThanOrEqual(10);
  });

  it('can be turned off', () => {
    const { braze } = client('http://127.0.0.1:1', { rateLimit: false });
    expect(braze.rateLimit('users.track')).toBeUndefined();
  });
});
