// The client on the operations beyond the glossary, with an injected fetch that records every
// request: the paths Braze documents oddly are sent exactly as documented (the trailing slash of
// /templates/email/translations/, /templates/translations/email), the Link-cursor lists page, DELETE
// bodies are sent, and the documented limits are refused before anything leaves the process.
import { describe, expect, it } from 'vitest';
import { BrazeValidationError, createBrazeClient } from '../src/index.js';
import { ENDPOINTS } from '../src/endpoints.js';

type Seen = { method: string; url: URL; body: string };

function recording(answer: (request: Seen) => { body: unknown; headers?: Record<string, string>; status?: number } = () => ({ body: { message: 'success' } })) {
  const seen: Seen[] = [];
  const braze = createBrazeClient({
    apiKey: 'test-key-beyond',
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (request: Request) => {
      const entry = { method: request.method, url: new URL(request.url), body: await request.text() };
      seen.push(entry);
      const { body, headers = {}, status = 200 } = answer(entry);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
    },
  });
  return { braze, seen };
}

describe('paths sent exactly as Braze documents them', () => {
  it('the endpoint table keeps the trailing slash of /templates/email/translations/', () => {
    expect(ENDPOINTS['templates.getEmailTranslations']).toMatchObject({ method: 'GET', path: '/templates/email/translations/' });
    expect(ENDPOINTS['templates.updateEmailTranslations']).toMatchObject({ method: 'PUT', path: '/templates/email/translations/' });
    expect(ENDPOINTS['templates.getEmailTranslationSource']).toMatchObject({ path: '/templates/email/translations/source' });
    expect(ENDPOINTS['templates.getEmailTranslationsByLocale']).toMatchObject({ path: '/templates/translations/email' });
  });

  it('GET and PUT reach /templates/email/translations/ with the slash, the query or body intact', async () => {
    const { braze, seen } = recording(() => ({ body: { translations: [], message: 'success' } }));
    await braze.templates.getEmailTranslations({ template_id: 'tpl-1' });
    await braze.templates.updateEmailTranslations({ template_id: 'tpl-1', locale_id: 'loc-1', translation_map: { id_0: 'Hola' } });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(['GET /templates/email/translations/', 'PUT /templates/email/translations/']);
    expect(seen[0].url.searchParams.get('template_id')).toBe('tpl-1');
    expect(JSON.parse(seen[1].body)).toEqual({ template_id: 'tpl-1', locale_id: 'loc-1', translation_map: { id_0: 'Hola' } });
  });

  it('the locale read goes to /templates/translations/email, not under /templates/email/', async () => {
    const { braze, seen } = recording(() => ({ body: { translations: [] } }));
    await braze.templates.getEmailTranslationsByLocale({ template_id: 'tpl-1', locale_id: 'loc-1' });
    expect(seen[0].url.pathname).toBe('/templates/translations/email');
    expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({ template_id: 'tpl-1', locale_id: 'loc-1' });
  });

  it('path parameters are encoded into their own segment; one that would make two is refused, unsent', async () => {
    const { braze, seen } = recording();
    await braze.catalogs.deleteSelection({ path: { catalog_name: 'restaurants', selection_name: 'top boston?' } });
    await braze.cdi.triggerSync({ path: { integration_id: 'abc-1' } });
    await expect(braze.catalogs.deleteSelection({ path: { catalog_name: 'restaurants', selection_name: 'top/boston' } })).rejects.toMatchObject({
      name: 'BrazeValidationError',
      field: 'path.selection_name',
    });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'DELETE /catalogs/restaurants/selections/top%20boston%3F',
      'POST /cdi/integrations/abc-1/sync',
    ]);
  });

  it('the subscription lookup repeats email and phone, and keeps the + of a phone number', async () => {
    const { braze, seen } = recording(() => ({ body: { emails: [], phone: [], message: 'success' } }));
    await braze.users.getSubscriptionStates({ email: ['a@example.com', 'b@example.com'], phone: ['+12125551212'] });
    expect(seen[0].url.pathname).toBe('/users/subscription');
    expect(seen[0].url.searchParams.getAll('email')).toEqual(['a@example.com', 'b@example.com']);
    expect(seen[0].url.searchParams.getAll('phone')).toEqual(['+12125551212']);
  });

  it('DELETE /app_group/sdk_authentication/delete carries its JSON body', async () => {
    const { braze, seen } = recording(() => ({ body: { keys: [] } }));
    await braze.appGroup.deleteSdkAuthenticationKey({ app_id: 'app-1', key_id: 'key-2' });
    expect(seen[0].method).toBe('DELETE');
    expect(JSON.parse(seen[0].body)).toEqual({ app_id: 'app-1', key_id: 'key-2' });
  });
});

describe('Link-cursor pagination of the new lists', () => {
  it.each([
    ['events.export', '/events', 'events', 50],
    ['customAttributes.export', '/custom_attributes', 'attributes', 50],
    ['cdi.listIntegrations', '/cdi/integrations', 'results', 10],
  ] as const)('%s follows rel="next" until the last page', async (id, path, field, pageSize) => {
    const { braze, seen } = recording((request) => {
      const cursor = request.url.searchParams.get('cursor');
      const items = Array.from({ length: cursor ? 3 : pageSize }, (_, i) => ({ name: `${cursor ?? 'first'}-${i}`, integration_id: `i${i}`, job_status: 'success' }));
      const headers: Record<string, string> = cursor ? { link: `<${path}?cursor=c1>; rel="prev"` } : { link: `<${path}?cursor=c2>; rel="next"` };
      return { body: { message: 'success', [field]: items }, headers };
    });
    let count = 0;
    for await (const _ of braze.paginate(id, {} as never)) count++;
    expect(count).toBe(pageSize + 3);
    expect(seen.map((s) => s.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
    expect(seen.every((s) => s.url.pathname === path)).toBe(true);
  });
});

describe('documented limits refused before sending', () => {
  it('Live Activity start: at most 50 external user IDs', async () => {
    const { braze, seen } = recording();
    const body = {
      app_id: 'app-1',
      activity_id: 'a',
      activity_attributes_type: 'T',
      activity_attributes: {},
      content_state: {},
      notification: { alert: 'Go' },
      external_user_ids: Array.from({ length: 51 }, (_, i) => `u${i}`),
    };
    const error = await braze.messages.liveActivityStart(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect(error).toMatchObject({ field: 'body.external_user_ids', limit: 50, actual: 51 });
    expect(seen).toEqual([]);
  });

  it('Live Activity start: an audience is required', async () => {
    const { braze, seen } = recording();
    const error = await braze.messages
      .liveActivityStart({ app_id: 'app-1', activity_id: 'a', activity_attributes_type: 'T', activity_attributes: {}, content_state: {}, notification: { alert: 'Go' } } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect((error as Error).message).toMatch(/external_user_ids, segment_id, custom_audience/);
    expect(seen).toEqual([]);
  });

  it('catalog fields: at most 50 per request', async () => {
    const { braze, seen } = recording();
    const fields = Array.from({ length: 51 }, (_, i) => ({ name: `F${i}`, type: 'string' as const }));
    const error = await braze.catalogs.createFields({ path: { catalog_name: 'restaurants' }, body: { fields } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: 'body.fields', limit: 50, actual: 51 });
    expect(seen).toEqual([]);
  });

  it('create operations are never retried; reads and translation updates are', () => {
    for (const id of ['catalogs.createFields', 'cdi.triggerSync', 'mediaLibrary.create', 'appGroup.createSdkAuthenticationKey', 'campaigns.duplicate', 'messages.liveActivityStart'] as const) {
      expect('idempotent' in ENDPOINTS[id], id).toBe(false);
    }
    for (const id of ['events.export', 'campaigns.updateTranslations', 'templates.updateEmailTranslations', 'appGroup.deleteSdkAuthenticationKey'] as const) {
      expect(ENDPOINTS[id]).toMatchObject({ idempotent: true });
    }
  });
});
