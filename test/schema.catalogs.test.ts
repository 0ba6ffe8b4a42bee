// The rules encoded for the Catalogs, Preference Center and SCIM operations: for each, a body that
// must pass and one that must fail on that rule. Every request example printed on Braze's pages is
// replayed too (bodies Braze documents as accepted must validate).
import { describe, expect, it } from 'vitest';
import { operation, problems, requestValidator, validatorAt, validatorFor } from './helpers/spec.js';

const schemaOfParam = (name: string) => validatorAt(`/components/parameters/${name}/schema`);
const queryParam = (operationId: string, name: string) => {
  const op = operation(operationId);
  const i = (op.operation.parameters ?? []).findIndex((p: any) => p.name === name);
  if (i < 0) throw new Error(`${operationId} has no parameter ${name}`);
  return validatorAt(`${op.pointer}/parameters/${i}/schema`);
};
const fails = (v: ReturnType<typeof requestValidator>, body: unknown) => expect(problems(v, body)).not.toEqual([]);
const passes = (v: ReturnType<typeof requestValidator>, body: unknown) => expect(problems(v, body)).toEqual([]);
/** Fails, and one of Ajv's messages names the expected keyword (so the right rule fired). */
const failsOn = (v: ReturnType<typeof requestValidator>, body: unknown, keyword: string) =>
  expect(problems(v, body).join('\n')).toContain(keyword);

// --- Examples copied from Braze's reference pages -------------------------------------------

const docs = {
  createCatalog: {
    catalogs: [
      {
        name: 'restaurants',
        description: 'My Restaurants',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'Name', type: 'string' },
          { name: 'City', type: 'string' },
          { name: 'Cuisine', type: 'string' },
          { name: 'Rating', type: 'number' },
          { name: 'Loyalty_Program', type: 'boolean' },
          { name: 'Location', type: 'object' },
          { name: 'Top_Dishes', type: 'array' },
          { name: 'Created_At', type: 'time' },
        ],
      },
    ],
  },
  createItems: {
    items: [
      {
        id: 'restaurant1', Name: 'Restaurant1', City: 'New York', Cuisine: 'American', Rating: 5, Loyalty_Program: true,
        Location: { Latitude: 33.6112, Longitude: -117.8711 }, Top_Dishes: ['Hamburger', 'Deluxe Cheeseburger'],
        Created_At: '2022-11-01T09:03:19.967+00:00',
      },
      {
        id: 'restaurant2', Name: 'Restaurant2', City: 'New York', Cuisine: 'American', Rating: 10, Loyalty_Program: true,
        Location: { Latitude: 40.7413, Longitude: -73.9764 }, Top_Dishes: ['Hot Dog', 'French Fries'],
        Created_At: '2022-11-02T09:03:19.967+00:00',
      },
      {
        id: 'restaurant3', Name: 'Restaurant3', City: 'New York', Cuisine: 'American', Rating: 3, Loyalty_Program: false,
        Location: { Latitude: 40.7489, Longitude: -73.9972 }, Top_Dishes: ['Buffalo Wings', 'Philly Cheesesteak'],
        Created_At: '2022-11-03T09:03:19.967+00:00',
      },
    ],
  },
  editItems: {
    items: [
      {
        id: 'restaurant1', Name: 'Restaurant', Loyalty_Program: false, Location: { Latitude: 33.6112, Longitude: -117.8711 },
        Top_Dishes: { $add: ['Biscuits', 'Coleslaw'], $remove: ['French Fries'] }, Open_Time: '2021-09-03T09:03:19.967+00:00',
      },
      { id: 'restaurant3', City: 'San Francisco', Rating: 2, Top_Dishes: ['Buffalo Wings', 'Philly Cheesesteak'] },
    ],
  },
  replaceItems: {
    items: [
      {
        id: 'restaurant1', Name: 'Restaurant', Loyalty_Program: false, Location: { Latitude: 33.6112, Longitude: -117.8711 },
        Top_Dishes: ['Hamburger', 'Deluxe Cheeseburger'], Open_Time: '2021-09-03T09:03:19.967+00:00',
      },
      { id: 'restaurant3', City: 'San Francisco', Rating: 2, Top_Dishes: ['Hot Dog', 'French Fries'] },
    ],
  },
  deleteItems: { items: [{ id: 'restaurant1' }, { id: 'restaurant2' }, { id: 'restaurant3' }] },
  createItem: {
    items: [
      {
        Name: 'Restaurant1', City: 'New York', Cuisine: 'American', Rating: 5, Loyalty_Program: true,
        Location: { Latitude: 33.6112, Longitude: -117.8711 }, Top_Dishes: ['Hamburger', 'Deluxe Cheeseburger'],
        Created_At: '2022-11-01T09:03:19.967+00:00',
      },
    ],
  },
  editItem: {
    items: [
      {
        Name: 'Restaurant', Loyalty_Program: false, Location: { Latitude: 33.6112, Longitude: -117.8711 },
        Top_Dishes: { $add: ['Biscuits', 'Coleslaw'], $remove: ['French Fries'] }, Open_Time: '2021-09-03T09:03:19.967+00:00',
      },
    ],
  },
  replaceItem: {
    items: [
      {
        Name: 'Restaurant', Loyalty_Program: false, Location: { Latitude: 33.6112, Longitude: -117.8711 },
        Top_Dishes: ['Hamburger', 'Deluxe Cheeseburger'], Open_Time: '2021-09-03T09:03:19.967+00:00',
      },
    ],
  },
  // The create page documents its body as a template; this is that template with real values.
  createPreferenceCenter: {
    name: 'My_Preference_Center',
    preference_center_title: 'Preference Center',
    preference_center_page_html: '<html><body>Preferences</body></html>',
    confirmation_page_html: '<html><body>Saved</body></html>',
    state: 'active',
    options: {
      'meta-viewport-content': 'width=device-width, initial-scale=2',
      'links-tags': [{ rel: 'icon', type: 'image/png', sizes: '32x32', href: 'https://example.com/favicon.png' }],
    },
  },
  updatePreferenceCenter: {
    name: 'Example',
    preference_center_title: 'Example Preference Center Title',
    preference_center_page_html: 'HTML for preference center here',
    confirmation_page_html: 'HTML here with a message to users here',
    state: 'active',
  },
  scimCreate: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'user@test.com',
    name: { givenName: 'Test', familyName: 'User' },
    department: 'finance',
    permissions: {
      companyPermissions: ['manage_company_settings'],
      roles: [{ roleName: 'Test Role' }, { roleId: '2519dafcdba238ae7' }],
      appGroup: [
        {
          appGroupName: 'Test Workspace',
          appGroupPermissions: ['basic_access', 'send_campaigns_canvases'],
          team: [{ teamName: 'Test Team', teamPermissions: ['basic_access', 'export_user_data'] }],
        },
      ],
    },
  },
  // The create page's "Request body" block adds a workspace granted through a permission set only.
  scimCreateWithPermissionSet: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'user@test.com',
    name: { givenName: 'Test', familyName: 'User' },
    department: 'finance',
    permissions: {
      companyPermissions: ['manage_company_settings'],
      roles: [{ roleName: 'Test Role' }, { roleId: '2519dafcdba238ae7' }],
      appGroup: [
        // The first workspace is the one of `scimCreate`, above.
        { appGroupName: 'Test Workspace', appGroupPermissions: ['basic_access', 'send_campaigns_canvases'], team: [{ teamName: 'Test Team', teamPermissions: ['basic_access', 'export_user_data'] }] },
        { appGroupName: 'Other Test Workspace', appGroupPermissionSets: [{ appGroupPermissionSetName: 'Test Permission Set' }] },
      ],
    },
  },
  // The update page's curl example, except its typo `send_campaign_canvases` (see the test below).
  scimUpdate: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    name: { givenName: 'Test', familyName: 'User' },
    department: 'finance',
    permissions: {
      companyPermissions: ['manage_company_settings'],
      roles: [{ roleName: 'Test Role' }, { roleId: '2519dafcdba238ae7' }],
      appGroup: [
        {
          appGroupName: 'Test Workspace',
          appGroupPermissions: ['basic_access', 'send_campaigns_canvases'],
          team: [{ teamName: 'Test Team', teamPermissions: ['admin'] }],
        },
      ],
    },
  },
};

const clone = <T>(v: T): T => structuredClone(v);
const item = (id: string) => ({ id, Name: `Restaurant ${id}`, Rating: 4 });

// --- Catalogs ---------------------------------------------------------------------------------

describe('catalogs: Braze documentation examples validate', () => {
  it.each([
    ['catalogs.create', docs.createCatalog],
    ['catalogs.createItems', docs.createItems],
    ['catalogs.editItems', docs.editItems],
    ['catalogs.replaceItems', docs.replaceItems],
    ['catalogs.deleteItems', docs.deleteItems],
    ['catalogs.createItem', docs.createItem],
    ['catalogs.editItem', docs.editItem],
    ['catalogs.replaceItem', docs.replaceItem],
  ] as const)('%s accepts the example of its page', (operationId, body) => {
    passes(requestValidator(operationId), body);
  });
});

describe('catalogs.create', () => {
  const v = () => requestValidator('catalogs.create');
  const withCatalog = (patch: Record<string, unknown>) => ({ catalogs: [{ ...docs.createCatalog.catalogs[0], ...patch }] });

  it('accepts one catalog and rejects two in one request', () => {
    passes(v(), docs.createCatalog);
    failsOn(v(), { catalogs: [docs.createCatalog.catalogs[0], { ...docs.createCatalog.catalogs[0], name: 'other' }] }, 'maxItems');
  });
  it('rejects a catalog name with a space or a dot', () => {
    passes(v(), withCatalog({ name: 'my-catalog_2' }));
    failsOn(v(), withCatalog({ name: 'my catalog' }), 'pattern');
    failsOn(v(), withCatalog({ name: 'my.catalog' }), 'pattern');
  });
  it('limits the catalog name to 250 characters', () => {
    passes(v(), withCatalog({ name: 'a'.repeat(250) }));
    failsOn(v(), withCatalog({ name: 'a'.repeat(251) }), 'maxLength');
  });
  it('limits the description to 250 characters and requires it', () => {
    passes(v(), withCatalog({ description: 'd'.repeat(250) }));
    failsOn(v(), withCatalog({ description: 'd'.repeat(251) }), 'maxLength');
    const { description: _d, ...noDescription } = docs.createCatalog.catalogs[0];
    failsOn(v(), { catalogs: [noDescription] }, 'required');
  });
  it('requires `id` of type string as the first field', () => {
    const fields = docs.createCatalog.catalogs[0].fields;
    failsOn(v(), withCatalog({ fields: fields.slice(1) }), 'const');
    failsOn(v(), withCatalog({ fields: [{ name: 'id', type: 'number' }, ...fields.slice(1)] }), 'const');
  });
  it('only accepts the documented field types', () => {
    for (const type of ['string', 'number', 'boolean', 'time', 'object', 'array']) {
      passes(v(), withCatalog({ fields: [{ name: 'id', type: 'string' }, { name: 'f', type }] }));
    }
    failsOn(v(), withCatalog({ fields: [{ name: 'id', type: 'string' }, { name: 'f', type: 'date' }] }), 'enum');
  });
  it('allows at most 500 fields', () => {
    const many = (n: number) => [{ name: 'id', type: 'string' }, ...Array.from({ length: n - 1 }, (_, i) => ({ name: `f${i}`, type: 'string' }))];
    passes(v(), withCatalog({ fields: many(500) }));
    failsOn(v(), withCatalog({ fields: many(501) }), 'maxItems');
  });
  it('applies the name rules to field names', () => {
    failsOn(v(), withCatalog({ fields: [{ name: 'id', type: 'string' }, { name: 'bad name', type: 'string' }] }), 'pattern');
    failsOn(v(), withCatalog({ fields: [{ name: 'id', type: 'string' }, { name: 'x'.repeat(251), type: 'string' }] }), 'maxLength');
  });
  it('is closed: a misspelt key is refused', () => {
    failsOn(v(), withCatalog({ fileds: [] }), 'additionalProperties');
  });
});

describe('catalog_name and item_id path parameters', () => {
  it('follow the name rules', () => {
    passes(schemaOfParam('CatalogName'), 'restaurants');
    failsOn(schemaOfParam('CatalogName'), 'all restaurants', 'pattern');
    passes(schemaOfParam('CatalogItemId'), 'restaurant-1_a');
    failsOn(schemaOfParam('CatalogItemId'), 'restaurant/1', 'pattern');
    failsOn(schemaOfParam('CatalogItemId'), 'r'.repeat(251), 'maxLength');
  });
});

describe.each(['catalogs.createItems', 'catalogs.editItems', 'catalogs.replaceItems', 'catalogs.deleteItems'])('%s (bulk)', (operationId) => {
  const v = () => requestValidator(operationId);
  const items = (n: number) => Array.from({ length: n }, (_, i) => (operationId === 'catalogs.deleteItems' ? { id: `r${i}` } : item(`r${i}`)));

  it('accepts 50 items and rejects 51', () => {
    passes(v(), { items: items(50) });
    failsOn(v(), { items: items(51) }, 'maxItems');
  });
  it('rejects an empty list', () => {
    failsOn(v(), { items: [] }, 'minItems');
  });
  it('requires an id on every item', () => {
    const [first] = items(1);
    const { id: _id, ...noId } = first;
    failsOn(v(), { items: [{ ...noId, City: 'Paris' }] }, 'required');
  });
  it('limits item ids to 250 letters, digits, hyphens and underscores', () => {
    passes(v(), { items: [{ ...items(1)[0], id: 'a'.repeat(250) }] });
    failsOn(v(), { items: [{ ...items(1)[0], id: 'a'.repeat(251) }] }, 'maxLength');
    failsOn(v(), { items: [{ ...items(1)[0], id: 'restaurant 1' }] }, 'pattern');
    failsOn(v(), { items: [{ ...items(1)[0], id: 42 }] }, 'type');
  });
});

describe('catalog item values', () => {
  const create = () => requestValidator('catalogs.createItems');
  it('limits text values to 5,000 characters', () => {
    passes(create(), { items: [{ id: 'r1', Description: 'x'.repeat(5000) }] });
    failsOn(create(), { items: [{ id: 'r1', Description: 'x'.repeat(5001) }] }, 'maxLength');
  });
  it('refuses `.` and `$` in keys of object values', () => {
    passes(create(), { items: [{ id: 'r1', Location: { Latitude: 1, Longitude: 2 } }] });
    failsOn(create(), { items: [{ id: 'r1', Location: { 'geo.lat': 1 } }] }, 'propertyNames');
    failsOn(create(), { items: [{ id: 'r1', Location: { $lat: 1 } }] }, 'propertyNames');
    failsOn(create(), { items: [{ id: 'r1', Location: { inner: { 'a.b': 1 } } }] }, 'propertyNames');
  });
  it('applies the field name rules to item keys', () => {
    failsOn(create(), { items: [{ id: 'r1', 'Top Dishes': ['a'] }] }, 'pattern');
  });
  it('accepts `$add` / `$remove` only on PATCH', () => {
    const ops = { id: 'r1', Top_Dishes: { $add: ['Fries'] } };
    passes(requestValidator('catalogs.editItems'), { items: [ops] });
    fails(create(), { items: [ops] });
    fails(requestValidator('catalogs.replaceItems'), { items: [ops] });
  });
  it('refuses unknown array operators and non-array operands', () => {
    const edit = requestValidator('catalogs.editItems');
    fails(edit, { items: [{ id: 'r1', Top_Dishes: { $push: ['Fries'] } }] });
    fails(edit, { items: [{ id: 'r1', Top_Dishes: { $add: 'Fries' } }] });
  });
  it('refuses null as a field value', () => {
    failsOn(create(), { items: [{ id: 'r1', City: null }] }, 'type');
  });
});

describe.each(['catalogs.createItem', 'catalogs.editItem', 'catalogs.replaceItem'])('%s (single item)', (operationId) => {
  const v = () => requestValidator(operationId);
  it('takes exactly one item object', () => {
    passes(v(), { items: [{ Name: 'Harbor Grill' }] });
    failsOn(v(), { items: [{ Name: 'A' }, { Name: 'B' }] }, 'maxItems');
    failsOn(v(), { items: [] }, 'minItems');
  });
  it('refuses an `id` in the body (the id is in the URL)', () => {
    fails(v(), { items: [{ id: 'restaurant1', Name: 'Harbor Grill' }] });
  });
  it('refuses an empty item', () => {
    failsOn(v(), { items: [{}] }, 'minProperties');
  });
});

describe('catalogs.deleteItems', () => {
  it('item references carry only an id', () => {
    failsOn(requestValidator('catalogs.deleteItems'), { items: [{ id: 'r1', Name: 'x' }] }, 'additionalProperties');
  });
});

describe('catalog error answers', () => {
  const v = () => validatorFor('CatalogError');
  it('accept the documented error ids and refuse unknown ones', () => {
    passes(v(), {
      errors: [{ id: 'catalog-not-found', message: 'Could not find catalog', parameters: ['catalog_name'], parameter_values: ['restaurants'] }],
      message: 'Invalid Request',
    });
    passes(v(), { errors: [{ id: 'items-missing-ids', message: 'There are 1 item(s) that do not have ids', parameters: [], parameter_values: [] }], message: 'Invalid Request' });
    failsOn(v(), { errors: [{ id: 'catalog-on-fire', message: 'x' }], message: 'Invalid Request' }, 'enum');
  });
  it('are what the catalog operations answer with 400 and 404', () => {
    for (const id of ['catalogs.create', 'catalogs.delete', 'catalogs.listItems', 'catalogs.createItems', 'catalogs.getItem', 'catalogs.deleteItem']) {
      const { responses } = operation(id).operation;
      expect(responses['400'].$ref).toBe('#/components/responses/CatalogBadRequest');
      expect(responses['404'].$ref).toBe('#/components/responses/CatalogNotFound');
    }
  });
});

describe('catalog responses (documented examples)', () => {
  it('list, item and items answers validate', () => {
    passes(validatorFor('CatalogsListResponse'), {
      catalogs: [{ description: 'My Restaurants', fields: [{ name: 'id', type: 'string' }, { name: 'Rating', type: 'number' }], name: 'restaurants', num_items: 10, updated_at: '2022-11-02T20:04:06.879+00:00' }],
      message: 'success',
    });
    passes(validatorFor('CatalogsGetItemResponse'), {
      items: [{ id: 'restaurant3', Name: 'Restaurant1', City: 'New York', Cuisine: 'American', Rating: 5, Loyalty_Program: true, Open_Time: '2022-11-01T09:03:19.967Z' }],
      message: 'success',
    });
  });
  it('a page of items holds at most 50', () => {
    const page = (n: number) => ({ items: Array.from({ length: n }, (_, i) => ({ id: `r${i}` })), message: 'success' });
    passes(validatorFor('CatalogsListItemsResponse'), page(50));
    failsOn(validatorFor('CatalogsListItemsResponse'), page(51), 'maxItems');
  });
});

describe('catalogs.listItems pagination', () => {
  it('pages through the Link header with a cursor, 50 items a page', () => {
    const op = operation('catalogs.listItems').operation;
    expect(op['x-braze-pagination']).toEqual({ style: 'link', pageSize: 50, itemsField: 'items' });
    expect(op.responses['200'].headers.Link).toBeDefined();
    expect(op.parameters.map((p: any) => p.name)).toContain('cursor');
  });
});

// --- Rate limits, idempotency, statuses -------------------------------------------------------

describe('rate limits, idempotency and success statuses', () => {
  const table: Array<[string, number, number, string, boolean, string]> = [
    ['catalogs.list', 50, 60, 'catalogs-sync', true, '200'],
    ['catalogs.create', 50, 60, 'catalogs-sync', false, '201'],
    ['catalogs.delete', 50, 60, 'catalogs-sync', true, '200'],
    ['catalogs.listItems', 50, 60, 'catalog-items-sync', true, '200'],
    ['catalogs.createItems', 16000, 60, 'catalog-items-async', false, '202'],
    // A PATCH may carry $add/$remove on array fields, which append: not idempotent as a whole
    // (x-braze-idempotent-body says which bodies are; test/client.idempotency.test.ts).
    ['catalogs.editItems', 16000, 60, 'catalog-items-async', false, '202'],
    ['catalogs.replaceItems', 16000, 60, 'catalog-items-async', true, '202'],
    ['catalogs.deleteItems', 16000, 60, 'catalog-items-async', true, '202'],
    ['catalogs.getItem', 50, 60, 'catalog-items-sync', true, '200'],
    ['catalogs.createItem', 50, 60, 'catalog-items-sync', false, '201'],
    ['catalogs.editItem', 50, 60, 'catalog-items-sync', false, '200'],
    ['catalogs.replaceItem', 50, 60, 'catalog-items-sync', true, '200'],
    ['catalogs.deleteItem', 50, 60, 'catalog-items-sync', true, '202'],
    ['preferenceCenter.create', 10, 60, 'preference-center-write', false, '201'],
    ['preferenceCenter.update', 10, 60, 'preference-center-write', true, '200'],
    ['preferenceCenter.list', 1000, 60, 'preference-center-read', true, '200'],
    ['preferenceCenter.get', 1000, 60, 'preference-center-read', true, '200'],
    ['preferenceCenter.getUrl', 1000, 60, 'preference-center-read', true, '200'],
    ['scim.createUser', 5000, 86400, 'scim', false, '201'],
    ['scim.searchUsers', 5000, 86400, 'scim', true, '200'],
    ['scim.getUser', 5000, 86400, 'scim', true, '200'],
    ['scim.updateUser', 5000, 86400, 'scim', true, '200'],
    ['scim.deleteUser', 5000, 86400, 'scim', true, '204'],
  ];
  it.each(table)('%s: %i per %is (%s), idempotent %s, answers %s', (id, requests, windowSeconds, group, idempotent, status) => {
    const op = operation(id).operation;
    expect(op['x-braze-rate-limit']).toMatchObject({ requests, windowSeconds, group });
    expect(op['x-braze-idempotent']).toBe(idempotent);
    expect(Object.keys(op.responses).filter((s) => s.startsWith('2'))).toEqual([status]);
  });
});

// --- Preference Center ------------------------------------------------------------------------

describe('preferenceCenter.create', () => {
  const v = () => requestValidator('preferenceCenter.create');
  const body = (patch: Record<string, unknown>) => ({ ...docs.createPreferenceCenter, ...patch });

  it('accepts the documented body', () => {
    passes(v(), docs.createPreferenceCenter);
  });
  it('requires name and both HTML pages', () => {
    for (const key of ['name', 'preference_center_page_html', 'confirmation_page_html']) {
      const copy: Record<string, unknown> = clone(docs.createPreferenceCenter);
      delete copy[key];
      failsOn(v(), copy, 'required');
    }
  });
  it('names hold only letters, digits, hyphens and underscores (no spaces)', () => {
    passes(v(), body({ name: 'Email-Prefs_2024' }));
    failsOn(v(), body({ name: 'Email Prefs' }), 'pattern');
  });
  it('state is active or draft', () => {
    passes(v(), body({ state: 'draft' }));
    failsOn(v(), body({ state: 'archived' }), 'enum');
  });
  it('link tags need a documented rel and an href', () => {
    const tags = (tag: Record<string, unknown>) => body({ options: { 'links-tags': [tag] } });
    passes(v(), tags({ rel: 'apple-touch-icon', href: 'https://example.com/touch.png' }));
    failsOn(v(), tags({ rel: 'stylesheet', href: 'https://example.com/a.css' }), 'enum');
    failsOn(v(), tags({ rel: 'icon' }), 'required');
    failsOn(v(), tags({ rel: 'icon', type: 'image/jpeg', href: 'https://example.com/a.jpg' }), 'enum');
  });
  it('color goes with type mask-icon only', () => {
    const tags = (tag: Record<string, unknown>) => body({ options: { 'links-tags': [tag] } });
    passes(v(), tags({ rel: 'icon', type: 'mask-icon', color: '#3accdd', href: 'https://example.com/mask.svg' }));
    fails(v(), tags({ rel: 'icon', type: 'image/png', color: '#3accdd', href: 'https://example.com/icon.png' }));
    fails(v(), tags({ rel: 'icon', color: '#3accdd', href: 'https://example.com/icon.png' }));
  });
  it('options and the body are closed', () => {
    failsOn(v(), body({ options: { viewport: 'width=device-width' } }), 'additionalProperties');
    failsOn(v(), body({ title: 'x' }), 'additionalProperties');
  });
});

describe('preferenceCenter.update', () => {
  const v = () => requestValidator('preferenceCenter.update');
  it('accepts the example of its page', () => {
    passes(v(), docs.updatePreferenceCenter);
  });
  it('requires both HTML pages but not the name', () => {
    const { name: _n, ...noName } = docs.updatePreferenceCenter;
    passes(v(), noName);
    const { preference_center_page_html: _p, ...noPage } = docs.updatePreferenceCenter;
    failsOn(v(), noPage, 'required');
  });
  it('state is active or draft', () => {
    failsOn(v(), { ...docs.updatePreferenceCenter, state: 'paused' }, 'enum');
  });
});

describe('preference center responses', () => {
  it('the details answer allows a null redirect page and the documented states', () => {
    const details = {
      name: 'My Preference Center', preference_center_api_id: 'preference_center_api_id',
      created_at: '2022-09-22T18:28:07Z', updated_at: '2022-09-22T18:32:07Z',
      preference_center_title: 'Example preference center title', preference_center_page_html: 'HTML for preference center here',
      confirmation_page_html: 'HTML for confirmation page here', redirect_page_html: null,
      preference_center_options: { 'meta-viewport-content': 'width=device-width, initial-scale=2' }, state: 'active',
    };
    passes(validatorFor('PreferenceCenterGetResponse'), details);
    failsOn(validatorFor('PreferenceCenterGetResponse'), { ...details, state: 'gone' }, 'enum');
  });
  it('the URL answer carries a URL', () => {
    passes(validatorFor('PreferenceCenterGetUrlResponse'), { preference_center_url: 'https://www.example.com/preferences' });
    failsOn(validatorFor('PreferenceCenterGetUrlResponse'), { preference_center_url: 'not a url' }, 'format');
  });
  it('the list answer validates', () => {
    passes(validatorFor('PreferenceCenterListResponse'), {
      preference_centers: [{ name: 'My Preference Center 1', preference_center_api_id: 'preference_center_api_id', created_at: '2022-08-17T15:46:10Z', updated_at: '2022-08-17T15:46:10Z' }],
    });
  });
  it('path parameters are named preferenceCenterExternalId and userId', () => {
    const op = operation('preferenceCenter.getUrl');
    expect(op.path).toBe('/preference_center/v1/{preferenceCenterExternalId}/url/{userId}');
    expect(operation('preferenceCenter.get').path).toBe('/preference_center/v1/{preferenceCenterExternalId}');
  });
});

// --- SCIM -------------------------------------------------------------------------------------

describe('SCIM security', () => {
  it.each(['scim.createUser', 'scim.searchUsers', 'scim.getUser', 'scim.updateUser', 'scim.deleteUser'])(
    '%s needs the SCIM token and X-Request-Origin together, not the REST key',
    (id) => {
      expect(operation(id).operation.security).toEqual([{ ScimToken: [], ScimRequestOrigin: [] }]);
      expect(operation(id).operation['x-braze-permission']).toBe('scim');
    },
  );
});

describe('scim.createUser', () => {
  const v = () => requestValidator('scim.createUser');
  const body = (patch: Record<string, unknown>) => ({ ...clone(docs.scimCreate), ...patch });
  const withWorkspace = (ws: Record<string, unknown>) => body({ permissions: { appGroup: [ws] } });

  it('accepts both examples of its page', () => {
    passes(v(), docs.scimCreate);
    passes(v(), docs.scimCreateWithPermissionSet);
  });
  it('accepts a user without permissions (they are optional)', () => {
    const { permissions: _p, ...noPermissions } = docs.scimCreate;
    passes(v(), noPermissions);
  });
  it('requires the SCIM core User schema URN', () => {
    failsOn(v(), body({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'] }), 'const');
    failsOn(v(), body({ schemas: [] }), 'minItems');
  });
  it('userName is an email', () => {
    failsOn(v(), body({ userName: 'test-user' }), 'format');
  });
  it('department is one of the documented strings', () => {
    for (const department of ['agency', 'bi', 'c_suite', 'engineering', 'finance', 'marketing', 'pm']) passes(v(), body({ department }));
    failsOn(v(), body({ department: 'sales' }), 'enum');
  });
  it('requires schemas, userName, name and department, and both names', () => {
    for (const key of ['schemas', 'userName', 'name', 'department']) {
      const copy: Record<string, unknown> = clone(docs.scimCreate);
      delete copy[key];
      failsOn(v(), copy, 'required');
    }
    failsOn(v(), body({ name: { givenName: 'Test' } }), 'required');
    fails(v(), body({ name: { givenName: 'Test', familyName: 'User', middleName: 'Q' } }));
  });
  it('company permissions are the documented strings', () => {
    passes(v(), body({ permissions: { companyPermissions: ['admin', 'add_remove_app_groups'], appGroup: [] } }));
    failsOn(v(), body({ permissions: { companyPermissions: ['manage_everything'], appGroup: [] } }), 'enum');
  });
  it('permissions need appGroup', () => {
    failsOn(v(), body({ permissions: { companyPermissions: ['admin'] } }), 'required');
  });
  it('workspace permissions are the documented strings', () => {
    passes(v(), withWorkspace({ appGroupName: 'W', appGroupPermissions: ['manage_catalogs_dashboard_permission', 'view_pii'] }));
    failsOn(v(), withWorkspace({ appGroupName: 'W', appGroupPermissions: ['send_campaign_canvases'] }), 'enum');
  });
  it('a workspace is named by appGroupName or appGroupId', () => {
    passes(v(), withWorkspace({ appGroupId: '241adcd25789fabcded', appGroupPermissions: ['basic_access'] }));
    fails(v(), withWorkspace({ appGroupPermissions: ['basic_access'] }));
  });
  it('a workspace gets permissions or one permission set', () => {
    passes(v(), withWorkspace({ appGroupName: 'W', appGroupPermissionSets: [{ appGroupPermissionSetId: 'dfa385109bc38' }] }));
    // One spelling only: `...ID` and `...Id` would be one field name in generated clients.
    fails(v(), withWorkspace({ appGroupName: 'W', appGroupPermissionSets: [{ appGroupPermissionSetID: 'dfa385109bc38' }] }));
    fails(v(), withWorkspace({ appGroupName: 'W' }));
    failsOn(
      v(),
      withWorkspace({ appGroupName: 'W', appGroupPermissionSets: [{ appGroupPermissionSetName: 'A' }, { appGroupPermissionSetName: 'B' }] }),
      'maxItems',
    );
    fails(v(), withWorkspace({ appGroupName: 'W', appGroupPermissionSets: [{}] }));
  });
  it('team permissions are the documented (shorter) list, with a team name or id', () => {
    const team = (t: Record<string, unknown>) => withWorkspace({ appGroupName: 'W', appGroupPermissions: ['basic_access'], team: [t] });
    passes(v(), team({ teamId: 't1', teamPermissions: ['manage_media_library'] }));
    failsOn(v(), team({ teamName: 'T', teamPermissions: ['view_pii'] }), 'enum');
    fails(v(), team({ teamPermissions: ['admin'] }));
    failsOn(v(), team({ teamName: 'T' }), 'required');
  });
  it('a role is named by roleName or roleId', () => {
    fails(v(), body({ permissions: { roles: [{}], appGroup: [] } }));
    failsOn(v(), body({ permissions: { roles: [{ role: 'x' }], appGroup: [] } }), 'additionalProperties');
  });
});

describe('scim.updateUser', () => {
  const v = () => requestValidator('scim.updateUser');
  it('accepts the example of its page, with its permission typo corrected', () => {
    passes(v(), docs.scimUpdate);
  });
  it('refuses the page example as printed: `send_campaign_canvases` is not a permission string', () => {
    const asPrinted = clone(docs.scimUpdate);
    asPrinted.permissions.appGroup[0].appGroupPermissions = ['basic_access', 'send_campaign_canvases'];
    failsOn(v(), asPrinted, 'enum');
  });
  it('cannot change userName', () => {
    failsOn(v(), { ...docs.scimUpdate, userName: 'new@test.com' }, 'additionalProperties');
  });
  it('requires permissions (unlike create)', () => {
    const { permissions: _p, ...noPermissions } = docs.scimUpdate;
    failsOn(v(), noPermissions, 'required');
  });
});

describe('scim.searchUsers filter', () => {
  const v = () => queryParam('scim.searchUsers', 'filter');
  it('is `userName eq "<email>"`', () => {
    passes(v(), 'userName eq "user@test.com"');
    failsOn(v(), 'userName co "user"', 'pattern');
    failsOn(v(), 'email eq "user@test.com"', 'pattern');
    failsOn(v(), 'userName eq user@test.com', 'pattern');
  });
  it('is required', () => {
    expect(operation('scim.searchUsers').operation.parameters.find((p: any) => p.name === 'filter').required).toBe(true);
  });
});

describe('SCIM responses (documented examples)', () => {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'dfa245b7-24195aec-887bb3ad-602b3340',
    userName: 'user@test.com',
    name: { givenName: 'Test', familyName: 'User' },
    department: 'finance',
    lastSignInAt: 'Thursday, January 1, 1970 12:00:00 AM',
    createdAt: 'Thursday, January 1, 1970 12:00:00 AM',
    permissions: {
      companyPermissions: ['manage_company_settings'],
      roles: [
        {
          roleName: 'Another Test Role',
          roleId: '23125dad23dfaae7',
          appGroup: [
            {
              appGroupId: '241adcd25adfabcded',
              appGroupName: 'Production Workspace',
              appGroupPermissionSets: [{ appGroupPermissionSetName: 'A Permission Set', appGroupPermissionSetId: 'dfa385109bc38', permissions: ['basic_access', 'publish_cards'] }],
            },
          ],
        },
      ],
      appGroup: [
        {
          appGroupId: '241adcd25789fabcded',
          appGroupName: 'Test Workspace',
          appGroupPermissions: ['basic_access', 'send_campaigns_canvases'],
          team: [{ teamId: '241adcd25789fabcded', teamName: 'Test Team', teamPermissions: ['admin'] }],
        },
      ],
    },
  };
  it('a user resource validates and names its department from the list', () => {
    passes(validatorFor('ScimUser'), user);
    failsOn(validatorFor('ScimUser'), { ...user, department: 'ops' }, 'enum');
  });
  it('the search answer is a SCIM ListResponse', () => {
    const { schemas: _s, createdAt: _c, ...resource } = user;
    const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [resource] };
    passes(validatorFor('ScimSearchUsersResponse'), list);
    failsOn(validatorFor('ScimSearchUsersResponse'), { ...list, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] }, 'contains');
    const { totalResults: _t, ...noTotal } = list;
    failsOn(validatorFor('ScimSearchUsersResponse'), noTotal, 'required');
  });
  it('SCIM errors validate', () => {
    passes(validatorFor('ScimError'), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'User not found', status: 404 });
  });
});
