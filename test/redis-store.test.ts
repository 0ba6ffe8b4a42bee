// The shared rate-limit store (`braze-openapi/redis`) against a real redis-server on 127.0.0.1:
// atomic counting across connections, Braze's answers tightening the budget of every process,
// per-workspace keys, and the fallbacks when Redis is unreachable or fails mid-run.
// test/alone/redis-processes.test.ts runs several processes under one budget, on its own.
import { describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { RateLimiter } from '../src/limiter.js';
import { redisStore } from '../src/redis-store.js';
import { createBrazeClient } from '../src/index.js';
import { useLoadServer } from './helpers/load-server.js';
import { freePort, proxy, startRedis, useRedis } from './helpers/redis.js';

const { redis, prefix } = useRedis();
const startLoadServer = useLoadServer();

describe('redisStore: counting', () => {
  it('grants exactly the limit to many connections racing for one budget', async () => {
    const p = prefix();
    const stores = Array.from({ length: 4 }, () => redisStore({ url: redis().url, prefix: p, workspace: 'w' }));
    try {
      const answers = await Promise.all(stores.flatMap((s) => Array.from({ length: 100 }, () => s.take('g', 150, 60_000))));
      expect(answers.filter((w) => w === 0)).toHaveLength(150);
      // The others are told to wait about a window, not a guess.
      for (const w of answers.filter((w) => w !== 0)) {
        expect(w).toBeGreaterThan(50_000);
        expect(w).toBeLessThanOrEqual(61_200); // a window, its 100 ms margin and a slot
      }
    } finally {
      await Promise.all(stores.map((s) => s.close?.()));
    }
  });

  it('counts a sliding window: starts open again as the oldest slot leaves', async () => {
    const store = redisStore({ url: redis().url, prefix: prefix(), workspace: 'w' });
    try {
      // A 2 s window: five takes on a loaded machine stay inside it, so the sixth must wait.
      for (let i = 0; i < 5; i++) expect(await store.take('g', 5, 2_000)).toBe(0);
      const wait = await store.take('g', 5, 2_000);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2_140); // the window, its 100 ms margin and a slot (2.1 s / 60)
      await new Promise((r) => setTimeout(r, wait + 5));
      expect(await store.take('g', 5, 2_000)).toBe(0);
    } finally {
      await store.close?.();
    }
  });

  it("tightens every process's budget with what one of them heard from Braze", async () => {
    const p = prefix();
    // No tolerance here: every request Braze counted beyond ours is taken for someone else's.
    const a = redisStore({ url: redis().url, prefix: p, workspace: 'w', tolerance: 0 });
    const b = redisStore({ url: redis().url, prefix: p, workspace: 'w', tolerance: 0 });
    try {
      expect(await a.take('g', 100, 60_000)).toBe(0);
      // Braze counted requests from elsewhere: 10 remain, not 99.
      await a.observe('g', 100, 60_000, { remaining: 10 });
      const grants = await Promise.all(Array.from({ length: 20 }, () => b.take('g', 100, 60_000)));
      expect(grants.filter((w) => w === 0)).toHaveLength(10);
      // A 429 with a reset blocks everyone until that reset.
      const c = redisStore({ url: redis().url, prefix: p, workspace: 'w' });
      await a.observe('h', 100, 60_000, { refused: true, remaining: 0, resetMs: Date.now() + 5_000 });
      const wait = await c.take('h', 100, 60_000);
      expect(wait).toBeGreaterThan(3_500);
      expect(wait).toBeLessThanOrEqual(5_100);
      await c.close?.();
    } finally {
      await Promise.all([a.close?.(), b.close?.()]);
    }
  });

  it("forgets requests it did not send at Braze's reset, and blocks nothing for a 0 its own count explains", async () => {
    const store = redisStore({ url: redis().url, prefix: prefix(), workspace: 'w' });
    try {
      // Braze says 0 left until its reset in 2 s (long enough that the take below comes before it
      // on a loaded machine), and we sent nothing: others used it all.
      await store.observe('g', 10, 60_000, { remaining: 0, resetMs: Date.now() + 2_000 });
      const wait = await store.take('g', 10, 60_000);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2_000);
      await new Promise((r) => setTimeout(r, wait + 20));
      expect(await store.take('g', 10, 60_000)).toBe(0); // their requests left with Braze's window
      // Our own 10 requests explain a remaining of 0: no extra wait is added for it.
      const own = redisStore({ url: redis().url, prefix: prefix(), workspace: 'w' });
      for (let i = 0; i < 10; i++) expect(await own.take('h', 10, 600)).toBe(0);
      await own.observe('h', 10, 600, { remaining: 0, resetMs: Date.now() + 5_000 });
      expect(await own.take('h', 10, 600)).toBeLessThanOrEqual(720);
      await own.close?.();
    } finally {
      await store.close?.();
    }
  });

  it('keeps workspaces apart, under the configured prefix, and never writes the key', async () => {
    const p = prefix();
    const one = redisStore({ url: redis().url, prefix: p }).bind!({ baseUrl: 'https://rest.iad-01.braze.com', apiKey: 'key-one-secret' });
    const two = redisStore({ url: redis().url, prefix: p }).bind!({ baseUrl: 'https://rest.iad-01.braze.com', apiKey: 'key-two-secret' });
    try {
      expect(await one.take('g', 1, 60_000)).toBe(0);
      expect(await one.take('g', 1, 60_000)).toBeGreaterThan(0);
      expect(await two.take('g', 1, 60_000)).toBe(0); // another workspace: its own budget
      const inspector = createClient({ url: redis().url });
      await inspector.connect();
      const keys = await inspector.keys(`${p}:*`);
      await inspector.quit();
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const key of keys) {
        expect(key.startsWith(`${p}:{rest.iad-01.braze.com:`)).toBe(true);
        expect(key).not.toContain('secret');
      }
    } finally {
      await Promise.all([one.close?.(), two.close?.()]);
    }
  });
});

describe('RateLimiter with a store: faults', () => {
  const limit = { requests: 5, windowSeconds: 60, group: 'g' };

  it('falls back to the local budget, with one warning, when Redis cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const warnings: string[] = [];
    const store = redisStore({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300 });
    const limiter = new RateLimiter({}, Date.now, { store, localShare: 0.6, onWarning: (m) => warnings.push(m) });
    const started: number[] = [];
    const calls = Array.from({ length: 4 }, (_, i) => limiter.acquire(limit, 'op', AbortSignal.timeout(2_000))?.then(() => started.push(i)));
    await Promise.allSettled(calls);
    // 60% of 5 = 3 may start on the local budget; the fourth waits for the window and times out.
    expect(started).toEqual([0, 1, 2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rate-limit store failed.*own budget/);
    await store.close?.();
  });

  it("with onStoreError 'wait', holds requests until Redis answers, then counts them there", async () => {
    const server = await startRedis();
    await server.stop();
    const warnings: string[] = [];
    const store = redisStore({ url: server.url, commandTimeoutMs: 300, prefix: prefix(), workspace: 'w' });
    const limiter = new RateLimiter({}, Date.now, { store, onStoreError: 'wait', onWarning: (m) => warnings.push(m) });
    let startedAt = 0;
    const call = limiter.acquire(limit, 'op', AbortSignal.timeout(15_000))!.then(() => (startedAt = Date.now()));
    await new Promise((r) => setTimeout(r, 700));
    expect(startedAt).toBe(0); // still waiting: nothing started without the shared count
    const back = Date.now();
    await server.restart();
    await call;
    expect(startedAt).toBeGreaterThanOrEqual(back);
    expect(warnings[0]).toMatch(/requests wait until it answers again/);
    expect(warnings.at(-1)).toMatch(/answers again/);
    await store.close?.();
    await server.stop();
  }, 20_000);

  it('four clients on one store never strand a queued call (each finishes, every row once)', async () => {
    // A call queued in the instant a drain loop ends used to wait forever: this run hung every time.
    const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 } });
    const p = prefix();
    const stores = [0, 1, 2, 3].map(() => redisStore({ url: redis().url, prefix: p, workspace: 'w' }));
    const clients = stores.map((store) =>
      createBrazeClient({ apiKey: 'k', baseUrl: server.url, rateLimit: { overrides: { 'users-track': { requests: 300, windowSeconds: 3 } }, store } }),
    );
    const results = await Promise.all(
      clients.map((c, i) => c.bulk.track(Array.from({ length: 75 * 120 }, (_, n) => ({ attributes: { external_id: `c${i}-${n}` } })), { concurrency: 8 })),
    );
    await Promise.all(stores.map((s) => s.close?.()));
    for (const r of results) expect(r).toMatchObject({ accepted: 75 * 120, failed: [], uncertain: [] });
    expect(server.stats()).toMatchObject({ duplicates: 0, distinct: 4 * 75 * 120 });
  }, 60_000);

  it('a client on a store it loses mid-run loses nothing and sends nothing twice', async () => {
    const server = await startLoadServer({ rateLimit: { requests: 40, windowSeconds: 1 } });
    const relay = await proxy(redis().port);
    const warnings: string[] = [];
    const store = redisStore({ url: relay.url, commandTimeoutMs: 300, prefix: prefix(), workspace: 'w' });
    const braze = createBrazeClient({
      apiKey: 'k',
      baseUrl: server.url,
      rateLimit: { overrides: { 'users-track': { requests: 40, windowSeconds: 1 } }, store, onWarning: (m) => warnings.push(m) },
    });
    const rows = Array.from({ length: 75 * 60 }, (_, n) => ({ attributes: { external_id: `u${n}`, visits: n } }));
    setTimeout(() => relay.cut(), 500);
    const result = await braze.bulk.track(rows, { concurrency: 4 });
    await store.close?.();
    expect(result.failed).toEqual([]);
    expect(result.accepted).toBe(rows.length);
    const stats = server.stats();
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(rows.length);
    expect(warnings.some((w) => /failed/.test(w))).toBe(true);
  }, 30_000);
});

