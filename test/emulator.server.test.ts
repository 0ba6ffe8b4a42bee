// How the emulator answers before any handler runs: the key and its permissions, the documented
// rate limits as fixed windows, fault injection, Braze's 400 body for requests the spec refuses,
// a spec given as a parameter, and the package's own client talking to it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/emulator/index.js';
import { createBrazeClient, BrazeApiError } from '../src/index.js';
import { call, exampleRequest } from './helpers/emulator.js';
import { operation, problems, validatorFor } from './helpers/spec.js';

const running: Emulator[] = [];
async function start(options: EmulatorOptions = {}) {
  const e = await startEmulator({ checkResponses: true, ...options });
  running.push(e);
  return e;
}
/** Waits for the start of a fresh fixed window, so that a burst of calls falls in one window. */
async function freshWindow(seconds: number) {
  const ms = seconds * 1000;
  const left = ms - (Date.now() % ms);
  if (left < ms - 50 || left > ms) await new Promise((r) => setTimeout(r, left + 20));
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

describe('keys and permissions', () => {
  it('answers 401 without a key, and 401 for a key it does not know when keys are configured', async () => {
    const e = await start({ keys: { 'full-key': '*', 'track-only': ['users.track'] } });
    const none = await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, null);
    expect(none.status).toBe(401);
    expect(problems(validatorFor('BrazeError'), none.body)).toEqual([]);
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'stranger')).status).toBe(401);
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'full-key')).status).toBe(201);
  });

  it("answers 403 for a call outside the key's permissions, read from x-braze-permission", async () => {
    const e = await start({ keys: { 'track-only': ['users.track'] } });
    expect(operation('users.track').operation['x-braze-permission']).toBe('users.track');
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'track-only')).status).toBe(201);
    const denied = await call(e.url, 'POST', '/users/export/ids', { external_ids: ['u'] }, 'track-only');
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain(operation('users.exportIds').operation['x-braze-permission']);
    expect(JSON.stringify(denied.body)).not.toContain('track-only');
  });
});

describe('client-side keys (BrazeClientKey, the Device Messaging API)', () => {
  const example = (id: string) => JSON.parse(String(exampleRequest(operation(id)).init.body));
  const sync = example('deviceMessaging.syncBanners');
  const trackEvents = example('deviceMessaging.trackBannerEvents');

  it('takes a client-side key only on the Banner operations and a REST key only elsewhere', async () => {
    const e = await start({ keys: { 'rest-key': '*' }, clientKeys: { 'app-key': ['banners.sync'] } });
    expect(operation('deviceMessaging.syncBanners').operation.security).toEqual([{ BrazeClientKey: [] }]);
    expect((await call(e.url, 'POST', '/v1/device-messaging/banners/sync', sync, 'app-key')).status).toBe(200);
    // A REST key, even one with every permission, is not a client-side key: 401 in Banner retrieval's shape.
    const rest = await call(e.url, 'POST', '/v1/device-messaging/banners/sync', sync, 'rest-key');
    expect(rest.status).toBe(401);
    expect(problems(validatorFor('DeviceMessagingSyncError'), rest.body)).toEqual([]);
    expect(JSON.stringify(rest.body)).not.toContain('rest-key');
    // And a client-side key opens no REST operation.
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'app-key')).status).toBe(401);
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'rest-key')).status).toBe(201);
  });

  it("answers a client-side key outside its permissions as each Banner operation documents: 403 for tracking, 401 for retrieval", async () => {
    const e = await start({ clientKeys: { 'sync-only': ['banners.sync'], 'track-only': ['banners.track'] } });
    const denied = await call(e.url, 'POST', '/v1/device-messaging/banners/track', trackEvents, 'sync-only');
    expect(denied.status).toBe(403);
    expect(problems(validatorFor('DeviceMessagingTrackError'), denied.body)).toEqual([]);
    expect(denied.body.message).toContain('banners.track');
    expect((await call(e.url, 'POST', '/v1/device-messaging/banners/track', trackEvents, 'track-only')).status).toBe(202);
    const retrieval = await call(e.url, 'POST', '/v1/device-messaging/banners/sync', sync, 'track-only');
    expect(retrieval.status).toBe(401);
    expect(retrieval.body).toEqual({ error: expect.stringContaining('banners.sync') });
  });

  it('reports refused Banner events with their index, in the tracking error shape', async () => {
    const e = await start();
    const res = await call(e.url, 'POST', '/v1/device-messaging/banners/track', { ...trackEvents, events: [trackEvents.events[0], { id: 'b', event_type: 'hover' }] }, 'any');
    expect(res.status).toBe(400);
    expect(problems(validatorFor('DeviceMessagingTrackError'), res.body)).toEqual([]);
    expect(res.body.errors.map((x: { index: number }) => x.index)).toContain(1);
  });

  it('accepts any key on both kinds of operation when no keys are configured', async () => {
    const e = await start();
    expect((await call(e.url, 'POST', '/v1/device-messaging/banners/sync', sync, 'whatever')).status).toBe(200);
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] }, 'whatever')).status).toBe(201);
  });
});

describe('paths as the spec writes them', () => {
  it('matches a path the spec writes with a trailing slash, and still takes a trailing slash the spec does not write', async () => {
    const e = await start();
    expect(Object.keys(JSON.parse(readFileSync(fileURLToPath(new URL('../generated/openapi.json', import.meta.url)), 'utf8')).paths)).toContain('/templates/email/translations/');
    const got = await call(e.url, 'GET', '/templates/email/translations/?template_id=t1');
    expect(got.status).toBe(200);
    expect((await call(e.url, 'GET', '/templates/email/translations?template_id=t1')).status).toBe(404);
    expect((await call(e.url, 'POST', '/users/track/', { attributes: [{ external_id: 'u' }] })).status).toBe(201);
  });
});

describe('rate limits', () => {
  it('runs the documented limit as a fixed window with X-RateLimit-* headers, then 429s', async () => {
    // users.track: 3,000 per 3 seconds, scaled by 0.001 to 3 per 3 seconds.
    const e = await start({ rateLimit: { scale: 0.001 } });
    const body = { attributes: [{ external_id: 'u' }] };
    await freshWindow(3);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(e.url, 'POST', '/users/track', body));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    for (const a of answers) expect(a.headers.get('x-ratelimit-limit')).toBe('3');
    const reset = Number(answers[3].headers.get('x-ratelimit-reset'));
    const now = Date.now() / 1000;
    expect(reset).toBeGreaterThan(now - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 3);
    expect(reset % 3).toBe(0);
    expect(problems(validatorFor('BrazeError'), answers[3].body)).toEqual([]);
    const retryAfter = Number(answers[3].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    // The 429 did not process anything: two profiles... one, tracked three times.
    expect(e.state.profiles).toHaveLength(1);
    // Another key has its own budget.
    expect((await call(e.url, 'POST', '/users/track', body, 'other-key')).status).toBe(201);
  });

  it('shares one budget between the operations of a group (users-identity)', async () => {
    const e = await start({ rateLimit: { scale: 0.0001 } }); // 20,000/min becomes 2/min
    if (Date.now() % 60_000 > 55_000) await freshWindow(60);
    expect((await call(e.url, 'POST', '/users/alias/new', { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] })).status).toBe(201);
    expect((await call(e.url, 'POST', '/users/delete', { external_ids: ['x'] })).status).toBe(201);
    const third = await call(e.url, 'POST', '/users/identify', { aliases_to_identify: [{ external_id: 'x', user_alias: { alias_name: 'a', alias_label: 'l' } }] });
    expect(third.status).toBe(429);
    expect(third.headers.get('x-ratelimit-limit')).toBe('2');
    // A different group is untouched.
    expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] })).status).toBe(201);
  });

  it('can be turned off', async () => {
    const e = await start({ rateLimit: false });
    for (let i = 0; i < 5; i++) expect((await call(e.url, 'POST', '/users/export/ids', { external_ids: ['u'] })).status).toBe(201);
  });
});

describe('faults', () => {
  it('answers a share of requests 503 without processing them, the same ones for the same seed', async () => {
    const runOnce = async () => {
      const e = await start({ faults: { error503: 0.5, seed: 7 }, rateLimit: false });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: `u${i}` }] })).status);
      return { statuses, profiles: e.state.profiles.length };
    };
    const a = await runOnce();
    const b = await runOnce();
    expect(a.statuses).toEqual(b.statuses);
    const failures = a.statuses.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(17);
    expect(a.profiles).toBe(20 - failures);
  });

  it('drops connections before processing, or after processing (the request landed but no answer came)', async () => {
    const before = await start({ faults: { drop: 1 } });
    await expect(call(before.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] })).rejects.toThrow();
    expect(before.state.profiles).toHaveLength(0);
    const after = await start({ faults: { dropAfterProcessing: 1 } });
    await expect(call(after.url, 'POST', '/users/track', { attributes: [{ external_id: 'u' }] })).rejects.toThrow();
    expect(after.state.profiles).toHaveLength(1);
  });

  it('slows answers down by delayMs', async () => {
    const e = await start({ faults: { delayMs: 250 } });
    const t0 = performance.now();
    expect((await call(e.url, 'GET', '/campaigns/list')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
  });
});

describe('validation', () => {
  it("refuses a body the spec refuses with Braze's 400 body naming the field", async () => {
    const e = await start();
    const res = await call(e.url, 'POST', '/users/export/ids', { external_ids: ['u'], fields_to_export: ['favourite_colour'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Invalid request: /);
    expect(res.body.errors.join('\n')).toContain('/fields_to_export/0');
    expect(problems(validatorFor('BrazeError'), res.body)).toEqual([]);
  });

  it('checks query parameters too', async () => {
    const e = await start();
    const res = await call(e.url, 'GET', '/email/unsubscribes?end_date=not-a-date');
    expect(res.status).toBe(400);
    expect(res.body.errors.join('\n')).toContain('end_date');
    expect((await call(e.url, 'GET', '/messages/scheduled_broadcasts')).status).toBe(400);
  });

  it('validates against the description it is given', async () => {
    const file = fileURLToPath(new URL('../generated/openapi.json', import.meta.url));
    const strict = JSON.parse(readFileSync(file, 'utf8'));
    strict.components.schemas.UsersExportIdsRequest.properties.external_ids.maxItems = 1;
    const tight = await start({ spec: strict });
    const loose = await start({ spec: file });
    const body = { external_ids: ['a', 'b'] };
    expect((await call(tight.url, 'POST', '/users/export/ids', body)).status).toBe(400);
    expect((await call(loose.url, 'POST', '/users/export/ids', body)).status).toBe(201);
  });

  it('with checkResponses, an answer that breaks the response schema becomes a 500 naming the problem', async () => {
    const file = fileURLToPath(new URL('../generated/openapi.json', import.meta.url));
    const changed = JSON.parse(readFileSync(file, 'utf8'));
    changed.components.schemas.UsersExportIdsResponse.required = ['message', 'never_sent'];
    const e = await start({ spec: changed });
    const res = await call(e.url, 'POST', '/users/export/ids', { external_ids: ['u'] });
    expect(res.status).toBe(500);
    expect(res.body.message).toContain('never_sent');
  });

  it('answers 413 to a body over 4 MB', async () => {
    const e = await start();
    const res = await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'u', blob: 'x'.repeat(4 * 1024 * 1024) }] });
    expect(res.status).toBe(413);
    expect(e.state.profiles).toHaveLength(0);
  });

  it('answers 404 for a path the spec does not have', async () => {
    const e = await start();
    expect((await call(e.url, 'GET', '/no/such/thing')).status).toBe(404);
  });
});

describe("the package's client against the emulator", () => {
  it('tracks, exports, pages catalog items and sees API errors', async () => {
    const e = await start({ keys: { 'client-key': '*', 'narrow-key': ['users.track'] } });
    const braze = createBrazeClient({ baseUrl: e.url, apiKey: 'client-key' });
    const tracked = await braze.users.track({ attributes: [{ external_id: 'c1', first_name: 'Cy', points: { inc: 3 } }], events: [{ external_id: 'c1', name: 'login', time: '2024-05-01T00:00:00Z' }] });
    expect(tracked).toMatchObject({ message: 'success', attributes_processed: 1, events_processed: 1 });
    const exported = await braze.users.exportIds({ external_ids: ['c1'] });
    expect(exported.users?.[0]).toMatchObject({ external_id: 'c1', first_name: 'Cy', custom_attributes: { points: 3 }, custom_events: [{ name: 'login', count: 1 }] });

    await braze.catalogs.create({ catalogs: [{ name: 'shop', description: 'Shop', fields: [{ name: 'id', type: 'string' }, { name: 'Price', type: 'number' }] }] });
    for (let i = 0; i < 2; i++) {
      await braze.catalogs.createItems({ path: { catalog_name: 'shop' }, body: { items: Array.from({ length: 40 }, (_, j) => ({ id: `p${i * 40 + j}`, Price: j })) } });
    }
    const ids: string[] = [];
    for await (const item of braze.paginate('catalogs.listItems', { path: { catalog_name: 'shop' } })) ids.push((item as { id: string }).id);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);

    const narrow = createBrazeClient({ baseUrl: e.url, apiKey: 'narrow-key', retry: false });
    const error = await narrow.users.exportIds({ external_ids: ['c1'] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect((error as BrazeApiError).status).toBe(403);
    expect(JSON.stringify(error) + String(error)).not.toContain('narrow-key');
  });

  it('never sends an event twice when the answer to it is lost', async () => {
    const e = await start({ faults: { dropAfterProcessing: 1 } });
    const braze = createBrazeClient({ baseUrl: e.url, apiKey: 'k', retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    // Not any failure: a network error that says the request left, so the caller knows it may have landed.
    await expect(braze.users.track({ events: [{ external_id: 'u', name: 'paid', time: '2024-05-01T00:00:00Z' }] })).rejects.toMatchObject({
      name: 'BrazeNetworkError',
      sent: true,
    });
    expect(e.state.events).toHaveLength(1);
  });
});
