// Data Objects on the emulator: objects of a type (create, get, merge, replace, delete, list with
// search and paging), object-to-object and user relationships from either end, relationship
// kinds, and seeded types whose schema_def and kinds are enforced as the spec's descriptions say.
// Every answer is checked against the spec by the emulator itself (checkResponses).
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { call, useEmulator } from './helpers/emulator.js';

const emulator = useEmulator();
// Types declared at start: their schema_def and relationship kinds are enforced.
const seeded = useEmulator({
  dataObjectTypes: [
    {
      type_name: 'account',
      metadata: { display_name_source: 'name' },
      schema_def: { type: 'object', properties: { name: { type: 'string' }, credits: { type: 'integer' }, renewal: { type: 'string', format: 'date-time' } }, required: ['name'] },
      object_relationship_types: [{ rel_kind: 'subaccount', to_type_name: 'account' }],
      user_relationship_types: [{ rel_kind: 'account_user' }],
    },
  ],
});

const at = (e: Emulator) => ({
  post: (path: string, body: unknown) => call(e.url, 'POST', path, body),
  put: (path: string, body: unknown) => call(e.url, 'PUT', path, body),
  patch: (path: string, body: unknown) => call(e.url, 'PATCH', path, body),
  del: (path: string, body?: unknown) => call(e.url, 'DELETE', path, body),
  get: (path: string) => call(e.url, 'GET', path),
});

describe('data objects (no seeded types: a write defines its type)', () => {
  const { post, put, patch, del, get } = at({ get url() { return emulator.url; } } as Emulator);

  it('creates, reads, merges, replaces and deletes an object, with 409 on a second create and 404 once gone', async () => {
    expect((await get('/data_objects/objects/account/a1')).status).toBe(404);
    const created = await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme', industry: 'software' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ data_object: { type_name: 'account', external_id: 'a1', attributes: { name: 'Acme', industry: 'software' } } });
    const again = await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Other' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('duplicate-data-object');
    expect((await get('/data_objects/objects/account/a1')).body.data_object.attributes).toEqual({ name: 'Acme', industry: 'software' });
    // PATCH merges: fields sent are overwritten, the others kept.
    expect((await patch('/data_objects/objects/account/a1', { attributes: { credits: 750 } })).body.data_object.attributes).toEqual({ name: 'Acme', industry: 'software', credits: 750 });
    // PUT replaces every attribute, clearing those left out; it also creates.
    expect((await put('/data_objects/objects/account/a1', { attributes: { name: 'Acme 2' } })).body.data_object.attributes).toEqual({ name: 'Acme 2' });
    const upserted = await put('/data_objects/objects/account/a2', { attributes: { name: 'Beta' } });
    expect(upserted.status).toBe(200);
    expect((await patch('/data_objects/objects/account/nobody', { attributes: { name: 'x' } })).status).toBe(404);
    expect((await del('/data_objects/objects/account/a1')).body).toEqual({ deleted: true });
    expect((await get('/data_objects/objects/account/a1')).status).toBe(404);
    expect((await del('/data_objects/objects/account/a1')).status).toBe(404);
    expect(emulator.state.data_objects).toEqual([{ type_name: 'account', external_id: 'a2', attributes: { name: 'Beta' } }]);
  });

  it('lists a type by pages with total_count, has_more and next_offset, and searches the external ids', async () => {
    for (let i = 0; i < 5; i++) await post('/data_objects/objects/account', { external_id: `acct-${i}`, attributes: { name: `N${i}` } });
    await post('/data_objects/objects/contact', { external_id: 'acct-contact', attributes: {} });
    expect((await get('/data_objects/objects/account')).body).toMatchObject({ total_count: 5, has_more: false, offset: 0, limit: 100 });
    const first = await get('/data_objects/objects/account?limit=2');
    expect(first.body).toMatchObject({ total_count: 5, has_more: true, next_offset: 2, offset: 0, limit: 2 });
    expect(first.body.items.map((o: { external_id: string }) => o.external_id)).toEqual(['acct-0', 'acct-1']);
    const last = await get('/data_objects/objects/account?limit=2&offset=4');
    expect(last.body).toMatchObject({ total_count: 5, has_more: false, next_offset: null, offset: 4 });
    expect(last.body.items).toHaveLength(1);
    expect((await get('/data_objects/objects/account?search_term=-3')).body.items.map((o: { external_id: string }) => o.external_id)).toEqual(['acct-3']);
    // Braze's pages: `limit` is clamped to 1 through 250 and a negative `offset` read as 0, not
    // refused (the tolerant view's `data-objects-paging` row); the answer says what was used.
    const clamped = await get('/data_objects/objects/account?limit=1000&offset=-5');
    expect(clamped.status).toBe(200);
    expect(clamped.body).toMatchObject({ total_count: 5, offset: 0, limit: 250, has_more: false });
    expect(clamped.body.items).toHaveLength(5);
    expect((await get('/data_objects/objects/account?limit=0')).body).toMatchObject({ limit: 1, has_more: true, next_offset: 1 });
    expect((await get('/data_objects/objects/unknown_type')).status).toBe(404);
    const types = await get('/data_objects/types');
    expect(types.body.items).toEqual([{ type_name: 'account', metadata: {} }, { type_name: 'contact', metadata: {} }]);
    expect((await get('/data_objects/types/account')).body.data_object_type.schema_def).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
  });

  it('links objects from either end, refuses the same link twice, merges and drops links, and forgets them with the object', async () => {
    await post('/data_objects/objects/account', { external_id: 'parent', attributes: { name: 'P' } });
    await post('/data_objects/objects/account', { external_id: 'child', attributes: { name: 'C' } });
    const link = { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'child', attributes: { since: '2026-01-15T00:00:00Z' } };
    expect((await post('/data_objects/objects/account/parent/object_relationships', { ...link, related_external_id: 'ghost' })).status).toBe(404);
    const made = await post('/data_objects/objects/account/parent/object_relationships', link);
    expect(made.status).toBe(201);
    expect(made.body.object_relationship).toEqual({ rel_kind: 'subaccount', to_data_object: { type_name: 'account', external_id: 'child', attributes: { name: 'C' } }, attributes: { since: '2026-01-15T00:00:00Z' } });
    expect((await post('/data_objects/objects/account/parent/object_relationships', link)).status).toBe(409);
    // The same link seen from the child, anchored as the target.
    const fromChild = await get('/data_objects/objects/account/child/object_relationships?anchor=target');
    expect(fromChild.body.items).toEqual([{ rel_kind: 'subaccount', from_data_object: { type_name: 'account', external_id: 'parent', attributes: { name: 'P' } }, attributes: { since: '2026-01-15T00:00:00Z' } }]);
    expect((await get('/data_objects/objects/account/child/object_relationships')).body.items).toEqual([]);
    const merged = await patch('/data_objects/objects/account/child/object_relationships', { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'parent', anchor: 'target', attributes: { tier: 2 } });
    expect(merged.body.object_relationship.attributes).toEqual({ since: '2026-01-15T00:00:00Z', tier: 2 });
    expect((await get('/data_objects/types/account/object_relationship_types')).body.items).toEqual([{ from_type_name: 'account', to_type_name: 'account', rel_kind: 'subaccount', display_name: 'subaccount', related_type_name: 'account' }]);
    expect((await del('/data_objects/objects/account/parent/object_relationships', { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'child' })).body).toEqual({ deleted: true });
    expect((await del('/data_objects/objects/account/parent/object_relationships', { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'child' })).status).toBe(404);
    await post('/data_objects/objects/account/parent/object_relationships', link);
    await del('/data_objects/objects/account/child');
    expect((await get('/data_objects/objects/account/parent/object_relationships')).body.items).toEqual([]);
    expect((await get('/data_objects/objects/account/parent')).status).toBe(200);
  });

  it('links users by Braze id, once per kind, and lists them', async () => {
    await post('/users/track', { attributes: [{ external_id: 'u1', first_name: 'Ann' }] });
    const brazeId = emulator.state.profiles[0].braze_id as string;
    await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme' } });
    expect((await post('/data_objects/objects/account/a1/users', { braze_id: 'no-such-user', rel_kind: 'account_user' })).status).toBe(404);
    const linked = await post('/data_objects/objects/account/a1/users', { braze_id: brazeId, rel_kind: 'account_user', attributes: { role: 'owner' } });
    expect(linked.status).toBe(201);
    expect(linked.body.user_relationship).toEqual({ type_name: 'account', external_id: 'a1', rel_kind: 'account_user', user: { braze_id: brazeId }, attributes: { role: 'owner' } });
    expect((await post('/data_objects/objects/account/a1/users', { braze_id: brazeId, rel_kind: 'account_user' })).body.message).toBe('duplicate-user-relationship');
    expect((await put('/data_objects/objects/account/a1/users', { braze_id: brazeId, rel_kind: 'billing', attributes: {} })).status).toBe(200);
    const listed = await get('/data_objects/objects/account/a1/user_relationships?rel_kind=account_user');
    expect(listed.body).toMatchObject({ total_count: 1, items: [{ rel_kind: 'account_user', attributes: { role: 'owner' } }] });
    expect((await get('/data_objects/types/account/user_relationship_types')).body.items).toEqual([{ rel_kind: 'account_user', display_name: 'account_user' }, { rel_kind: 'billing', display_name: 'billing' }]);
    expect((await del('/data_objects/objects/account/a1/users', { braze_id: brazeId, rel_kind: 'account_user' })).body).toEqual({ deleted: true });
    expect((await get('/data_objects/objects/account/a1/user_relationships')).body.items.map((l: { rel_kind: string }) => l.rel_kind)).toEqual(['billing']);
  });
});

describe('data objects with seeded types', () => {
  const { post, patch, get } = at({ get url() { return seeded.url; } } as Emulator);

  it("checks attributes against the type's schema_def: an undeclared field, a wrong type or a missing required field is a 400", async () => {
    const undeclared = await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme', colour: 'red' } });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.message).toContain('colour');
    const wrongType = await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme', credits: 'many' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('/attributes/credits');
    expect((await post('/data_objects/objects/account', { external_id: 'a1', attributes: { credits: 1 } })).status).toBe(400);
    expect((await post('/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme', renewal: '2026-05-01T00:00:00Z' } })).status).toBe(201);
    expect((await patch('/data_objects/objects/account/a1', { attributes: { credits: 2.5 } })).status).toBe(400);
    expect(seeded.state.data_objects).toEqual([{ type_name: 'account', external_id: 'a1', attributes: { name: 'Acme', renewal: '2026-05-01T00:00:00Z' } }]);
    // Only seeded types exist.
    expect((await post('/data_objects/objects/contact', { external_id: 'c1', attributes: {} })).status).toBe(404);
    expect((await get('/data_objects/types/account')).body.data_object_type).toMatchObject({ type_name: 'account', metadata: { display_name_source: 'name' }, schema_def: { required: ['name'] } });
  });

  it('refuses a relationship kind the type does not declare, and keeps the seeded types through reset', async () => {
    await post('/data_objects/objects/account', { external_id: 'p', attributes: { name: 'P' } });
    await post('/data_objects/objects/account', { external_id: 'c', attributes: { name: 'C' } });
    expect((await post('/data_objects/objects/account/p/object_relationships', { rel_kind: 'partner', related_type_name: 'account', related_external_id: 'c' })).status).toBe(400);
    expect((await post('/data_objects/objects/account/p/object_relationships', { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'c' })).status).toBe(201);
    seeded.reset();
    expect(seeded.state.data_objects).toEqual([]);
    expect((await get('/data_objects/types')).body.items).toEqual([{ type_name: 'account', metadata: { display_name_source: 'name' } }]);
    expect((await get('/data_objects/types/account/user_relationship_types')).body.items).toEqual([{ rel_kind: 'account_user', display_name: 'account_user' }]);
  });
});

// Braze's workspace limits on Data Objects (the pages' 422s): not documented as numbers, so the
// emulator enforces them only when given, to test how an integration meets them.
const limited = useEmulator({ dataObjectLimits: { recordsPerType: 2, relationshipsPerObject: 1, objectsPerUser: 1, usersPerObject: 1 } });

describe('data objects at their workspace limits (dataObjectLimits)', () => {
  const { post, put, get } = at({ get url() { return limited.url; } } as Emulator);
  const link = (to: string) => ({ rel_kind: 'partner', related_type_name: 'account', related_external_id: to });

  it('answers 422 with the code Braze gives, and creates nothing, once a limit is reached', async () => {
    await post('/data_objects/objects/account', { external_id: 'a1', attributes: {} });
    await post('/data_objects/objects/account', { external_id: 'a2', attributes: {} });
    const third = await post('/data_objects/objects/account', { external_id: 'a3', attributes: {} });
    expect(third).toMatchObject({ status: 422, body: { message: 'data-object-record-limit-exceeded' } });
    // PUT creating a new object meets the same limit; replacing an existing one does not.
    expect((await put('/data_objects/objects/account/a3', { attributes: {} })).status).toBe(422);
    expect((await put('/data_objects/objects/account/a2', { attributes: { name: 'B' } })).status).toBe(200);
    // Another type has its own count.
    expect((await post('/data_objects/objects/contact', { external_id: 'c1', attributes: {} })).status).toBe(201);
    expect(limited.state.data_objects.map((o: { external_id: string }) => o.external_id).sort()).toEqual(['a1', 'a2', 'c1']);

    expect((await post('/data_objects/objects/account/a1/object_relationships', link('a2'))).status).toBe(201);
    const second = await post('/data_objects/objects/contact/c1/object_relationships', link('a1'));
    expect(second).toMatchObject({ status: 422, body: { message: 'data-object-relationship-limit-exceeded' } });
    expect((await get('/data_objects/objects/account/a1/object_relationships')).body.items).toHaveLength(1);

    await post('/users/track', { attributes: [{ external_id: 'u1' }, { external_id: 'u2' }] });
    const [u1, u2] = limited.state.profiles.map((p) => p.braze_id as string);
    expect((await post('/data_objects/objects/account/a1/users', { braze_id: u1, rel_kind: 'member' })).status).toBe(201);
    expect((await post('/data_objects/objects/account/a2/users', { braze_id: u1, rel_kind: 'member' })).body.message).toBe('data-objects-per-user-limit-exceeded');
    expect((await post('/data_objects/objects/account/a1/users', { braze_id: u2, rel_kind: 'member' })).body.message).toBe('users-per-data-object-limit-exceeded');
  });
});
