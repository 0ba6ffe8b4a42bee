// Compile-time guarantees of the generated client: inputs and results come from the spec, so a
// wrong field, a wrong enum value or a wrong instance is a type error, and results are typed
// without casts. Checked by `vitest` in typecheck mode (tsc), never executed.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createBrazeClient,
  type BatchField,
  type BatchItem,
  type BatchOperationId,
  type BulkTrackRow,
  type CampaignsListQuery,
  type components,
  type CatalogsGetItemInput,
  type CatalogsGetItemPath,
  type ItemOf,
  type OperationId,
  type PaginatedId,
  type QueryOf,
  type RequestBody,
  type ResponseOf,
  type UsersExportIdsResult,
  type UsersTrackBody,
  type UsersTrackInput,
  type UsersTrackResult,
} from '../src/index.js';

const braze = createBrazeClient({ apiKey: 'k', instance: 'US-01' });

describe('generated method types', () => {
  it('users.track takes the /users/track body and resolves to its answer', () => {
    expectTypeOf(braze.users.track).parameter(0).toEqualTypeOf<RequestBody<'users.track'>>();
    expectTypeOf(braze.users.track).returns.resolves.toEqualTypeOf<ResponseOf<'users.track'>>();
    expectTypeOf<ResponseOf<'users.track'>['attributes_processed']>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error a misspelt top-level field is a compile error
    void braze.users.track({ atributes: [] });
  });

  it('users.identify accepts merge_behavior none | merge only', () => {
    type Alias = NonNullable<RequestBody<'users.identify'>['aliases_to_identify']>[number];
    expectTypeOf<NonNullable<RequestBody<'users.identify'>['merge_behavior']>>().toEqualTypeOf<'none' | 'merge'>();
    expectTypeOf<Alias['user_alias']>().toHaveProperty('alias_label');
    // @ts-expect-error "fusionner" is not a merge behaviour
    void braze.users.identify({ aliases_to_identify: [], merge_behavior: 'fusionner' });
  });

  it('users.exportIds resolves to exported users with typed fields', () => {
    type Users = NonNullable<ResponseOf<'users.exportIds'>['users']>;
    expectTypeOf<Users[number]['external_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Users[number]>().toHaveProperty('custom_attributes');
  });

  it('campaigns.dataSeries exposes nested per-channel statistics without a cast', async () => {
    const series = await braze.campaigns.dataSeries({ campaign_id: 'c1', length: 7 });
    const firstEmail = series.data[0]?.messages?.email?.[0];
    expectTypeOf(firstEmail?.unique_opens).toEqualTypeOf<number | undefined>();
    // @ts-expect-error unit is day | hour
    void braze.campaigns.dataSeries({ campaign_id: 'c1', length: 7, unit: 'week' });
  });

  it('paginate yields the items of the list operation', () => {
    expectTypeOf<ItemOf<'campaigns.list'>>().toHaveProperty('id');
    expectTypeOf(braze.paginate('campaigns.list')).toMatchTypeOf<AsyncIterable<ItemOf<'campaigns.list'>>>();
    expectTypeOf<'campaigns.list' | 'catalogs.listItems'>().toMatchTypeOf<PaginatedId>();
    expectTypeOf<Extract<PaginatedId, 'users.track'>>().toBeNever(); // not paginated
    expectTypeOf<PaginatedId>().toMatchTypeOf<OperationId>();
    expectTypeOf<string>().not.toMatchTypeOf<OperationId>();
    // @ts-expect-error users.track is not paginated
    void braze.paginate('users.track');
  });

  it('only known instances are accepted', () => {
    // @ts-expect-error there is no US-09
    createBrazeClient({ apiKey: 'k', instance: 'US-09' });
  });

  it('operations with path parameters take { path, body }', () => {
    expectTypeOf(braze.catalogs.getItem).parameter(0).toHaveProperty('path');
    // @ts-expect-error the path parameters are required
    void braze.catalogs.getItem({});
  });
});

describe('named types per operation', () => {
  it('UsersTrackBody and UsersTrackResult are the body and the answer of users.track', () => {
    expectTypeOf<UsersTrackBody>().toEqualTypeOf<RequestBody<'users.track'>>();
    expectTypeOf<UsersTrackResult>().toEqualTypeOf<ResponseOf<'users.track'>>();
    expectTypeOf<UsersTrackInput>().toEqualTypeOf<Parameters<typeof braze.users.track>[0]>();
    expectTypeOf(braze.users.track).returns.resolves.toEqualTypeOf<UsersTrackResult>();
    const body: UsersTrackBody = { attributes: [{ external_id: 'u1', first_name: 'Ada' }] };
    void body;
    // @ts-expect-error the named body type is as strict as the method
    const wrong: UsersTrackBody = { atributes: [] };
    void wrong;
  });

  it('query, path and input types exist where the operation has them', () => {
    expectTypeOf<CampaignsListQuery>().toEqualTypeOf<QueryOf<'campaigns.list'>>();
    expectTypeOf<CatalogsGetItemPath>().toHaveProperty('catalog_name');
    expectTypeOf<CatalogsGetItemInput>().toHaveProperty('path');
    expectTypeOf<UsersExportIdsResult>().toHaveProperty('users');
  });
});

describe('recursive schemas', () => {
  it('NestedAttributeValue is a real recursive type, not any', () => {
    type Nested = components['schemas']['NestedAttributeValue'];
    expectTypeOf<Nested>().not.toBeAny();
    const value: Nested = { model: 'Civic', options: { sunroof: true, colours: ['red', 1, { $time: '2026-01-01T00:00:00Z' }] } };
    void value;
    // @ts-expect-error a function is not a nested attribute value
    const bad: Nested = { at: () => 1 };
    void bad;
  });
});

describe('Data Objects attribute values', () => {
  it('a nested object value is typed as an object of further values, not Record<string, never>', () => {
    type Value = components['schemas']['DataObjectAttributeValue'];
    expectTypeOf<Value>().not.toBeAny();
    const value: Value = { address: { city: 'Paris', lines: ['1 rue X', { floor: 2 }], geo: { lat: 48.8, verified: true, since: null } } };
    void value;
    const attributes: components['schemas']['DataObjectAttributes'] = { name: 'Acme', billing: { plan: { tier: 'gold', seats: [1, 2] } } };
    void attributes;
    // @ts-expect-error a function is not an attribute value
    const bad: Value = { at: () => 1 };
    void bad;
  });
});

describe('bulk helper types from the spec', () => {
  it('BulkTrackRow holds /users/track objects', () => {
    expectTypeOf<NonNullable<BulkTrackRow['events']>[number]>().toEqualTypeOf<NonNullable<RequestBody<'users.track'>['events']>[number]>();
    const row: BulkTrackRow = { attributes: { external_id: 'u1', first_name: 'Ada' }, events: [{ external_id: 'u1', name: 'e', time: '2024-01-01T00:00:00Z' }] };
    void row;
    // @ts-expect-error an event needs its name
    const bad: BulkTrackRow = { events: [{ external_id: 'u1', time: '2024-01-01T00:00:00Z' }] };
    void bad;
  });

  it('BatchField lists the array fields with a per-request limit, BatchItem their element', () => {
    expectTypeOf<BatchField<'users.delete'>>().toEqualTypeOf<'external_ids' | 'user_aliases' | 'braze_ids' | 'email_addresses' | 'phone_numbers'>();
    expectTypeOf<BatchItem<'users.delete', 'external_ids'>>().toEqualTypeOf<string>();
    expectTypeOf<BatchField<'catalogs.createItems'>>().toEqualTypeOf<'items'>();
    expectTypeOf<'users.delete'>().toMatchTypeOf<BatchOperationId>();
    expectTypeOf<Extract<BatchOperationId, 'campaigns.list'>>().toBeNever(); // takes no batch
    expectTypeOf<BatchField<'campaigns.list'>>().toBeNever();
  });
});
