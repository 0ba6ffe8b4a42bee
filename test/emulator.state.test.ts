// The emulator's state beside profiles: catalogs with the Link-header cursor, subscription groups,
// email and SMS lists, content blocks, email templates, schedules and sends, and the
// /__emulator/state and /__emulator/reset endpoints.
import { describe, expect, it } from 'vitest';
import { call, useEmulator } from './helpers/emulator.js';

const emulator = useEmulator();

const post = (path: string, body: unknown) => call(emulator.url, 'POST', path, body);
const get = (path: string) => call(emulator.url, 'GET', path);

function nextLink(link: string | null): string | undefined {
  return link?.split(',').find((part) => part.includes('rel="next"'))?.match(/<([^>]+)>/)?.[1];
}

describe('catalogs', () => {
  const fields = [{ name: 'id', type: 'string' }, { name: 'Name', type: 'string' }, { name: 'Rating', type: 'number' }, { name: 'Tags', type: 'array' }];

  it('creates a catalog, adds items in bulk, and pages through them by 50 with the Link header', async () => {
    const created = await post('/catalogs', { catalogs: [{ name: 'restaurants', description: 'Places', fields }] });
    expect(created.status).toBe(201);
    expect(created.body.catalogs[0]).toMatchObject({ name: 'restaurants', num_items: 0, fields });
    for (let batch = 0; batch < 3; batch++) {
      const items = Array.from({ length: 40 }, (_, i) => ({ id: `r${batch * 40 + i}`, Name: `Place ${batch * 40 + i}`, Rating: i % 5 }));
      expect((await post('/catalogs/restaurants/items', { items })).status).toBe(202);
    }
    expect((await get('/catalogs')).body.catalogs[0].num_items).toBe(120);
    const seen: string[] = [];
    let path: string | undefined = '/catalogs/restaurants/items';
    const links: (string | null)[] = [];
    while (path) {
      const page = await get(path);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: any) => i.id));
      links.push(page.headers.get('link'));
      path = nextLink(page.headers.get('link'));
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `r${i}`));
    expect(links).toHaveLength(3);
    // No prev on the first page, no next on the last.
    expect(links[0]).not.toContain('rel="prev"');
    expect(links[1]).toContain('rel="prev"');
    expect(links[2]).toContain('rel="prev"');
    expect(links[2]).not.toContain('rel="next"');
  });

  it('has no Link header when everything fits in one page, and refuses a bad cursor', async () => {
    await post('/catalogs', { catalogs: [{ name: 'small', description: 'x', fields }] });
    await post('/catalogs/small/items', { items: [{ id: 'a', Name: 'A' }] });
    const page = await get('/catalogs/small/items');
    expect(page.headers.get('link')).toBeNull();
    const bad = await get('/catalogs/small/items?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].id).toBe('invalid-cursor');
  });

  it('edits, replaces, gets and deletes items; unknown fields, duplicates and missing catalogs are refused', async () => {
    await post('/catalogs', { catalogs: [{ name: 'menu', description: 'x', fields }] });
    expect((await post('/catalogs', { catalogs: [{ name: 'menu', description: 'x', fields }] })).body.errors[0].id).toBe('catalog-name-already-exists');
    await post('/catalogs/menu/items/dish1', { items: [{ Name: 'Soup', Rating: 4, Tags: ['hot'] }] });
    expect((await post('/catalogs/menu/items/dish1', { items: [{ Name: 'Again' }] })).body.errors[0].id).toBe('item-already-exists');
    await call(emulator.url, 'PATCH', '/catalogs/menu/items/dish1', { items: [{ Rating: 5, Tags: { $add: ['vegan'], $remove: ['hot'] } }] });
    expect((await get('/catalogs/menu/items/dish1')).body.items).toEqual([{ id: 'dish1', Name: 'Soup', Rating: 5, Tags: ['vegan'] }]);
    await call(emulator.url, 'PUT', '/catalogs/menu/items/dish1', { items: [{ Name: 'Stew' }] });
    expect((await get('/catalogs/menu/items/dish1')).body.items).toEqual([{ id: 'dish1', Name: 'Stew' }]);
    const unknown = await call(emulator.url, 'PATCH', '/catalogs/menu/items', { items: [{ id: 'dish1', Colour: 'red' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ id: 'invalid-fields', parameters: ['Colour'] });
    expect((await call(emulator.url, 'DELETE', '/catalogs/menu/items/dish1')).status).toBe(202);
    expect((await get('/catalogs/menu/items/dish1')).body.errors[0].id).toBe('item-not-found');
    expect((await get('/catalogs/nowhere/items')).status).toBe(404);
    expect((await call(emulator.url, 'DELETE', '/catalogs/menu')).status).toBe(200);
    expect((await get('/catalogs')).body.catalogs).toEqual([]);
  });
});

describe('subscription groups and the email and SMS lists', () => {
  it('sets and reads subscription group states (v1 and v2)', async () => {
    await post('/users/track', { attributes: [{ external_id: 'u1', email: 'u1@example.com' }, { external_id: 'u2', phone: '+14155550100' }] });
    await post('/subscription/status/set', { subscription_group_id: 'sg-1', subscription_state: 'unsubscribed', external_id: ['u1'] });
    await post('/v2/subscription/status/set', { subscription_groups: [{ subscription_group_id: 'sg-2', subscription_state: 'subscribed', phones: ['+14155550100'] }] });
    expect((await get('/subscription/status/get?subscription_group_id=sg-1&external_id=u1')).body.status).toEqual({ u1: 'Unsubscribed' });
    expect((await get('/subscription/status/get?subscription_group_id=sg-2&external_id=u1')).body.status).toEqual({ u1: 'Unknown' });
    expect((await get('/subscription/user/status?external_id=u2')).body).toEqual({ success: true, subscription_groups: [{ subscription_group_id: 'sg-2', subscription_status: 'subscribed' }] });
  });

  it('lists unsubscribed emails set through /email/status, and blocklisted ones as hard bounces until removed', async () => {
    await post('/users/track', { attributes: [{ external_id: 'u1', email: 'u1@example.com' }] });
    await post('/email/status', { email: 'u1@example.com', subscription_state: 'unsubscribed' });
    await post('/email/blocklist', { email: ['spam@example.com'] });
    const today = new Date().toISOString().slice(0, 10);
    const unsubscribed = await get(`/email/unsubscribes?start_date=2020-01-01&end_date=${today}`);
    expect(unsubscribed.body.emails.map((e: any) => e.email).sort()).toEqual(['spam@example.com', 'u1@example.com']);
    expect((await post('/users/export/ids', { external_ids: ['u1'] })).body.users[0].email_subscribe).toBe('unsubscribed');
    expect((await get(`/email/hard_bounces?start_date=2020-01-01&end_date=${today}`)).body.emails.map((e: any) => e.email)).toEqual(['spam@example.com']);
    await post('/email/bounce/remove', { email: 'spam@example.com' });
    expect((await get(`/email/hard_bounces?start_date=2020-01-01&end_date=${today}`)).body.emails).toEqual([]);
  });

  it('lists and removes invalid phone numbers', async () => {
    emulator.store.invalidPhones.set('+14155550199', { at: new Date().toISOString(), reason: 'provider_error' });
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`/sms/invalid_phone_numbers?start_date=2020-01-01&end_date=${today}`)).body.sms).toEqual([expect.objectContaining({ phone: '+14155550199' })]);
    await post('/sms/invalid_phone_numbers/remove', { phone_numbers: ['+14155550199'] });
    expect((await get(`/sms/invalid_phone_numbers?start_date=2020-01-01&end_date=${today}`)).body.sms).toEqual([]);
  });
});

describe('content blocks and email templates', () => {
  it('creates, updates, lists and reads content blocks; names are unique', async () => {
    const created = await post('/content_blocks/create', { name: 'footer', content: '<p>Bye</p>', tags: [] });
    expect(created.status).toBe(201);
    const id = created.body.content_block_id;
    expect(created.body.liquid_tag).toBe('{{content_blocks.${footer}}}');
    expect((await post('/content_blocks/create', { name: 'footer', content: 'x' })).status).toBe(400);
    await post('/content_blocks/update', { content_block_id: id, content: 'plain bye' });
    const info = await get(`/content_blocks/info?content_block_id=${id}`);
    expect(info.body).toMatchObject({ content_block_id: id, name: 'footer', content: 'plain bye', content_type: 'text' });
    expect((await get('/content_blocks/list')).body).toMatchObject({ count: 1, content_blocks: [{ content_block_id: id, name: 'footer' }] });
  });

  it('creates, updates, lists and reads email templates', async () => {
    const created = await post('/templates/email/create', { template_name: 'welcome', subject: 'Hi', body: '<p>Hello</p>' });
    const id = created.body.email_template_id;
    await post('/templates/email/update', { email_template_id: id, subject: 'Hello there' });
    expect((await get(`/templates/email/info?email_template_id=${id}`)).body).toMatchObject({ email_template_id: id, template_name: 'welcome', subject: 'Hello there', body: '<p>Hello</p>' });
    expect((await get('/templates/email/list')).body).toMatchObject({ count: 1, templates: [{ email_template_id: id, template_name: 'welcome' }] });
  });
});

describe('preference centers', () => {
  it('creates, lists, reads, updates a preference center and gives a user their link', async () => {
    const created = await post('/preference_center/v1', { name: 'Prefs', preference_center_page_html: '<p>form</p>', confirmation_page_html: '<p>thanks</p>' });
    expect(created.status).toBe(201);
    const id = created.body.preference_center_api_id;
    expect(created.body.liquid_tag).toBe('{{preference_center.${Prefs}}}');
    expect((await get('/preference_center/v1/list')).body.preference_centers).toEqual([expect.objectContaining({ name: 'Prefs', preference_center_api_id: id })]);
    await call(emulator.url, 'PUT', `/preference_center/v1/${id}`, { preference_center_page_html: '<p>new form</p>', confirmation_page_html: '<p>thanks</p>' });
    expect((await get(`/preference_center/v1/${id}`)).body).toMatchObject({ name: 'Prefs', preference_center_page_html: '<p>new form</p>' });
    expect((await get(`/preference_center/v1/${id}/url/nobody`)).status).toBe(404);
    await post('/users/track', { attributes: [{ external_id: 'u1' }] });
    expect((await get(`/preference_center/v1/${id}/url/u1`)).body.preference_center_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__emulator\/preference_center\//);
    expect((await get('/preference_center/v1/unknown-id')).status).toBe(404);
  });
});

describe('schedules and sends', () => {
  it('creates, updates, lists and deletes scheduled messages', async () => {
    const created = await post('/messages/schedule/create', { broadcast: true, segment_id: 'seg-1', schedule: { time: '2030-05-01T10:00:00Z' }, messages: { email: { app_id: 'a', subject: 's', from: 'A <a@example.com>', body: 'b' } } });
    expect(created.status).toBe(201);
    const { schedule_id, dispatch_id } = created.body;
    expect(dispatch_id).toEqual(expect.any(String));
    await post('/messages/schedule/update', { schedule_id, schedule: { time: '2030-06-01T10:00:00Z' } });
    let listed = await get('/messages/scheduled_broadcasts?end_time=2031-01-01T00:00:00Z');
    expect(listed.body.scheduled_broadcasts).toEqual([expect.objectContaining({ next_send_time: '2030-06-01T10:00:00.000Z' })]);
    await post('/messages/schedule/delete', { schedule_id });
    listed = await get('/messages/scheduled_broadcasts?end_time=2031-01-01T00:00:00Z');
    expect(listed.body.scheduled_broadcasts).toEqual([]);
    expect((await post('/messages/schedule/delete', { schedule_id })).status).toBe(404);
  });

  it('records each send with who it reached, and returns its dispatch_id', async () => {
    await post('/users/track', { attributes: [{ external_id: 'u1' }] });
    const sent = await post('/messages/send', { external_user_ids: ['u1', 'nobody'], messages: { email: { app_id: 'a', subject: 's', from: 'A <a@example.com>', body: 'b' } } });
    expect(sent.status).toBe(201);
    const triggered = await post('/campaigns/trigger/send', {
      campaign_id: 'camp-1',
      recipients: [{ external_user_id: 'new-user', send_to_existing_only: false, attributes: { first_name: 'Nia' }, trigger_properties: { x: 1 } }],
    });
    const canvas = await post('/canvas/trigger/send', { canvas_id: 'canvas-1', recipients: [{ external_user_id: 'u1', canvas_entry_properties: { plan: 'pro' } }] });
    const state = (await get('/__emulator/state')).body;
    expect(state.sends.map((s: any) => s.dispatch_id)).toEqual([sent.body.dispatch_id, triggered.body.dispatch_id, canvas.body.dispatch_id]);
    expect(state.sends[0].recipients).toEqual([expect.objectContaining({ external_id: 'u1', found: true }), expect.objectContaining({ external_id: 'nobody', found: false })]);
    expect(state.sends[1]).toMatchObject({ campaign_id: 'camp-1', recipients: [expect.objectContaining({ external_id: 'new-user', found: true, trigger_properties: { x: 1 } })] });
    expect(state.sends[2]).toMatchObject({ canvas_id: 'canvas-1', recipients: [expect.objectContaining({ external_id: 'u1', canvas_entry_properties: { plan: 'pro' } })] });
    // send_to_existing_only: false with attributes created the user first.
    expect((await post('/users/export/ids', { external_ids: ['new-user'] })).body.users[0].first_name).toBe('Nia');
    expect((await post('/messages/send', { messages: {} })).status).toBe(400);
    const transactional = await post('/transactional/v1/campaigns/tx-1/send', { external_send_id: 'order-9', recipient: { external_user_id: 'u1' } });
    expect(transactional.body).toMatchObject({ dispatch_id: expect.any(String), status: 'queued' });
    expect(emulator.state.sends.at(-1)).toMatchObject({ dispatch_id: transactional.body.dispatch_id, campaign_id: 'tx-1', recipients: [expect.objectContaining({ external_id: 'u1', found: true })] });
  });

  it('/__emulator/reset clears everything', async () => {
    await post('/users/track', { attributes: [{ external_id: 'u1' }] });
    expect((await get('/__emulator/state')).body.profiles).toHaveLength(1);
    expect((await call(emulator.url, 'POST', '/__emulator/reset')).status).toBe(200);
    const state = (await get('/__emulator/state')).body;
    expect(state).toMatchObject({ profiles: [], events: [], sends: [], catalogs: [] });
  });
});
