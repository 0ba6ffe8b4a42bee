// One table over every operation of the description: the emulator's answers to the documented
// example request (sent raw and through the package's client), to a request without a key, with a
// key lacking the permission, over a spent rate-limit budget, under an injected failure, and with
// a body the spec refuses; each has the expected status and validates against the response schema
// the spec gives for that operation and status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { operations, problems, spec, tolerantSpec, validatorAt } from './helpers/spec.js';
import { exampleInput, exampleRequest, requestPointer, responsePointer } from './helpers/emulator.js';
import { createBrazeClient, type OperationId } from '../src/index.js';
import { parseBrazeDate } from '../src/emulator/dates.js';

let emulator: Emulator;
/** Keys without permissions, a limit of one request per window, and every request failing. */
let strict: Emulator;
let failing: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  strict = await startEmulator({
    keys: { 'no-permissions': [], 'budget-key': '*' },
    clientKeys: { 'client-no-permissions': [], 'client-budget-key': '*' },
    rateLimit: { scale: 1e-9 },
  });
  failing = await startEmulator({ faults: { error503: 1 } });
});
afterAll(async () => {
  await Promise.all([emulator.close(), strict.close(), failing.close()]);
});

function statusKey(op: (typeof operations)[number], status: number): string {
  const documented = Object.keys(op.operation.responses);
  if (documented.includes(String(status))) return String(status);
  if (documented.includes(`${String(status)[0]}XX`)) return `${String(status)[0]}XX`;
  throw new Error(`${op.operationId} answered ${status}, which the spec does not document (${documented.join(', ')})`);
}

async function send(op: (typeof operations)[number], mutate?: (init: any) => void, base = emulator.url) {
  const { url, init } = exampleRequest(op);
  mutate?.(init);
  const res = await fetch(`${base}${url}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

function validates(op: (typeof operations)[number], res: { status: number; body: unknown }) {
  const key = statusKey(op, res.status);
  const pointer = responsePointer(op, key);
  if (res.body === undefined) {
    expect(pointer, `${op.operationId} ${res.status} has no body but the spec describes one`).toBeUndefined();
    return;
  }
  expect(pointer, `${op.operationId} ${res.status} has a body but the spec describes none`).toBeDefined();
  expect(problems(validatorAt(pointer!), res.body), `${op.operationId} ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toEqual([]);
}

/**
 * Puts into the store what an operation's example names (the catalog, its items, a schedule, a
 * content block, a template), so that the example request meets existing state, as it would on a
 * workspace where those objects exist. A create example gets an empty store instead.
 */
function seedFor(op: (typeof operations)[number]) {
  const store = emulator.store;
  store.reset();
  const { url, init } = exampleRequest(op);
  const body = init.body ? JSON.parse(String(init.body)) : {};
  const parsed = new URL(url, 'http://x');
  const segments = parsed.pathname.split('/').map(decodeURIComponent);
  const at = new Date().toISOString();
  if (op.path.startsWith('/catalogs/')) {
    const items: any[] = [...(body.items ?? [])];
    const fields = new Map<string, string>([['id', 'string']]);
    const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v && typeof v === 'object' ? ('$add' in v || '$remove' in v ? 'array' : 'object') : typeof v === 'string' && parseBrazeDate(v) ? 'time' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string');
    for (const item of items) for (const [k, v] of Object.entries(item)) if (!fields.has(k)) fields.set(k, typeOf(v));
    const catalog = { name: segments[2], description: 'seeded', fields: [...fields].map(([name, type]) => ({ name, type })), items: new Map(), updated_at: at };
    store.catalogs.set(catalog.name, catalog);
    const creating = op.operationId === 'catalogs.createItems' || op.operationId === 'catalogs.createItem';
    if (!creating) {
      const ids = segments[4] !== undefined ? [segments[4]] : items.map((i) => i.id);
      for (const id of ids) catalog.items.set(id, { id });
    }
  }
  if (body.schedule_id) {
    const kind = op.operationId.startsWith('campaigns') ? 'campaign' : op.operationId.startsWith('canvas') ? 'canvas' : 'messages';
    store.schedules.push({ schedule_id: body.schedule_id, dispatch_id: 'd', kind, name: 'seeded', schedule: { time: '2030-01-01T00:00:00.000Z' }, request: {}, created_at: at } as any);
  }
  const blockId = body.content_block_id ?? parsed.searchParams.get('content_block_id');
  if (blockId) store.contentBlocks.set(blockId, { content_block_id: blockId, name: 'seeded', content: 'hello', state: 'active', tags: [], created_at: at, last_edited: at });
  if (op.path.startsWith('/preference_center/v1/{')) {
    const id = segments[3];
    store.preferenceCenters.set(id, { preference_center_api_id: id, name: body.name ?? 'Seeded', preference_center_page_html: '<p>x</p>', confirmation_page_html: '<p>y</p>', state: 'active', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' });
    if (segments[5] !== undefined) store.createProfile({ external_id: segments[5] });
  }
  if (op.path.startsWith('/data_objects/objects/{type_name}/')) {
    // The object of the URL, the related object and the user of the example, and the link itself
    // unless the example creates it.
    const [typeName, id] = [segments[3], segments[4]];
    const put = (type_name: string, external_id: string) => store.dataObjects.set(`${type_name}\u0000${external_id}`, { type_name, external_id, attributes: { name: external_id } });
    put(typeName, id);
    const creating = op.method === 'post';
    if (body.related_type_name) {
      put(body.related_type_name, body.related_external_id);
      const [from, to] = (body.anchor ?? 'source') === 'source' ? [{ type_name: typeName, external_id: id }, { type_name: body.related_type_name, external_id: body.related_external_id }] : [{ type_name: body.related_type_name, external_id: body.related_external_id }, { type_name: typeName, external_id: id }];
      if (!creating) store.objectLinks.push({ rel_kind: body.rel_kind, from, to, attributes: {} });
    }
    if (body.braze_id) {
      store.createProfile({ external_id: 'data-object-user' }).braze_id = body.braze_id;
      if (!creating) store.userLinks.push({ type_name: typeName, external_id: id, rel_kind: body.rel_kind, braze_id: body.braze_id, attributes: {} });
    }
  }
  if (op.path.startsWith('/data_objects/')) {
    // The type the example names exists, as it would once defined in the dashboard.
    const typeName = segments[3];
    if (typeName && !store.dataObjectTypes.has(typeName)) store.dataObjectTypes.set(typeName, { type_name: typeName, metadata: {}, implicit: true });
  }
  const templateId = body.email_template_id ?? parsed.searchParams.get('email_template_id');
  if (templateId) store.emailTemplates.set(templateId, { email_template_id: templateId, template_name: 'seeded', tags: [], created_at: at, updated_at: at });
}

describe('every operation answers as the spec says', () => {
  it('covers every operation of the description', () => {
    expect(operations.length).toBe(Object.values<any>(spec.paths).reduce((n, item) => n + ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m]).length, 0));
    expect(operations.length).toBeGreaterThan(90);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s: the example request gets a 2xx answer that validates', async (_id, op) => {
    seedFor(op);
    const res = await send(op);
    validates(op, res);
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s: the client calls it with the example and gets a valid answer', async (operationId, op) => {
    seedFor(op);
    const braze = createBrazeClient({ apiKey: 'client-key', clientKey: 'client-side-key', baseUrl: emulator.url, scim: { token: 'scim-token', origin: 'idp.example.com' }, retry: false });
    const data = await braze.call(operationId as OperationId, exampleInput(op) as never);
    const status = Object.keys(op.operation.responses).find((s) => s.startsWith('2'))!;
    const pointer = responsePointer(op, status);
    if (pointer) expect(problems(validatorAt(pointer), data)).toEqual([]);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s: no key gives a 401 that validates', async (_id, op) => {
    const res = await send(op, (init) => delete init.headers.authorization);
    expect(res.status).toBe(401);
    validates(op, res);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s: a key without its permission gets a 403, a spent budget a 429, a failure a 503, each valid', async (_id, op) => {
    // The Device Messaging operations take a client-side key (BrazeClientKey), the others a REST key.
    const clientSide = (op.operation.security ?? spec.security).some((req: object) => 'BrazeClientKey' in req);
    const [narrow, budget] = clientSide ? ['client-no-permissions', 'client-budget-key'] : ['no-permissions', 'budget-key'];
    const denied = await send(op, (init) => (init.headers.authorization = `Bearer ${narrow}`), strict.url);
    // Where the operation documents no 403 (Banner retrieval), a missing permission is a 401.
    expect(denied.status).toBe('403' in op.operation.responses ? 403 : 401);
    validates(op, denied);
    const unlimited = op.operation['x-braze-rate-limit']?.unlimited === true;
    const withBudgetKey = () => send(op, (init) => (init.headers.authorization = `Bearer ${budget}`), strict.url);
    const first = await withBudgetKey();
    let second = await withBudgetKey();
    if (!unlimited) {
      // The windows are aligned on the clock (users.track's lasts 3 seconds): when one ends between
      // the two calls, the next call is the second of the new window.
      if (second.status !== 429 && second.headers.get('x-ratelimit-reset') !== first.headers.get('x-ratelimit-reset')) second = await withBudgetKey();
      expect(second.status).toBe(429);
      expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
      validates(op, second);
    }
    const failed = await send(op, undefined, failing.url);
    expect(failed.status).toBe(503);
    validates(op, failed);
  });

  it.each(operations.filter((op) => op.operation.requestBody).map((op) => [op.operationId, op] as const))('%s: a body that breaks the schema gives a 400 that validates', async (_id, op) => {
    // The emulator checks requests against the tolerant view, which lets unknown fields through:
    // the body sent is the first of these that the tolerant view refuses.
    const candidates = [{ not_a_field_of_any_request: [1, 2, 3] }, ['not', 'an', 'object']];
    const broken = candidates.find((body) => problems(validatorAt(requestPointer(op, tolerantSpec), 'tolerant'), body).length > 0);
    expect(broken, 'no candidate body breaks the tolerant request schema').toBeDefined();
    const res = await send(op, (init) => (init.body = JSON.stringify(broken)));
    expect(res.status).toBe(400);
    validates(op, res);
  });
});
