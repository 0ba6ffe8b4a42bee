// The client against the real mock (Prism on the bundled spec, started by test/setup/prism.ts on
// 127.0.0.1): every operation of the description is called through the generated client with its
// documented example, and its answer must match the operation's success schema. Prism checks
// each request against the spec, so a client that serialised a path, query or body wrongly fails.
import { describe, expect, inject, it } from 'vitest';
import { BrazeApiError, BrazeConfigError, createBrazeClient, type OperationId } from '../src/index.js';
import { operations, problems, resolve, responseValidator, spec } from './helpers/spec.js';

const KEY = 'test-key-7f3a';
const mockUrl = inject('mockUrl');

const exampleOf = (param: any) => param.example ?? param.schema?.example ?? param.schema?.examples?.[0] ?? param.schema?.enum?.[0];

/** The method input built from the operation's documented examples. */
export function exampleInput(op: (typeof operations)[number]) {
  const params = op.parameters.map(resolve);
  const path = Object.fromEntries(params.filter((p: any) => p.in === 'path').map((p: any) => [p.name, exampleOf(p)]));
  const query = Object.fromEntries(
    // Prism 5.14 cannot match bracketed names (it renames them at start-up), so they are left out.
    params.filter((p: any) => p.in === 'query' && !/[[\]]/.test(p.name) && exampleOf(p) !== undefined).map((p: any) => [p.name, exampleOf(p)]),
  );
  const body = op.operation.requestBody ? resolve(op.operation.requestBody).content['application/json'].example : undefined;
  const hasPath = Object.keys(path).length > 0;
  const hasQuery = params.some((p: any) => p.in === 'query');
  if (hasPath || (body !== undefined && hasQuery)) return { path, query, ...(body === undefined ? {} : { body }) };
  if (body !== undefined) return body;
  return hasQuery ? query : undefined;
}

function clientRecordingHeaders() {
  const seen: Headers[] = [];
  const braze = createBrazeClient({
    apiKey: KEY,
    baseUrl: mockUrl,
    scim: { token: 'scim-token-1', origin: 'idp.example.com' },
    clientKey: 'client-key-1',
    fetch: async (request: Request) => {
      seen.push(new Headers(request.headers));
      return fetch(request);
    },
  });
  return { braze, seen };
}

describe('every operation, called through the client against the mock', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (operationId, op) => {
    const { braze, seen } = clientRecordingHeaders();
    const data = await braze.call(operationId as OperationId, exampleInput(op) as never);
    const status = Object.keys(op.operation.responses).find((s) => s.startsWith('2'))!;
    if (resolve(op.operation.responses[status]).content) {
      expect(problems(responseValidator(operationId, status), data)).toEqual([]);
    }
    const scim = (op.operation.security ?? spec.security).some((req: object) => 'ScimToken' in req);
    const client = (op.operation.security ?? spec.security).some((req: object) => 'BrazeClientKey' in req);
    expect(seen[0].get('authorization')).toBe(scim ? 'Bearer scim-token-1' : client ? 'Bearer client-key-1' : `Bearer ${KEY}`);
    if (scim) expect(seen[0].get('x-request-origin')).toBe('idp.example.com');
  });
});

describe('answers the mock refuses come back as typed errors', () => {
  it('a body that breaks the schema is a BrazeApiError naming the field', async () => {
    const { braze } = clientRecordingHeaders();
    const error = await braze.users
      .createAlias({ user_aliases: [{ alias_name: 'cust-1' } as never] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error).toMatchObject({ status: 400, operationId: 'users.createAlias' });
    expect((error as BrazeApiError).brazeMessage).toMatch(/alias_label/);
    expect((error as BrazeApiError).rateLimit.limit).toBeTypeOf('number');
  });

  it('a call without the key is refused by the mock with 401', async () => {
    const response = await fetch(`${mockUrl}/users/alias/new`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_aliases: [{ alias_name: 'a', alias_label: 'b' }] }),
    });
    expect(response.status).toBe(401);
  });
});

describe('the 12 user-data methods, typed, against the mock', () => {
  const { braze } = clientRecordingHeaders();
  const alias = { alias_name: 'cust-8842', alias_label: 'crm_id' };

  it('users.track records attributes, events and purchases', async () => {
    const res = await braze.users.track({
      attributes: [{ external_id: 'user-1', first_name: 'Ada', loyalty_points: { inc: 10 }, email_subscribe: 'opted_in' }],
      events: [{ external_id: 'user-1', name: 'played_song', time: '2026-11-22T10:00:00Z', properties: { song: 'Rondo' } }],
      purchases: [{ external_id: 'user-1', product_id: 'sku-1', currency: 'EUR', price: 9.99, time: '2026-11-22T10:00:00Z' }],
    });
    expect(res.message).toBe('success');
    expect(res.attributes_processed).toBeTypeOf('number');
  });
  it('users.trackSync answers with the updated profile', async () => {
    const res = await braze.users.trackSync({ attributes: [{ external_id: 'user-1', first_name: 'Ada' }] });
    expect(res.message).toBe('success');
  });
  it('users.identify', async () => {
    const res = await braze.users.identify({ aliases_to_identify: [{ external_id: 'user-1', user_alias: alias }], merge_behavior: 'merge' });
    expect(res.aliases_processed).toBeTypeOf('number');
  });
  it('users.delete', async () => {
    const res = await braze.users.delete({ external_ids: ['user-1', 'user-2'] });
    expect(res.deleted).toBeTypeOf('number');
  });
  it('users.createAlias and users.updateAlias', async () => {
    expect((await braze.users.createAlias({ user_aliases: [{ external_id: 'user-1', ...alias }] })).aliases_processed).toBeTypeOf('number');
    const updated = await braze.users.updateAlias({ alias_updates: [{ alias_label: 'crm_id', old_alias_name: 'cust-8842', new_alias_name: 'cust-9000' }] });
    expect(updated.message).toBe('success');
  });
  it('users.merge', async () => {
    const res = await braze.users.merge({ merge_updates: [{ identifier_to_merge: { external_id: 'old-1' }, identifier_to_keep: { external_id: 'user-1' } }] });
    expect(res.message).toBe('success');
  });
  it('users.renameExternalIds and users.removeExternalIds', async () => {
    const renamed = await braze.users.renameExternalIds({ external_id_renames: [{ current_external_id: 'old-1', new_external_id: 'user-1' }] });
    expect(Array.isArray(renamed.external_ids)).toBe(true);
    const removed = await braze.users.removeExternalIds({ external_ids: ['old-1'] });
    expect(Array.isArray(removed.removed_ids)).toBe(true);
  });
  it('users.exportIds returns typed exported users', async () => {
    const res = await braze.users.exportIds({ external_ids: ['user-1'], fields_to_export: ['first_name', 'email', 'custom_attributes'] });
    const first = res.users?.[0];
    expect(first === undefined || typeof first.external_id === 'string' || first.external_id === undefined).toBe(true);
  });
  it('users.exportSegment and users.exportGlobalControlGroup start export jobs', async () => {
    const segment = await braze.users.exportSegment({ segment_id: 'seg-1', fields_to_export: ['external_id', 'first_name'] });
    expect(segment.object_prefix).toBeTypeOf('string');
    const control = await braze.users.exportGlobalControlGroup({ fields_to_export: ['external_id'] });
    expect(control.message).toBe('success');
  });
});

describe('Device Messaging authentication (client-side key)', () => {
  it('the client refuses a Device Messaging operation when no client-side key was given, before sending', async () => {
    let sent = 0;
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: mockUrl, fetch: async (request: Request) => (sent++, fetch(request)) });
    const body = { external_user_id: 'user-1', app_id: 'app-1', app_version: '1.0.0', placements: ['home_hero'] };
    await expect(braze.deviceMessaging.syncBanners(body)).rejects.toThrow(/pass a client-side REST API key as `clientKey`/);
    expect(sent).toBe(0);
  });
  it('the REST key never goes to a Device Messaging operation, and the client-side key never to a REST one', async () => {
    const { braze, seen } = clientRecordingHeaders();
    await braze.deviceMessaging.syncBanners({ external_user_id: 'user-1', app_id: 'app-1', app_version: '1.0.0', placements: ['home_hero'] });
    await braze.dataObjects.getType({ path: { type_name: 'account' } });
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer client-key-1', `Bearer ${KEY}`]);
  });
});

describe('a client without a REST key (Banners only, or SCIM only)', () => {
  const body = { external_user_id: 'user-1', app_id: 'app-1', app_version: '1.0.0', placements: ['home_hero'] };
  it('a client with only a client-side key calls the Device Messaging operations, and sends no REST key', async () => {
    const seen: (string | null)[] = [];
    const braze = createBrazeClient({ clientKey: 'client-key-1', baseUrl: mockUrl, fetch: async (request: Request) => (seen.push(request.headers.get('authorization')), fetch(request)) });
    expect(await braze.deviceMessaging.syncBanners(body)).toBeTypeOf('object');
    expect(seen).toEqual(['Bearer client-key-1']);
  });
  it('it refuses a REST operation before sending, naming `apiKey`', async () => {
    let sent = 0;
    const braze = createBrazeClient({ clientKey: 'client-key-1', baseUrl: mockUrl, fetch: async (request: Request) => (sent++, fetch(request)) });
    const error = await braze.users.track({ attributes: [{ external_id: 'u' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeConfigError);
    expect(error.message).toMatch(/pass the REST API key .*`apiKey`/);
    expect(sent).toBe(0);
  });
  it('a client with neither a REST key nor another credential is refused when made', () => {
    expect(() => createBrazeClient({ baseUrl: mockUrl } as never)).toThrow(/apiKey is missing or empty/);
  });
});

describe('SCIM authentication', () => {
  it('a SCIM call without X-Request-Origin is refused by the mock', async () => {
    const response = await fetch(`${mockUrl}/scim/v2/Users/dfa245b7-24195aec-887bb3ad-602b3340`, {
      headers: { authorization: 'Bearer scim-token-1' },
    });
    expect(response.status).toBe(401);
  });
  it('the client refuses a SCIM operation when no SCIM token was given, before sending', async () => {
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: mockUrl });
    await expect(braze.scim.getUser({ path: { id: 'dfa245b7-24195aec-887bb3ad-602b3340' } })).rejects.toThrow(/pass `scim: \{ token, origin \}`/);
  });
});
