// The operations Braze documents beyond the glossary (rows of ../shared/beyond.tsv, except the Data
// Objects and the Device Messaging banners): their per-operation facts as data, and each documented
// rule as a body that passes and one that fails on that very rule. The request examples printed on
// Braze's pages are replayed where they are valid JSON (a body Braze documents must validate).
import { describe, expect, it } from 'vitest';
import { operation, operations, problems, requestValidator, spec, validatorAt, validatorFor } from './helpers/spec.js';

type V = ReturnType<typeof requestValidator>;
const passes = (v: V, body: unknown) => expect(problems(v, body)).toEqual([]);
/** Fails, and one of Ajv's messages names the expected keyword (so the right rule fired). */
const failsOn = (v: V, body: unknown, keyword: string) => {
  const found = problems(v, body);
  expect(found.some((p) => p.split(' ')[1] === keyword), `expected a "${keyword}" problem, got ${JSON.stringify(found)}`).toBe(true);
};
/** A parameter of an operation (path-item or operation level, `$ref` resolved) and its schema's pointer. */
function located(operationId: string, name: string) {
  const op = operation(operationId);
  const itemPointer = op.pointer.replace(/\/[a-z]+$/, '');
  const levels: [any[], string][] = [
    [spec.paths[op.path].parameters ?? [], `${itemPointer}/parameters`],
    [op.operation.parameters ?? [], `${op.pointer}/parameters`],
  ];
  for (const [list, base] of levels) {
    for (const [i, p] of list.entries()) {
      const key = p.$ref?.replace('#/components/parameters/', '');
      const resolved = key ? spec.components.parameters[key] : p;
      if (resolved.name === name) return { resolved, pointer: key ? `/components/parameters/${key}/schema` : `${base}/${i}/schema` };
    }
  }
  throw new Error(`${operationId} has no parameter ${name}`);
}
const param = (operationId: string, name: string): V => validatorAt(located(operationId, name).pointer);
const paramOf = (operationId: string, name: string) => located(operationId, name).resolved;
/** The documented values of an open response enum: the `enum` of its `anyOf` branch (another branch takes any later string). */
const documented = (schema: any): string[] => (schema.anyOf ?? []).find((b: any) => Array.isArray(b.enum))?.enum ?? [];

// operationId, method, path, permission, [requests, windowSeconds, group], idempotent, availability
const ROWS: [string, string, string, string, [number, number, string], boolean, string[]?][] = [
  ['apps.updatePushCredential', 'post', '/apps/push_credential/update', 'apps.push_credential', [250000, 3600, 'default'], true],
  ['catalogs.createFields', 'post', '/catalogs/{catalog_name}/fields', 'catalogs.create_fields', [50, 60, 'catalog-fields-selections-async'], false],
  ['catalogs.deleteField', 'delete', '/catalogs/{catalog_name}/fields/{field_name}', 'catalogs.delete_fields', [50, 60, 'catalog-fields-selections-async'], true],
  ['catalogs.createSelection', 'post', '/catalogs/{catalog_name}/selections', 'catalogs.create_selection', [50, 60, 'catalog-fields-selections-async'], false],
  ['catalogs.deleteSelection', 'delete', '/catalogs/{catalog_name}/selections/{selection_name}', 'catalogs.delete_selection', [50, 60, 'catalog-fields-selections-async'], true],
  ['cdi.listIntegrations', 'get', '/cdi/integrations', 'cdi.integration_list', [50, 60, 'cdi-list-integrations'], true],
  ['cdi.listJobSyncStatus', 'get', '/cdi/integrations/{integration_id}/job_sync_status', 'cdi.integration_job_status', [100, 60, 'cdi-job-sync-status'], true],
  ['cdi.triggerSync', 'post', '/cdi/integrations/{integration_id}/sync', 'cdi.integration_sync', [20, 60, 'cdi-sync'], false],
  ['appGroup.createSdkAuthenticationKey', 'post', '/app_group/sdk_authentication/create', 'sdk_authentication.create', [250000, 3600, 'default'], false],
  ['appGroup.listSdkAuthenticationKeys', 'get', '/app_group/sdk_authentication/keys', 'sdk_authentication.keys', [250000, 3600, 'default'], true],
  ['appGroup.setPrimarySdkAuthenticationKey', 'put', '/app_group/sdk_authentication/primary', 'sdk_authentication.primary', [250000, 3600, 'default'], true],
  ['appGroup.deleteSdkAuthenticationKey', 'delete', '/app_group/sdk_authentication/delete', 'sdk_authentication.delete', [250000, 3600, 'default'], true],
  ['mediaLibrary.create', 'post', '/media_library/create', 'media_library.create', [100, 3600, 'media-library'], false],
  ['customAttributes.export', 'get', '/custom_attributes', 'custom_attributes.get', [1000, 3600, 'custom-data-lists'], true],
  ['events.export', 'get', '/events', 'events.get', [1000, 3600, 'custom-data-lists'], true],
  ['purchases.quantitySeries', 'get', '/purchases/quantity_series', 'purchases.quantity_series', [1000, 3600, 'custom-data-lists'], true],
  ['purchases.revenueSeries', 'get', '/purchases/revenue_series', 'purchases.revenue_series', [1000, 3600, 'custom-data-lists'], true],
  ['export.cancelSegment', 'post', '/export/segment/cancel', 'segments.list', [250000, 3600, 'default'], true],
  ['messages.liveActivityStart', 'post', '/messages/live_activity/start', 'messages.live_activity.start', [250000, 3600, 'default'], false],
  ['campaigns.duplicate', 'post', '/campaigns/duplicate', 'campaigns.duplicate', [100, 60, 'campaigns-duplicate'], false, ['early-access']],
  ['canvas.duplicate', 'post', '/canvas/duplicate', 'canvas.duplicate', [100, 60, 'canvas-duplicate'], false, ['early-access']],
  ['campaigns.getTranslations', 'get', '/campaigns/translations', 'campaigns.translations.get', [250000, 60, 'campaigns-get-translations'], true],
  ['campaigns.updateTranslations', 'put', '/campaigns/translations', 'campaigns.translations.update', [250000, 60, 'campaigns-update-translations'], true],
  ['campaigns.getTranslationSource', 'get', '/campaigns/translations/source', 'campaigns.translations.get', [250000, 60, 'campaigns-get-translation-source'], true],
  ['canvas.getTranslations', 'get', '/canvas/translations', 'canvas.translations.get', [250000, 60, 'canvas-get-translations'], true],
  ['canvas.updateTranslations', 'put', '/canvas/translations', 'canvas.translations.update', [250000, 60, 'canvas-update-translations'], true],
  ['canvas.getTranslationSource', 'get', '/canvas/translations/source', 'canvas.translations.get', [250000, 60, 'canvas-get-translation-source'], true],
  ['contentBlocks.getTranslations', 'get', '/content_blocks/translations', 'content_blocks.translations.get', [250000, 60, 'content-blocks-get-translations'], true],
  ['contentBlocks.updateTranslations', 'put', '/content_blocks/translations', 'content_blocks.translations.update', [250000, 60, 'content-blocks-update-translations'], true],
  ['contentBlocks.getTranslationSource', 'get', '/content_blocks/translations/source', 'content_blocks.translations.get', [250000, 60, 'content-blocks-get-translation-source'], true, ['early-access']],
  ['templates.getEmailTranslations', 'get', '/templates/email/translations/', 'templates.translations.get', [250000, 60, 'templates-get-email-translations'], true],
  ['templates.updateEmailTranslations', 'put', '/templates/email/translations/', 'templates.translations.update', [250000, 60, 'templates-update-email-translations'], true],
  ['templates.getEmailTranslationSource', 'get', '/templates/email/translations/source', 'templates.email.info', [250000, 60, 'templates-get-email-translation-source'], true],
  ['templates.getEmailTranslationsByLocale', 'get', '/templates/translations/email', 'templates.translations.get', [250000, 60, 'templates-get-email-translations-by-locale'], true],
  ['templates.getWebhookTranslations', 'get', '/templates/webhook/translations', 'templates.translations.get', [250000, 60, 'templates-get-webhook-translations'], true],
  ['templates.updateWebhookTranslations', 'put', '/templates/webhook/translations', 'templates.translations.update', [250000, 60, 'templates-update-webhook-translations'], true],
  ['templates.getWebhookTranslationSource', 'get', '/templates/webhook/translations/source', 'templates.translations.get', [250000, 60, 'templates-get-webhook-translation-source'], true],
  ['users.getSubscriptionStates', 'get', '/users/subscription', 'users.subscription', [250000, 3600, 'default'], true, ['hidden']],
  ['users.deleteSubscriptionStates', 'delete', '/users/subscription', 'users.subscription', [250000, 3600, 'default'], true, ['hidden']],
  ['campaigns.getUrlInfo', 'get', '/campaigns/url_info/details', 'campaigns.url_info.details', [250000, 3600, 'default'], true, ['hidden']],
  ['canvas.getUrlInfo', 'get', '/canvas/url_info/details', 'canvas.url_info.details', [250000, 3600, 'default'], true, ['hidden']],
];

describe('responses stay open', () => {
  // Braze adds fields to its answers over time: an object of a response schema that refuses unknown
  // keys on its own (not as one alternative of an anyOf/oneOf, where another branch still takes the
  // object) would make a client or the mock reject a valid answer. Inside an alternative, a closed
  // part only fails that alternative.
  it('no response object closes itself against unknown keys', () => {
    const closed = new Set<string>();
    const walk = (node: any, at: string, seen: Set<any>, inBranch: boolean) => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      if (node.$ref) {
        const name = node.$ref.split('/').pop();
        return walk(spec.components.schemas[name], `${at} (${name})`, new Set([...seen, node]), inBranch);
      }
      seen = new Set([...seen, node]);
      if (!inBranch && (node.additionalProperties === false || node.unevaluatedProperties === false)) closed.add(at);
      for (const [k, v] of Object.entries<any>(node.properties ?? {})) walk(v, `${at}.${k}`, seen, inBranch);
      if (node.items) walk(node.items, `${at}[]`, seen, inBranch);
      if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${at}{}`, seen, inBranch);
      for (const kw of ['anyOf', 'oneOf']) (node[kw] ?? []).forEach((b: any, i: number) => walk(b, `${at}/${kw}/${i}`, seen, true));
      (node.allOf ?? []).forEach((b: any, i: number) => walk(b, `${at}/allOf/${i}`, seen, inBranch));
    };
    for (const op of operations)
      for (const [status, response] of Object.entries<any>(op.operation.responses ?? {})) {
        const r = response.$ref ? spec.components.responses[response.$ref.split('/').pop()] : response;
        for (const media of Object.values<any>(r.content ?? {})) walk(media.schema, `${op.operationId} ${status}`, new Set(), false);
      }
    expect([...closed].sort()).toEqual([]);
  });
});

describe('per-operation facts, as documented', () => {
  it.each(ROWS)('%s', (id, method, path, permission, [requests, windowSeconds, group], idempotent, availability) => {
    const op = operation(id);
    expect([op.method, op.path]).toEqual([method, path]);
    expect(op.operation['x-braze-permission']).toBe(permission);
    expect(op.operation['x-braze-rate-limit']).toMatchObject({ requests, windowSeconds, group });
    expect(op.operation['x-braze-idempotent']).toBe(idempotent);
    expect(op.operation['x-braze-availability']).toEqual(availability);
    for (const status of ['401', '429']) expect(op.operation.responses[status], `${id} ${status}`).toBeDefined();
    expect(op.operation.description.length).toBeGreaterThan(80);
  });
});

describe('Catalogs: fields and selections', () => {
  const fields = requestValidator('catalogs.createFields');
  const selection = requestValidator('catalogs.createSelection');
  const field = (i: number) => ({ name: `Field_${i}`, type: 'string' });

  it("the page's create-fields example, geo included, validates", () => {
    passes(fields, {
      fields: [
        { name: 'Name', type: 'string' },
        { name: 'Ratings', type: 'number' },
        { name: 'Loyalty_Program', type: 'boolean' },
        { name: 'Created_At', type: 'time' },
        { name: 'Location', type: 'geo' },
      ],
    });
  });
  it('1 to 50 fields per request', () => {
    passes(fields, { fields: Array.from({ length: 50 }, (_, i) => field(i)) });
    failsOn(fields, { fields: Array.from({ length: 51 }, (_, i) => field(i)) }, 'maxItems');
    failsOn(fields, { fields: [] }, 'minItems');
  });
  it('a field has a known type and a valid name', () => {
    failsOn(fields, { fields: [{ name: 'Price', type: 'money' }] }, 'anyOf');
    failsOn(fields, { fields: [{ name: 'has space', type: 'string' }] }, 'pattern');
    failsOn(fields, { fields: [{ name: 'Price' }] }, 'required');
  });
  it('the field and selection names in the path are checked', () => {
    failsOn(param('catalogs.deleteField', 'field_name'), 'bad name', 'pattern');
    passes(param('catalogs.deleteField', 'field_name'), 'ratings');
    failsOn(param('catalogs.deleteSelection', 'selection_name'), '', 'minLength');
  });

  const docSelection = {
    selection: {
      name: 'favorite-restaurants',
      description: 'Favorite restaurants in NYC',
      external_id: 'favorite-nyc-restaurants',
      filters: [
        { field: 'City', operator: 'equals', value: 'NYC' },
        { field: 'Rating', operator: 'greater than', value: 7 },
      ],
      results_limit: 10,
      sort_field: 'Rating',
      sort_order: 'desc',
    },
  };
  const withSelection = (patch: Record<string, unknown>) => ({ selection: { ...docSelection.selection, ...patch } });

  it("the page's selection example validates", () => passes(selection, docSelection));
  it('name and external_id are required', () => {
    const { name: _n, ...noName } = docSelection.selection;
    failsOn(selection, { selection: noName }, 'required');
    const { external_id: _e, ...noId } = docSelection.selection;
    failsOn(selection, { selection: noId }, 'required');
  });
  it('at most 4 filters', () => {
    const f = { field: 'City', operator: 'equals', value: 'NYC' };
    passes(selection, withSelection({ filters: [f, f, f, f] }));
    failsOn(selection, withSelection({ filters: [f, f, f, f, f] }), 'maxItems');
  });
  it('results_limit is between 1 and 50', () => {
    passes(selection, withSelection({ results_limit: 50 }));
    failsOn(selection, withSelection({ results_limit: 51 }), 'maximum');
    failsOn(selection, withSelection({ results_limit: 0 }), 'minimum');
  });
  it('sort_field and sort_order go together; the order is asc or desc', () => {
    const { sort_order: _o, ...noOrder } = docSelection.selection;
    failsOn(selection, { selection: noOrder }, 'dependentRequired');
    const { sort_field: _f, ...noField } = docSelection.selection;
    failsOn(selection, { selection: noField }, 'dependentRequired');
    const { sort_field: _a, sort_order: _b, ...neither } = docSelection.selection;
    passes(selection, { selection: neither });
    failsOn(selection, withSelection({ sort_order: 'descending' }), 'enum');
  });
  it('operators and sources are the documented ones', () => {
    for (const operator of ['does not equal', 'less than', 'is', 'before', 'after', 'includes value', 'does not include value']) {
      passes(selection, withSelection({ filters: [{ field: 'F', operator, value: 'x' }] }));
    }
    failsOn(selection, withSelection({ filters: [{ field: 'F', operator: 'contains', value: 'x' }] }), 'enum');
    passes(selection, withSelection({ source: 'Shopify' }));
    failsOn(selection, withSelection({ source: 'shopify' }), 'enum');
  });
});

describe('Cloud Data Ingestion', () => {
  it('the integration lists page by the Link header, 10 per page', () => {
    for (const id of ['cdi.listIntegrations', 'cdi.listJobSyncStatus']) {
      expect(operation(id).operation['x-braze-pagination']).toEqual({ style: 'link', pageSize: 10, itemsField: 'results' });
      expect(paramOf(id, 'cursor').required).toBe(false);
      expect(operation(id).operation.responses['200'].headers.Link).toBeDefined();
    }
  });
  it('integration_id is a required path parameter', () => {
    for (const id of ['cdi.listJobSyncStatus', 'cdi.triggerSync']) {
      expect(paramOf(id, 'integration_id')).toMatchObject({ in: 'path', required: true });
      failsOn(param(id, 'integration_id'), '', 'minLength');
    }
  });
  it('a page holds at most 10 results', () => {
    const page = validatorFor('CdiListJobSyncStatusResponse');
    const sync = { job_status: 'success', rows_synced: 1, rows_failed_with_errors: 0 };
    passes(page, { results: Array.from({ length: 10 }, () => sync), message: 'success' });
    failsOn(page, { results: Array.from({ length: 11 }, () => sync) }, 'maxItems');
    failsOn(page, { results: [{ ...sync, rows_synced: -1 }] }, 'minimum');
  });
  it('job_status lists the five documented statuses as data, and still takes a later one', () => {
    expect(documented(spec.components.schemas.CdiJobStatus)).toEqual(['running', 'success', 'partial', 'error', 'config_error']);
    const status = validatorFor('CdiJobStatus');
    passes(status, 'partial');
    passes(status, 'queued');
    failsOn(status, 3, 'type');
  });
});

describe('SDK Authentication', () => {
  const create = requestValidator('appGroup.createSdkAuthenticationKey');
  const pem = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvvD+fgA0YuCUd/v35htn...\n-----END PUBLIC KEY-----';
  const doc = { app_id: '01234567-89ab-cdef-0123-456789abcdef', rsa_public_key_str: pem, description: 'SDK Authentication Key for iOS App', make_primary: false };

  it("the page's create example validates", () => passes(create, doc));
  it('app_id, the key and a non-empty description are required', () => {
    for (const key of ['app_id', 'rsa_public_key_str', 'description'] as const) {
      const { [key]: _drop, ...rest } = doc;
      failsOn(create, rest, 'required');
    }
    failsOn(create, { ...doc, description: '' }, 'minLength');
  });
  it('the key must be a PEM public key', () => {
    failsOn(create, { ...doc, rsa_public_key_str: 'MIIBIjANBgkqhkiG9w0BAQEFAAOC' }, 'pattern');
    passes(create, { ...doc, rsa_public_key_str: pem.replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY') });
  });
  it('make primary and delete take app_id and key_id, nothing else', () => {
    for (const id of ['appGroup.setPrimarySdkAuthenticationKey', 'appGroup.deleteSdkAuthenticationKey']) {
      const v = requestValidator(id);
      passes(v, { app_id: 'a', key_id: 'k' });
      failsOn(v, { app_id: 'a' }, 'required');
      failsOn(v, { app_id: 'a', key_id: 'k', keyId: 'k' }, 'additionalProperties');
    }
  });
  it('list takes a required app_id; an app has at most 3 keys', () => {
    expect(paramOf('appGroup.listSdkAuthenticationKeys', 'app_id').required).toBe(true);
    const keys = validatorFor('SdkAuthenticationKeysResponse');
    const key = { id: 'k', rsa_public_key: pem, description: 'd', is_primary: false };
    passes(keys, { keys: [key, key, key] });
    failsOn(keys, { keys: [key, key, key, key] }, 'maxItems');
  });
});

describe('Apps: push credentials', () => {
  const v = requestValidator('apps.updatePushCredential');
  const apple = { certificate: 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', jwt_key_id: 'K', jwt_team_id: 'T', jwt_bundle_id: 'com.example', apns_gateway: 'prod' };

  it('each platform of the page validates on its own', () => {
    passes(v, { app_id: 'app', apple });
    passes(v, { app_id: 'app', firebase: { credential: 'eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=' } });
    passes(v, { app_id: 'app', huawei: { app_id: '1045', app_secret: 's' } });
    passes(v, { app_id: 'app', kindle: { client_id: 'c', client_secret: 's' } });
  });
  it('exactly one platform object per request', () => {
    failsOn(v, { app_id: 'app' }, 'oneOf');
    failsOn(v, { app_id: 'app', apple, kindle: { client_id: 'c', client_secret: 's' } }, 'oneOf');
  });
  it('APNs: every field required, gateway prod or dev, the key Base64 encoded', () => {
    const { jwt_team_id: _t, ...noTeam } = apple;
    failsOn(v, { app_id: 'app', apple: noTeam }, 'required');
    failsOn(v, { app_id: 'app', apple: { ...apple, apns_gateway: 'production' } }, 'enum');
    failsOn(v, { app_id: 'app', apple: { ...apple, certificate: '-----BEGIN PRIVATE KEY-----\nMIGT' } }, 'pattern');
  });
  it('app_id is required and unknown platforms are refused', () => {
    failsOn(v, { apple }, 'required');
    failsOn(v, { app_id: 'app', apple, windows: {} }, 'additionalProperties');
  });
});

describe('Media Library', () => {
  const v = requestValidator('mediaLibrary.create');
  it("the page's URL example validates", () => passes(v, { asset_url: 'https://cdn.example.com/assets/cat.jpg', name: 'Cat Graphic' }));
  it('asset_url or asset_file, never both and never neither', () => {
    passes(v, { asset_file: 'iVBORw0KGgo=' });
    failsOn(v, { name: 'Cat' }, 'oneOf');
    failsOn(v, { asset_url: 'https://cdn.example.com/a.png', asset_file: 'iVBORw0KGgo=' }, 'oneOf');
  });
  it('asset_url is a URI', () => failsOn(v, { asset_url: 'not a url' }, 'format'));
  it('a refused upload has its own error body', () => {
    const error = validatorAt(`${operation('mediaLibrary.create').pointer}/responses/400/content/application~1json/schema`);
    passes(error, { message: 'x', error_code: 'ZIP_FILE_TOO_LARGE', meta: { zip_file_name: 'a.zip', zip_file_size: 9e6 } });
    failsOn(error, { error_code: 'GENERIC_ERROR' }, 'required');
  });
  it("a refused upload's meta names the keys the page lists, typed, and stays open", () => {
    const error = validatorAt(`${operation('mediaLibrary.create').pointer}/responses/400/content/application~1json/schema`);
    const meta = spec.components.schemas.MediaLibraryError.properties.meta;
    expect(Object.keys(meta.properties ?? {}).sort()).toEqual(
      ['asset_url', 'file_type', 'limit', 'original_error', 'zip_file_name', 'zip_file_size'].sort());
    passes(error, { message: 'x', error_code: 'MEDIA_LIBRARY_LIMIT_REACHED', meta: { limit: 200 } });
    passes(error, { message: 'x', error_code: 'GENERIC_ERROR', meta: { original_error: 'boom', later_key: 1 } });
    failsOn(error, { message: 'x', error_code: 'MEDIA_LIBRARY_LIMIT_REACHED', meta: { limit: 'two hundred' } }, 'type');
    failsOn(error, { message: 'x', error_code: 'UNSUPPORTED_FILE_TYPE', meta: { file_type: 7 } }, 'type');
  });
  it('error_code lists the ten documented codes as data, and still takes a later one', () => {
    const code = spec.components.schemas.MediaLibraryError.properties.error_code;
    expect(documented(code)).toEqual([
      'UNSUPPORTED_FILE_TYPE', 'ASSET_SIZE_EXCEEDS_LIMIT', 'MEDIA_LIBRARY_LIMIT_REACHED', 'ASSET_UPLOAD_FAILED', 'INVALID_ASSET_URL',
      'ZIP_UPLOAD_ERROR', 'ZIP_FILE_TOO_LARGE', 'ZIPPED_ENTITY_HAS_NO_NAME', 'ZIPPED_ENTITY_CANNOT_HAVE_NESTED_DIRECTORY', 'GENERIC_ERROR',
    ]);
    const error = validatorFor('MediaLibraryError');
    passes(error, { message: 'x', error_code: 'SOME_LATER_CODE' });
    failsOn(error, { message: 'x', error_code: 12 }, 'type');
  });
});

describe('Exports: custom attributes, custom events, purchase series, segment export cancel', () => {
  it('/custom_attributes and /events page by the Link header cursor, 50 per page', () => {
    for (const [id, itemsField] of [['customAttributes.export', 'attributes'], ['events.export', 'events']]) {
      expect(operation(id).operation['x-braze-pagination']).toEqual({ style: 'link', pageSize: 50, itemsField });
      expect(paramOf(id, 'cursor').required).toBe(false);
      failsOn(param(id, 'cursor'), '', 'minLength');
      expect(operation(id).operation.responses['200'].headers.Link).toBeDefined();
    }
    const page = validatorFor('EventsExportResponse');
    const event = { name: 'e', description: 'd', included_in_analytics_report: false, status: 'Active', tag_names: [] };
    passes(page, { message: 'success', events: Array.from({ length: 50 }, () => event) });
    failsOn(page, { events: Array.from({ length: 51 }, () => event) }, 'maxItems');
  });
  it("the page's attribute example (array_length, tags) validates", () => {
    passes(validatorFor('CustomAttributesExportResponse'), {
      message: 'success',
      attributes: [{ array_length: 100, data_type: 'Number', description: 'The attribute description', name: 'The attribute name', status: 'Active', tag_names: ['Tag One', 'Tag Two'] }],
    });
  });
  it.each(['purchases.quantitySeries', 'purchases.revenueSeries'])('%s: length 1..100 required, unit day or hour, optional app and product', (id) => {
    expect(paramOf(id, 'length').required).toBe(true);
    passes(param(id, 'length'), 100);
    failsOn(param(id, 'length'), 101, 'maximum');
    failsOn(param(id, 'length'), 0, 'minimum');
    failsOn(param(id, 'unit'), 'week', 'enum');
    failsOn(param(id, 'ending_at'), '06/28/2024', 'format');
    expect(paramOf(id, 'app_id').required).toBe(false);
    expect(paramOf(id, 'product').required).toBe(false);
  });
  it('the series answer one point per period', () => {
    passes(validatorFor('PurchasesQuantitySeriesResponse'), { message: 'success', data: [{ time: '2024-06-28', purchase_quantity: 3 }] });
    failsOn(validatorFor('PurchasesQuantitySeriesResponse'), { message: 'success', data: [{ time: '2024-06-28', purchase_quantity: 1.5 }] }, 'type');
    passes(validatorFor('PurchasesRevenueSeriesResponse'), { message: 'success', data: [{ time: '2024-06-28T14:00:00-05:00', revenue: 12.5 }] });
  });
  it('cancel takes exactly a segment_id', () => {
    const v = requestValidator('export.cancelSegment');
    passes(v, { segment_id: 'segment_identifier' });
    failsOn(v, {}, 'required');
    failsOn(v, { segment_id: '' }, 'minLength');
    failsOn(v, { segment_id: 's', segment: 's' }, 'additionalProperties');
  });
});

describe('Messaging: Live Activity start and duplicates', () => {
  const start = requestValidator('messages.liveActivityStart');
  // The page's example, without its placeholders and with one audience (it lists all three).
  const doc = {
    app_id: 'app-identifier',
    activity_id: 'football-chiefs-bills-2024-01-21',
    content_state: { teamOneScore: 0, teamTwoScore: 0 },
    activity_attributes_type: 'FootballActivity',
    activity_attributes: { team1Name: 'Chiefs', team2Name: 'Bills' },
    stale_date: '2024-01-22T16:55:49+0000',
    notification: { alert: { body: 'The game is starting! Tune in soon!', title: 'Chiefs v. Bills' } },
    external_user_ids: ['user-id1', 'user-id2'],
  };
  const without = (key: keyof typeof doc) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== key));

  it("the page's example validates, with any of the three audiences", () => {
    passes(start, doc);
    passes(start, { ...without('external_user_ids'), segment_id: 'segment-1' });
    passes(start, { ...without('external_user_ids'), custom_audience: { AND: [{ custom_attribute: { custom_attribute_name: 'team', comparison: 'equals', value: 'Chiefs' } }] } });
  });
  it('an audience is required', () => failsOn(start, without('external_user_ids'), 'anyOf'));
  it('at most 50 external user IDs', () => {
    passes(start, { ...doc, external_user_ids: Array.from({ length: 50 }, (_, i) => `u${i}`) });
    failsOn(start, { ...doc, external_user_ids: Array.from({ length: 51 }, (_, i) => `u${i}`) }, 'maxItems');
  });
  it('the activity fields and the notification are required', () => {
    for (const key of ['app_id', 'activity_id', 'activity_attributes_type', 'activity_attributes', 'content_state', 'notification'] as const) {
      failsOn(start, without(key), 'required');
    }
  });
  it('stale_date is an ISO 8601 date-time; the dropped dismissal_date is refused', () => {
    failsOn(start, { ...doc, stale_date: '22/01/2024' }, 'pattern');
    failsOn(start, { ...doc, dismissal_date: '2024-01-22T18:00:00Z' }, 'additionalProperties');
  });
  it.each([
    ['campaigns.duplicate', 'campaign_id'],
    ['canvas.duplicate', 'canvas_id'],
  ])('%s needs the source ID and a name; tags may be a list or one name', (id, key) => {
    const v = requestValidator(id);
    passes(v, { [key]: 'abc', name: 'Copy', description: 'd', tag_names: ['promo'] });
    passes(v, { [key]: 'abc', name: 'Copy', tag_names: 'promo' });
    failsOn(v, { [key]: 'abc' }, 'required');
    failsOn(v, { name: 'Copy' }, 'required');
    failsOn(v, { [key]: 'abc', name: '' }, 'minLength');
    failsOn(v, { [key]: 'abc', name: 'Copy', tags: ['promo'] }, 'additionalProperties');
    expect(operation(id).operation.responses['202']).toBeDefined();
  });
});

describe('Translations: campaigns, Canvas, Content Blocks, email and webhook templates', () => {
  const map = { id_3: 'Ein Absatz ohne Formatierung' };
  // The request examples of Braze's pages (the locale IDs there are not real UUIDs: no format is imposed).
  const docs: [string, Record<string, unknown>][] = [
    ['campaigns.updateTranslations', { campaign_id: 'e24404b3-3626-4de0-bdec-06935f3aa0ab', message_variation_id: 'f14404b3-3626-4de0-bdec-06935f3aa0ad', locale_id: 'h94404b3-3626-4de0-bdec-06935f3aa0ad', translation_map: map }],
    ['canvas.updateTranslations', { workflow_id: 'a74404b3-3626-4de0-bdec-06935f3aa0ad', step_id: 'a74404b3-3626-4de0-bdec-06935f3aa0ac', message_variation_id: 'a74404b3-3626-4de0-bdec-06935f3aa0ac', locale_id: 'h94404b3-3626-4de0-bdec-06935f3aa0ad', translation_map: map }],
    ['contentBlocks.updateTranslations', { content_block_id: 'e24404b3-3626-4de0-bdec-06935f3aa0ab', locale_id: 'h94404b3-3626-4de0-bdec-06935f3aa0ad', translation_map: map }],
    ['templates.updateEmailTranslations', { template_id: 'e24404b3-3626-4de0-bdec-06935f3aa0ab', locale_id: 'h94404b3-3626-4de0-bdec-06935f3aa0ad', translation_map: { id_0: '¡Hola!', id_1: 'Me llamo Jacky' } }],
    ['templates.updateWebhookTranslations', { template_id: 'e24404b3-3626-4de0-bdec-06935f3aa0ab', locale_id: 'a14404b3-3626-4de0-bdec-06935f3aa0ad', translation_map: { id_0: '¡Hola!' } }],
  ];
  it.each(docs)("%s: the page's example validates; every documented field is required", (id, body) => {
    const v = requestValidator(id);
    passes(v, body);
    for (const key of Object.keys(body)) {
      if (key === 'translation_map' && id === 'templates.updateEmailTranslations') continue;
      failsOn(v, Object.fromEntries(Object.entries(body).filter(([k]) => k !== key)), 'required');
    }
    failsOn(v, { ...body, translation_map: { id_0: 42 } }, 'type');
    failsOn(v, { ...body, locale: 'es-MX' }, 'additionalProperties');
  });
  it('email templates take translation_map or the table\'s translations_map, exactly one', () => {
    const v = requestValidator('templates.updateEmailTranslations');
    const base = { template_id: 't', locale_id: 'l' };
    passes(v, { ...base, translations_map: map });
    failsOn(v, base, 'oneOf');
    failsOn(v, { ...base, translation_map: map, translations_map: map }, 'oneOf');
  });
  it('the reads take their identifiers as required query parameters, the locale as an optional one', () => {
    const required: [string, string[]][] = [
      ['campaigns.getTranslations', ['campaign_id', 'message_variation_id']],
      ['campaigns.getTranslationSource', ['campaign_id', 'message_variation_id']],
      ['canvas.getTranslations', ['workflow_id', 'step_id', 'message_variation_id']],
      ['canvas.getTranslationSource', ['workflow_id', 'step_id', 'message_variation_id']],
      ['contentBlocks.getTranslations', ['content_block_id']],
      ['contentBlocks.getTranslationSource', ['content_block_id']],
      ['templates.getEmailTranslations', ['template_id']],
      ['templates.getEmailTranslationSource', ['template_id']],
      ['templates.getEmailTranslationsByLocale', ['template_id']],
      ['templates.getWebhookTranslations', ['template_id']],
      ['templates.getWebhookTranslationSource', ['template_id']],
    ];
    for (const [id, names] of required) {
      for (const name of names) {
        expect(paramOf(id, name), `${id} ${name}`).toMatchObject({ in: 'query', required: true });
        failsOn(param(id, name), '', 'minLength');
      }
    }
    for (const id of ['campaigns.getTranslations', 'canvas.getTranslationSource', 'contentBlocks.getTranslations', 'templates.getEmailTranslationsByLocale', 'templates.getWebhookTranslations']) {
      expect(paramOf(id, 'locale_id').required).toBe(false);
    }
    for (const id of ['campaigns.getTranslations', 'campaigns.getTranslationSource', 'canvas.getTranslations', 'canvas.getTranslationSource']) {
      expect(paramOf(id, 'post_launch_draft_version')).toMatchObject({ required: false, schema: { type: 'boolean', default: false } });
    }
  });
  it("the pages' answers validate: per-locale lists, source maps, the webhook update's empty object", () => {
    passes(validatorFor('TranslationsResponse'), {
      translations: [{ translation_map: { id_0: '¡Hola!' }, locale: { uuid: 'c7c12345-te35-1234-5678-abcdefa99r3f', name: 'es-MX', country: 'MX', language: 'es', locale_key: 'es-mx' } }],
    });
    failsOn(validatorFor('TranslationsResponse'), { translations: [{ locale: { uuid: 'x' } }] }, 'required');
    passes(validatorFor('TranslationSourceResponse'), { translations: { translation_map: { id_0: 'Hello!' } } });
    passes(validatorFor('TranslationsUpdateResponse'), {});
    passes(validatorFor('TranslationError'), { errors: [{ message: 'This message does not support multi-language.' }] });
    passes(validatorFor('TranslationError'), { message: 'Locale not found' });
    failsOn(validatorFor('TranslationError'), {}, 'anyOf');
  });
});

describe('Email: the hidden /users/subscription pages and the link-alias details', () => {
  it('the lookup takes 1 to 50 addresses and 1 to 50 numbers, both optional', () => {
    for (const name of ['email', 'phone']) {
      expect(paramOf('users.getSubscriptionStates', name)).toMatchObject({ in: 'query', required: false, explode: true });
      const v = param('users.getSubscriptionStates', name);
      passes(v, Array.from({ length: 50 }, (_, i) => `a${i}@example.com`));
      failsOn(v, Array.from({ length: 51 }, (_, i) => `a${i}@example.com`), 'maxItems');
      failsOn(v, [], 'minItems');
    }
  });
  it("the page's answer validates, the typo in its states included", () => {
    passes(validatorFor('UsersSubscriptionResponse'), {
      emails: [{
        email: 'example@braze.com',
        email_subscribe: { email_subscription_event_date: '2019-11-20T19:58:04.825Z', email_subscription_state: 'Subscribed' },
        subscription_group: [{ subscription_group_id: '5f5536d2a76e0f4e323a1234', subscription_group_event_date: '2021-03-11T21:29:22.347Z', subscription_group_state: 'Unsubscribed' }],
        hard_bounced_at: null,
        spam_at: null,
      }],
      phone: [{ phone: '+12123355555', subscription_group: [{ subscription_group_id: '3f5536d2a76e0f4e323a5555', subscription_group_state: 'Subsscribed', subscription_group_event_date: '2021-03-11T21:29:22.347Z' }] }],
      message: 'success',
    });
  });
  it('the deletion takes at least one of the lists, each 1 to 50 long', () => {
    const v = requestValidator('users.deleteSubscriptionStates');
    passes(v, { email: ['dont.spam@example.com'] });
    passes(v, { phone: ['+12125551212', '+17185551212'] });
    failsOn(v, {}, 'anyOf');
    failsOn(v, { email: Array.from({ length: 51 }, (_, i) => `a${i}@example.com`) }, 'maxItems');
    failsOn(v, { phone: [] }, 'minItems');
    failsOn(v, { email: ['has space@example.com'] }, 'pattern');
    failsOn(v, { emails: ['a@example.com'] }, 'additionalProperties');
  });
  it.each([
    ['campaigns.getUrlInfo', 'campaign_id'],
    ['canvas.getUrlInfo', 'canvas_step_id'],
  ])('%s: the message and its variation are required, the link filter optional', (id, key) => {
    expect(paramOf(id, key)).toMatchObject({ in: 'query', required: true });
    expect(paramOf(id, 'message_variation_id')).toMatchObject({ in: 'query', required: true });
    expect(paramOf(id, 'includes_link_id').required).toBe(false);
    failsOn(param(id, key), '', 'minLength');
    passes(validatorFor('UrlInfoDetailsResponse'), {
      channel: 'email',
      name: 'Variant 1',
      link_data: [{ link_URL: 'https://www.braze.com?lid=014tk4e0kg97', link_id: '014tk4e0kg97', content_block_path_info: [], link_alias: 'link5' }],
      message: 'success',
    });
    failsOn(validatorFor('UrlInfoDetailsResponse'), { link_data: [{ link_id: 7 }] }, 'type');
  });
});
