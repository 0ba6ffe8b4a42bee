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

  it('with 503s: rows with events are not retried (they would record twice) but reported, so nothing is lost', async () => {
    const s = await server({ faults: { status503: 0.3 }, seed: 11 });
    const result = await client(s.url, { rateLimit: false }).bulk.track(rows(750));
    const failedObjects = result.failed.reduce((n, f) => n + 1 + (f.item.events?.length ?? 0), 0);
    expect(result.failed.length).toBeGreaterThan(0);
    expect(result.failed.every((f) => f.maybeProcessed === true && f.error.status === 503)).toBe(true);
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
    expect(result.itemsSent).toBe(result.sent); // one object per row here
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
