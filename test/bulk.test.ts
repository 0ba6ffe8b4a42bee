// The bulk helpers against the project's load server (scripts/load-server.mjs on 127.0.0.1), with
// a fast, small rate limit: every input object arrives exactly once, Braze's per-object errors
// come back mapped to the input rows, failed requests fail their items, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { createBrazeClient, type TrackRow } from '../src/index.js';
import { useLoadServer } from './helpers/load-server.js';

const server = useLoadServer();

const client = (url: string, extra: object = {}) =>
  createBrazeClient({
    apiKey: 'bulk-key',
    baseUrl: url,
    rateLimit: { overrides: { 'users-track': { requests: 20, windowSeconds: 1 }, 'users-identity': { requests: 20, windowSeconds: 1 } } },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });

function rows(n: number, withEvents = true): TrackRow[] {
  return Array.from({ length: n }, (_, i) => ({
    attributes: { external_id: `u${i}`, first_name: `User ${i}`, visits: i },
    ...(withEvents ? { events: [{ external_id: `u${i}`, name: `signup-${i}`, time: '2026-11-22T10:00:00Z' }] } : {}),
  }));
}

async function* streamed(n: number): AsyncGenerator<TrackRow> {
  for (let i = 0; i < n; i++) yield { attributes: { external_id: `s${i}`, tier: 'gold' } };
}

describe('bulk.track', () => {
  it('sends every object exactly once, packing attributes and events of the same rows together', async () => {
    const s = await server({ rateLimit: { requests: 20, windowSeconds: 1 } });
    const result = await client(s.url).bulk.track(rows(1_000));
    expect(result).toMatchObject({ sent: 2_000, accepted: 2_000, failed: [], requests: 14, stopped: false });
    expect(s.stats()).toMatchObject({ objects: 2_000, distinct: 2_000, duplicates: 0, rejected429: 0 });
    expect([...s.counts.values()].every((n: number) => n === 1)).toBe(true);
    // The same counts over HTTP, as a person comparing an import with its input would read them.
    const counts = (await (await fetch(`${s.url}/__counts`)).json()) as Record<string, number>;
    expect(counts['attributes:u0:']).toBe(1);
    expect(Object.keys(counts)).toHaveLength(2_000);
  });

  it('streams an async iterable without holding it', async () => {
    const s = await server({});
    const result = await client(s.url, { rateLimit: false }).bulk.track(streamed(5_000));
    expect(result).toMatchObject({ sent: 5_000, accepted: 5_000, requests: Math.ceil(5_000 / 75) });
    expect(s.stats().distinct).toBe(5_000);
  });

  it('maps Braze per-object errors in a 2xx answer back to the input rows', async () => {
    let call = 0;
    const s = await server({
      respond: () => (++call === 1 ? { message: 'success', errors: [{ type: "'external_id' is required", input_array: 'events', index: 3 }] } : undefined),
    });
    const result = await client(s.url, { rateLimit: false, retry: false }).bulk.track(rows(100), { concurrency: 1 });
    expect(result.sent).toBe(200);
    expect(result.accepted).toBe(199);
    expect(result.failed).toEqual([
      { index: 3, item: { events: [{ external_id: 'u3', name: 'signup-3', time: '2026-11-22T10:00:00Z' }] }, error: { message: "'external_id' is required", kind: 'object' } },
    ]);
  });

  it('fails every item of a request Braze refused, and says it was not processed', async () => {
    let call = 0;
    const s = await server({ respond: () => (++call === 2 ? { status: 400, body: { message: 'Invalid attributes' } } : undefined) });
    const result = await client(s.url, { rateLimit: false }).bulk.track(rows(150, false), { concurrency: 1 });
    expect(result.accepted).toBe(75);
    expect(result.failed).toHaveLength(75);
    expect(result.failed[0]).toMatchObject({ index: 75, error: { status: 400, message: 'Invalid attributes' } });
    expect(result.failed[0].maybeProcessed).toBeUndefined();
  });

  it('with 503s and dropped connections: attribute-only rows are retried to completion, nothing lost', async () => {
    const s = await server({ faults: { status503: 0.2, drop: 0.05 }, seed: 7 });
    const result = await client(s.url, { rateLimit: false, retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 10 } }).bulk.track(rows(1_500, false));
    expect(result).toMatchObject({ sent: 1_500, accepted: 1_500, failed: [] });
    expect(result.retries).toBeGreaterThan(0);
    expect(s.stats().distinct).toBe(1_500); // each object arrived at least once...
    // ...and the retried ones possibly twice: harmless, setting the same attributes again.
    expect(s.stats().duplicates).toBeLessThanOrEqual(result.retries * 75);
  });

  it('with 503s: rows with events are not retried (they would record twice) but reported as uncertain, so nothing is lost', async () => {
    const s = await server({ faults: { status503: 0.3 }, seed: 11 });
    const result = await client(s.url, { rateLimit: false }).bulk.track(rows(750));
    const failedObjects = result.uncertain.reduce((n, f) => n + 1 + ((f.item.events as unknown[] | undefined)?.length ?? 0), 0);
    expect(result.failed).toEqual([]);
    expect(result.uncertain.length).toBeGreaterThan(0);
    expect(result.uncertain.every((f) => f.maybeProcessed === true && f.error.status === 503)).toBe(true);
    expect(result.accepted + failedObjects).toBe(result.sent);
    expect(s.stats().duplicates).toBe(0);
  });

  it('reports progress and stops cleanly on abort, accounting for what was in flight', async () => {
    const s = await server({ rateLimit: { requests: 20, windowSeconds: 1 } });
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await client(s.url).bulk.track(rows(3_000, false), {
      total: 3_000,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        expect(p.total).toBe(3_000);
        expect(p.rate).toBeGreaterThan(0);
        if (p.done >= 300) controller.abort();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.sent).toBeLessThan(3_000);
    expect(result.accepted + result.failed.length).toBe(result.sent);
    expect(s.stats().objects).toBe(result.sent);
    expect(result.settled).toBe(result.sent); // one object per row here
    expect(progress[0]).toBe(75);
  });
});

describe('bulk.send', () => {
  it('fills one array field, 50 per request for /users/delete', async () => {
    const s = await server({});
    const ids = Array.from({ length: 120 }, (_, i) => `gone-${i}`);
    const result = await client(s.url, { rateLimit: false }).bulk.send('users.delete', ids, { field: 'external_ids' });
    expect(result).toMatchObject({ sent: 120, accepted: 120, requests: 3 });
  });

  it('asks which field to fill when the operation has several', async () => {
    const braze = client('http://127.0.0.1:1');
    await expect(braze.bulk.send('users.track', [])).rejects.toThrow(/say which array to fill with \{ field \}: one of attributes, events, purchases/);
  });

  it('merges the other body fields and path parameters into every request', async () => {
    const bodies: unknown[] = [];
    const s = await server({ respond: (_req: unknown, body: unknown) => (bodies.push(body), undefined) });
    const items = Array.from({ length: 60 }, (_, i) => ({ id: `item-${i}`, name: `Item ${i}` }));
    const result = await client(s.url, { rateLimit: false }).bulk.send('catalogs.createItems', items, { field: 'items', path: { catalog_name: 'restaurants' } });
    expect(result).toMatchObject({ sent: 60, requests: 2 });
    expect(s.stats().byPath).toEqual({ '/catalogs/restaurants/items': 2 });
    expect((bodies[0] as { items: unknown[] }).items).toHaveLength(50);
  });
});

describe('bulk.send on the other tags', () => {
  it('sets subscription states for any number of users, 50 per request', async () => {
    const bodies: any[] = [];
    const s = await server({ respond: (_req: unknown, body: unknown) => (bodies.push(body), undefined) });
    const users = Array.from({ length: 130 }, (_, i) => `user-${i}`);
    const result = await client(s.url, { rateLimit: false }).bulk.send('subscription.setStatus', users, {
      field: 'external_id',
      base: { subscription_group_id: 'b1c2d3e4-0000-4000-8000-000000000001', subscription_state: 'subscribed' },
    });
    expect(result).toMatchObject({ sent: 130, accepted: 130, requests: 3 });
    expect(bodies.map((b) => b.external_id.length).sort((a, b) => b - a)).toEqual([50, 50, 30]);
    expect(bodies.every((b) => b.subscription_state === 'subscribed')).toBe(true);
  });
});

describe('bulk.track: every row ends accepted, failed (surely not processed) or uncertain', () => {
  it('a row that fails the local checks fails alone, before packing, and is not "maybe processed"', async () => {
    const s = await server({});
    const input: TrackRow[] = rows(150, false);
    input[10] = { attributes: { first_name: 'nobody' } }; // no identifier
    const result = await client(s.url, { rateLimit: false }).bulk.track(input, { concurrency: 1 });
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ index: 10, item: { attributes: { first_name: 'nobody' } } });
    expect(result.failed[0].error.message).toMatch(/attributes\[0\].*needs one of external_id/);
    expect(result.failed[0].maybeProcessed).toBeUndefined();
    expect(result.uncertain).toEqual([]);
    expect(result).toMatchObject({ accepted: 149, sent: 149 });
    expect(s.stats()).toMatchObject({ objects: 149, distinct: 149 });
  });

  it('with validate: true, a row the schema refuses fails alone; the other 74 of its batch are sent', async () => {
    const s = await server({});
    const input: TrackRow[] = rows(75, false);
    input[3] = { attributes: { external_id: 'u3', email_subscribe: 'maybe' } };
    const result = await client(s.url, { rateLimit: false, validate: true }).bulk.track(input);
    expect(result.failed.map((f) => f.index)).toEqual([3]);
    expect(result.failed[0].error.message).toMatch(/email_subscribe/);
    expect(result.accepted).toBe(74);
    expect(s.stats().objects).toBe(74);
  });

  it('a row over the 4 MB body limit fails alone', async () => {
    const s = await server({});
    const input: TrackRow[] = rows(20, false);
    input[5] = { attributes: { external_id: 'huge', blob: 'x'.repeat(4_300_000) } };
    const result = await client(s.url, { rateLimit: false }).bulk.track(input);
    expect(result.failed.map((f) => f.index)).toEqual([5]);
    expect(result.failed[0].error.message).toMatch(/4 MB|4194304/);
    expect(result.accepted).toBe(19);
  });

  it('a batch over 4 MB is split before sending, so that rows of 100 kB all arrive', async () => {
    const s = await server({});
    const input: TrackRow[] = Array.from({ length: 75 }, (_, i) => ({ attributes: { external_id: `big${i}`, notes: 'n'.repeat(100_000) } }));
    const result = await client(s.url, { rateLimit: false }).bulk.track(input);
    expect(result).toMatchObject({ accepted: 75, sent: 75, failed: [], uncertain: [], settled: 75 });
    expect(result.requests).toBeGreaterThanOrEqual(2);
    expect(s.stats()).toMatchObject({ objects: 75, distinct: 75, requests: result.requests });
  });

  it('bulk.send: with validate: true an item the schema refuses fails alone', async () => {
    const s = await server({});
    const ids: unknown[] = Array.from({ length: 50 }, (_, i) => `gone-${i}`);
    ids[7] = { not: 'an id' };
    const result = await client(s.url, { rateLimit: false, validate: true }).bulk.send('users.delete', ids, { field: 'external_ids' });
    expect(result.failed.map((f) => f.index)).toEqual([7]);
    expect(result).toMatchObject({ accepted: 49, requests: 1 });
  });

  it('a refused connection is a failure that never left: failed, not uncertain', async () => {
    const s = await server({});
    const url = s.url;
    await s.close();
    const result = await client(url, { rateLimit: false, retry: false }).bulk.track(rows(200));
    // Nothing listens: the first request alone was tried, the run stopped, nothing is uncertain.
    expect(result.stopReason).toMatchObject({ code: 'ECONNREFUSED' });
    expect(result.settled).toBe(75);
    expect(result.failed).toHaveLength(75);
    expect(result.uncertain).toEqual([]);
    expect(result.failed.every((f) => f.maybeProcessed === undefined)).toBe(true);
  });

  it('honours an error that says it was not sent (sent: false)', async () => {
    const { createBulk } = await import('../src/bulk.js');
    const { endpointOf } = await import('../src/endpoints.js');
    let calls = 0;
    const bulk = createBulk(async () => {
      calls++;
      throw Object.assign(new Error('queued past its timeout'), { name: 'BrazeTimeoutError', sent: false });
    }, () => 0, endpointOf);
    const result = await bulk.track(rows(100));
    expect(calls).toBe(2);
    expect(result.failed).toHaveLength(100);
    expect(result.uncertain).toEqual([]);
  });

  it('503s after the server counted the batch: rows with events are uncertain, and retrying exactly result.failed duplicates nothing', async () => {
    const s = await server({ faults: { status503: 0.3, drop: 0.1 }, seed: 11 });
    const braze = client(s.url, { rateLimit: false });
    const input = rows(750);
    input[7] = { attributes: { visits: 1 } }; // one surely-failed row among the uncertain ones
    const result = await braze.bulk.track(input);
    expect(result.uncertain.length).toBeGreaterThan(0);
    expect(result.uncertain.every((f) => f.maybeProcessed === true && (f.error.status === 503 || f.error.kind === 'BrazeNetworkError'))).toBe(true);
    expect(result.failed.map((f) => f.index)).toEqual([7]);
    const objects = (list: typeof result.failed) => list.reduce((n, f) => n + (f.item.attributes ? 1 : 0) + (f.item.events?.length ?? 0), 0);
    expect(result.accepted + objects(result.uncertain)).toBe(result.sent);
    // The retry of result.failed (fixed) goes to a clean server: nothing arrives twice overall.
    const before = new Map(s.counts);
    const s2 = await server({});
    const retry = await client(s2.url, { rateLimit: false }).bulk.track(result.failed.map((f) => (f.index === 7 ? { attributes: { external_id: 'u7', visits: 1 } } : f.item)));
    expect(retry.failed).toEqual([]);
    for (const key of s2.counts.keys()) expect(before.get(key) ?? 0).toBe(0);
  });

  it('stops at the first 401: one request, nothing else sent, and says why', async () => {
    const s = await server({ respond: () => ({ status: 401, body: { message: 'Invalid API key: bulk-key' } }) });
    const result = await client(s.url, { rateLimit: false }).bulk.track(rows(3_000, false), { concurrency: 8 });
    expect(s.stats().requests).toBe(1);
    expect(result.stopped).toBe(true);
    expect(result.stopReason).toMatchObject({ status: 401 });
    expect(result.failed).toHaveLength(75);
    expect(result.uncertain).toEqual([]);
    expect(result.settled).toBe(75);
  });

  it('stops when the first answer is a 404 (a wrong base URL)', async () => {
    const s = await server({ respond: () => ({ status: 404, body: { message: 'Not found' } }) });
    const result = await client(s.url, { rateLimit: false }).bulk.track(rows(1_000, false));
    expect(s.stats().requests).toBe(1);
    expect(result.stopReason).toMatchObject({ status: 404 });
  });

  it('after a stop, resuming from `settled` sends every object exactly once, rows split over requests included', async () => {
    const s = await server({ rateLimit: { requests: 10, windowSeconds: 1 } });
    const input: TrackRow[] = Array.from({ length: 2_000 }, (_, i) => ({
      attributes: { external_id: `r${i}` },
      // Every 50th row has 100 events: it travels in two requests.
      ...(i % 50 === 49 ? { events: Array.from({ length: 100 }, (_, k) => ({ external_id: `r${i}`, name: `e${k}`, time: '2026-11-22T10:00:00Z' })) } : {}),
    }));
    const controller = new AbortController();
    const braze = client(s.url, { rateLimit: { overrides: { 'users-track': { requests: 10, windowSeconds: 1 } } } });
    const first = await braze.bulk.track(input, {
      concurrency: 3,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.requests >= 7) controller.abort();
      },
    });
    expect(first.stopped).toBe(true);
    expect(first.settled).toBeGreaterThan(0);
    expect(first.settled).toBeLessThan(2_000);
    const second = await braze.bulk.track(input.slice(first.settled));
    expect(second.stopped).toBe(false);
    const stats = s.stats();
    expect(stats.duplicates).toBe(0);
    expect(stats.objects).toBe(2_000 + 40 * 100);
  });
});

describe('bulk.track row shapes', () => {
  it('takes a flat row with events and purchases beside its attributes, carrying the identifier into each', async () => {
    const s = await server({});
    const result = await client(s.url, { rateLimit: false }).bulk.track([
      { external_id: 'f1', first_name: 'Ada', events: [{ name: 'signup', time: '2026-11-22T10:00:00Z' }], purchases: [{ product_id: 'p1', currency: 'USD', price: 1, time: '2026-11-22T10:00:00Z' }] },
      { user_alias: { alias_name: 'a2', alias_label: 'crm' }, events: [{ name: 'visit', time: '2026-11-22T10:00:00Z' }] },
    ] as never);
    expect(result).toMatchObject({ accepted: 4, failed: [], uncertain: [] });
    expect(Object.keys(Object.fromEntries(s.counts)).sort()).toEqual(['attributes:f1:', 'events:crm:a2:visit', 'events:f1:signup', 'purchases:f1:p1']);
  });

  it('refuses a row whose shape is ambiguous, alone, with a message; never a custom attribute', async () => {
    const s = await server({});
    const result = await client(s.url, { rateLimit: false }).bulk.track([
      { attributes: { external_id: 'x1' }, external_id: 'x1' },
      { external_id: 'x2', events: { name: 'signup' } },
      { attributes: { external_id: 'x3' }, extra: 1 },
      { external_id: 'ok', first_name: 'Fine' },
    ] as never);
    expect(result.failed.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(result.failed[0].error.message).toMatch(/external_id.*beside.*attributes/);
    expect(result.failed[1].error.message).toMatch(/events.*array/);
    expect(result.failed[2].error.message).toMatch(/extra/);
    expect(s.stats().objects).toBe(1);
  });
});
