// The documented rules of the Data Objects operations (20 operations under /data_objects, early
// access), each proven by a value that passes and one that fails, plus a replay of the request
// payloads, query strings and success answers printed on Braze's reference pages.
import { describe, expect, it } from 'vitest';
import { createBrazeClient } from '../src/index.js';
import { expectBodyRejected, expectBodyValid, operation, problems, resolve, responseValidator, spec, validatorAt, validatorFor } from './helpers/spec.js';

const ok = expectBodyValid;
const badBecause = expectBodyRejected;
/** The validator of one query or path parameter of an operation. */
function paramValidator(operationId: string, name: string) {
  const op = operation(operationId);
  const found = op.parameters.find((p) => resolve(p).name === name);
  if (!found) throw new Error(`${operationId} has no parameter ${name}`);
  if (found.$ref) return validatorAt(`${found.$ref.slice(1)}/schema`);
  const index = (op.operation.parameters ?? []).indexOf(found);
  return validatorAt(`${op.pointer}/parameters/${index}/schema`);
}
/** Replays the query string of a documented curl URL: every name declared, every value valid. */
function replayQuery(operationId: string, url: string): string[] {
  const found: string[] = [];
  for (const [name, raw] of new URL(url).searchParams) {
    const param = operation(operationId).parameters.map(resolve).find((p) => p.name === name && p.in === 'query');
    if (!param) {
      found.push(`${name} is not a declared query parameter`);
      continue;
    }
    const value = /^-?\d+$/.test(raw) && resolve(param.schema).type === 'integer' ? Number(raw) : raw;
    found.push(...problems(paramValidator(operationId, name), value).map((m) => `${name}: ${m}`));
  }
  return found;
}

const READ = ['listTypes', 'getType', 'listUserRelationshipTypes', 'listObjectRelationshipTypes', 'list', 'get', 'listObjectRelationships', 'listUserRelationships'];
const PERMISSIONS: Record<string, string> = {
  listTypes: 'data_objects.read',
  getType: 'data_objects.read',
  listUserRelationshipTypes: 'data_objects.read',
  listObjectRelationshipTypes: 'data_objects.read',
  list: 'data_objects.read',
  get: 'data_objects.read',
  create: 'data_objects.create',
  replace: 'data_objects.update',
  update: 'data_objects.update',
  delete: 'data_objects.delete',
  listObjectRelationships: 'data_objects.read',
  createObjectRelationship: 'data_objects.object_relationships.create',
  replaceObjectRelationship: 'data_objects.object_relationships.update',
  updateObjectRelationship: 'data_objects.object_relationships.update',
  deleteObjectRelationship: 'data_objects.object_relationships.delete',
  listUserRelationships: 'data_objects.user_relationships.read',
  createUserRelationship: 'data_objects.user_relationships.create',
  replaceUserRelationship: 'data_objects.user_relationships.update',
  updateUserRelationship: 'data_objects.user_relationships.update',
  deleteUserRelationship: 'data_objects.user_relationships.delete',
};

describe('operation metadata, as each page documents it', () => {
  it('there are the 20 documented operations', () => {
    expect(Object.keys(PERMISSIONS)).toHaveLength(20);
    expect(spec.paths && Object.keys(PERMISSIONS).every((id) => operation(`dataObjects.${id}`))).toBe(true);
  });
  it.each(Object.entries(PERMISSIONS))('dataObjects.%s needs %s, is early access and uses its 50/min bucket', (id, permission) => {
    const op = operation(`dataObjects.${id}`).operation;
    expect(op['x-braze-permission']).toBe(permission);
    expect(op['x-braze-availability']).toEqual(['early-access']);
    expect(op.tags).toEqual(['Data Objects']);
    const bucket = READ.includes(id) ? 'data-objects-read' : 'data-objects-write';
    expect(op['x-braze-rate-limit']).toMatchObject({ requests: 50, windowSeconds: 60, group: bucket });
    // Reads are safe to repeat; so are upserts, merges and deletes. Creates answer 409 on a repeat.
    expect(op['x-braze-idempotent']).toBe(!id.startsWith('create'));
  });
  it('creates answer 201 and document 409 (duplicate) and 422 (a workspace limit)', () => {
    for (const id of ['create', 'createObjectRelationship', 'createUserRelationship']) {
      const responses = operation(`dataObjects.${id}`).operation.responses;
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['201', '409', '422', '401', '429']));
    }
  });
  it('the list operations page by offset, as the client walks them', () => {
    for (const id of READ.filter((i) => i.startsWith('list'))) {
      expect(operation(`dataObjects.${id}`).operation['x-braze-pagination']).toEqual({ style: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100, itemsField: 'items' });
    }
  });
});

describe('query parameters', () => {
  it('limit: 1 to 250', () => {
    const v = paramValidator('dataObjects.list', 'limit');
    expect(problems(v, 1)).toEqual([]);
    expect(problems(v, 250)).toEqual([]);
    expect(problems(v, 0).join()).toMatch(/minimum/);
    expect(problems(v, 251).join()).toMatch(/maximum/);
  });
  it('offset: not negative', () => {
    const v = paramValidator('dataObjects.listTypes', 'offset');
    expect(problems(v, 0)).toEqual([]);
    expect(problems(v, -1).join()).toMatch(/minimum/);
  });
  it('anchor: source or target', () => {
    const v = paramValidator('dataObjects.listObjectRelationships', 'anchor');
    expect(problems(v, 'source')).toEqual([]);
    expect(problems(v, 'target')).toEqual([]);
    expect(problems(v, 'both').join()).toMatch(/enum/);
  });
  it.each([
    ['dataObjects.listTypes', 'https://rest.iad-01.braze.com/data_objects/types?search_term=acc&limit=2&offset=0'],
    ['dataObjects.listUserRelationshipTypes', 'https://rest.iad-01.braze.com/data_objects/types/account/user_relationship_types?limit=100&offset=0'],
    ['dataObjects.listObjectRelationshipTypes', 'https://rest.iad-01.braze.com/data_objects/types/account/object_relationship_types?anchor=source&limit=10&offset=0'],
    ['dataObjects.list', 'https://rest.iad-01.braze.com/data_objects/objects/account?search_term=acct&limit=100&offset=0'],
    ['dataObjects.listObjectRelationships', 'https://rest.iad-01.braze.com/data_objects/objects/account/acct-123/object_relationships?anchor=source&rel_kind=subaccount&limit=100&offset=0'],
    ['dataObjects.listUserRelationships', 'https://rest.iad-01.braze.com/data_objects/objects/account/acct-123/user_relationships?rel_kind=account_user&limit=100&offset=0'],
  ])('the page example of %s replays', (id, url) => {
    expect(replayQuery(id, url)).toEqual([]);
  });
});

describe('objects', () => {
  it('create: the page example passes', () => {
    ok('dataObjects.create', { external_id: 'acct-new', attributes: { name: 'New Account', industry: 'software' } });
  });
  it('create: external_id and attributes are required', () => {
    badBecause('dataObjects.create', { attributes: { name: 'x' } }, "/ required must have required property 'external_id'");
    badBecause('dataObjects.create', { external_id: 'acct-new' }, "/ required must have required property 'attributes'");
  });
  it('create: display_name is optional, a misspelt field is refused', () => {
    ok('dataObjects.create', { external_id: 'acct-new', attributes: {}, display_name: 'New Account' });
    badBecause('dataObjects.create', { external_id: 'acct-new', attributes: {}, displayName: 'x' }, '/ additionalProperties');
  });
  it('attributes: an object keyed by non-empty field names, values of any JSON type', () => {
    ok('dataObjects.create', { external_id: 'a', attributes: { n: 1, s: 's', b: true, d: '2026-01-01T00:00:00Z', o: { x: [1, 'a'] }, l: [1, 2] } });
    badBecause('dataObjects.create', { external_id: 'a', attributes: ['name'] }, '/attributes type');
    badBecause('dataObjects.create', { external_id: 'a', attributes: { '': 1 } }, '/attributes propertyNames');
  });
  it('attributes: a nested object is an object of further attribute values, at any depth, keyed by non-empty names', () => {
    const value = validatorFor('DataObjectAttributeValue');
    const object = resolve(spec.components.schemas.DataObjectAttributeValue).anyOf.find((b: any) => b.type === 'object');
    expect(object?.additionalProperties?.$ref).toBe('#/components/schemas/DataObjectAttributeValue');
    expect(problems(value, { address: { city: 'Paris', lines: ['1 rue X', { floor: 2 }], geo: { lat: 48.8, lng: 2.3, verified: true, since: null } } })).toEqual([]);
    ok('dataObjects.create', { external_id: 'a', attributes: { billing: { plan: { tier: 'gold', seats: [1, 2] } } } });
    badBecause('dataObjects.create', { external_id: 'a', attributes: { billing: { '': 1 } } }, '/attributes/billing propertyNames');
    badBecause('dataObjects.create', { external_id: 'a', attributes: { billing: { plan: { '': 'x' } } } }, '/attributes/billing/plan propertyNames');
  });
  it('replace and update: attributes required; the id lives in the URL, not the body', () => {
    ok('dataObjects.replace', { attributes: { name: 'Updated Account' } });
    ok('dataObjects.update', { attributes: { credits: 750 } });
    badBecause('dataObjects.replace', {}, "/ required must have required property 'attributes'");
    badBecause('dataObjects.update', { display_name: 'x' }, "/ required must have required property 'attributes'");
    badBecause('dataObjects.update', { external_id: 'acct-123', attributes: {} }, '/ additionalProperties');
  });
  it('the success answers of the pages validate', () => {
    expect(problems(responseValidator('dataObjects.get', '200'), { data_object: { type_name: 'account', external_id: 'acct-123', attributes: { name: 'Acme', industry: 'software' } } })).toEqual([]);
    expect(problems(responseValidator('dataObjects.create', '201'), { data_object: { type_name: 'account', external_id: 'acct-new', attributes: { name: 'New Account', industry: 'software' } } })).toEqual([]);
    expect(problems(responseValidator('dataObjects.delete', '200'), { deleted: true })).toEqual([]);
    expect(
      problems(responseValidator('dataObjects.listTypes', '200'), {
        items: [{ type_name: 'account', metadata: { display_name_source: 'name' } }, { type_name: 'contact', metadata: {} }],
        total_count: 2,
        has_more: false,
        next_offset: null,
        offset: 0,
        limit: 100,
      }),
    ).toEqual([]);
    expect(
      problems(responseValidator('dataObjects.getType', '200'), {
        data_object_type: {
          type_name: 'account',
          metadata: { display_name_source: 'name' },
          schema_def: { type: 'object', properties: { name: { type: 'string', title: 'Name' }, renewal_date: { type: 'string', format: 'date-time', title: 'Renewal date' } }, required: ['name'] },
        },
      }),
    ).toEqual([]);
  });
  it('a list answer: next_offset is an integer or null, the paging fields are required', () => {
    const v = validatorFor('DataObjectsListResponse');
    const base = { items: [], total_count: 300, has_more: true, offset: 0, limit: 100 };
    expect(problems(v, { ...base, next_offset: 100 })).toEqual([]);
    expect(problems(v, { ...base, next_offset: null })).toEqual([]);
    expect(problems(v, { ...base, next_offset: 'next' }).join()).toMatch(/type/);
    const { has_more: _, ...noHasMore } = base;
    expect(problems(v, noHasMore).join()).toMatch(/required/);
  });
});

describe('object relationships', () => {
  const rel = { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'acct-456', anchor: 'source', attributes: {} };
  it.each(['createObjectRelationship', 'replaceObjectRelationship', 'updateObjectRelationship'])('%s: the page example passes', (id) => {
    ok(`dataObjects.${id}`, rel);
  });
  it('rel_kind, related_type_name and related_external_id are required; anchor and attributes are not', () => {
    for (const key of ['rel_kind', 'related_type_name', 'related_external_id']) {
      const { [key as keyof typeof rel]: _, ...rest } = rel;
      badBecause('dataObjects.createObjectRelationship', rest, `/ required must have required property '${key}'`);
    }
    ok('dataObjects.createObjectRelationship', { rel_kind: 'subaccount', related_type_name: 'account', related_external_id: 'acct-456' });
  });
  it('anchor is source or target', () => {
    badBecause('dataObjects.replaceObjectRelationship', { ...rel, anchor: 'from' }, '/anchor enum');
  });
  it('delete names the relationship only: no attributes', () => {
    const { attributes: _, ...key } = rel;
    ok('dataObjects.deleteObjectRelationship', key);
    badBecause('dataObjects.deleteObjectRelationship', rel, '/ additionalProperties');
  });
  it('a relationship answer holds the other object on exactly one side', () => {
    const v = responseValidator('dataObjects.createObjectRelationship', '201');
    const other = { type_name: 'account', external_id: 'acct-456', attributes: { name: 'Child Account' } };
    expect(problems(v, { object_relationship: { rel_kind: 'subaccount', to_data_object: other, attributes: {} } })).toEqual([]);
    expect(problems(v, { object_relationship: { rel_kind: 'subaccount', from_data_object: other, attributes: {} } })).toEqual([]);
    expect(problems(v, { object_relationship: { rel_kind: 'subaccount', attributes: {} } }).join()).toMatch(/oneOf/);
    expect(problems(v, { object_relationship: { rel_kind: 'subaccount', to_data_object: other, from_data_object: other, attributes: {} } }).join()).toMatch(/oneOf/);
  });
});

describe('user relationships', () => {
  const link = { braze_id: '507f1f77bcf86cd799439011', rel_kind: 'account_user', attributes: { role: 'owner' } };
  it.each(['createUserRelationship', 'replaceUserRelationship', 'updateUserRelationship'])('%s: the page example passes', (id) => {
    ok(`dataObjects.${id}`, link);
  });
  it('braze_id and rel_kind are required; an external_id is not a substitute', () => {
    badBecause('dataObjects.createUserRelationship', { rel_kind: 'account_user' }, "/ required must have required property 'braze_id'");
    badBecause('dataObjects.createUserRelationship', { braze_id: '507f1f77bcf86cd799439011' }, "/ required must have required property 'rel_kind'");
    badBecause('dataObjects.createUserRelationship', { external_id: 'user-1', rel_kind: 'account_user' }, '/ additionalProperties');
  });
  it('delete takes braze_id and rel_kind only', () => {
    ok('dataObjects.deleteUserRelationship', { braze_id: '507f1f77bcf86cd799439011', rel_kind: 'account_user' });
    badBecause('dataObjects.deleteUserRelationship', link, '/ additionalProperties');
  });
  it('the list answer of the page validates, and a user is given by braze_id', () => {
    const v = responseValidator('dataObjects.listUserRelationships', '200');
    const item = { type_name: 'account', external_id: 'acct-123', rel_kind: 'account_user', user: { braze_id: '507f1f77bcf86cd799439011' }, attributes: { role: 'admin' } };
    const page = { total_count: 1, has_more: false, next_offset: null, offset: 0, limit: 100 };
    expect(problems(v, { ...page, items: [item] })).toEqual([]);
    expect(problems(v, { ...page, items: [{ ...item, user: {} }] }).join()).toMatch(/required/);
  });
});

describe('the client walks a Data Objects list by offset', () => {
  it('pages of 100 until a short one, with the type in the path and the offset advancing', async () => {
    const seen: string[] = [];
    const object = (i: number) => ({ type_name: 'account', external_id: `acct-${i}`, attributes: {} });
    const braze = createBrazeClient({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9',
      fetch: async (request: Request) => {
        const url = new URL(request.url);
        seen.push(`${url.pathname}?${url.searchParams}`);
        const offset = Number(url.searchParams.get('offset'));
        const items = Array.from({ length: offset === 0 ? 100 : 30 }, (_, i) => object(offset + i));
        const body = { items, total_count: 130, has_more: offset === 0, next_offset: offset === 0 ? 100 : null, offset, limit: 100 };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const ids: string[] = [];
    for await (const item of braze.paginate('dataObjects.list', { path: { type_name: 'account' }, query: { search_term: 'acct' } })) ids.push(item.external_id);
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
    expect(seen).toEqual(['/data_objects/objects/account?search_term=acct&offset=0&limit=100', '/data_objects/objects/account?search_term=acct&offset=100&limit=100']);
  });
});
