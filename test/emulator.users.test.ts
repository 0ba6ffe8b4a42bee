// The user-data operations of the emulator, each compared with what Braze's pages say the result is
// (the user attributes object, nested custom attributes, arrays of objects, /users/track,
// /users/export/ids, delete, identify, merge, aliases, external id migration).
import { describe, expect, it } from 'vitest';
import { call, useEmulator } from './helpers/emulator.js';

const emulator = useEmulator();

const post = (path: string, body: unknown) => call(emulator.url, 'POST', path, body);
const track = (body: unknown) => post('/users/track', body);
async function exported(id: string, fields?: string[]) {
  const res = await post('/users/export/ids', { external_ids: [id], ...(fields ? { fields_to_export: fields } : {}) });
  expect(res.status).toBe(201);
  return res.body.users[0];
}

describe('/users/track attributes', () => {
  it('sets standard and custom attributes, and null removes them', async () => {
    await track({ attributes: [{ external_id: 'u1', first_name: 'Ada', email: 'ada@example.com', country: 'GB', loyalty: 'gold', score: 3 }] });
    let user = await exported('u1');
    expect(user).toMatchObject({ external_id: 'u1', first_name: 'Ada', email: 'ada@example.com', country: 'GB', custom_attributes: { loyalty: 'gold', score: 3 } });
    await track({ attributes: [{ external_id: 'u1', first_name: null, loyalty: null }] });
    user = await exported('u1');
    expect(user.first_name).toBeUndefined();
    expect(user.custom_attributes).toEqual({ score: 3 });
  });

  it('increments with inc, starting from 0 when the attribute is new', async () => {
    await track({ attributes: [{ external_id: 'u1', visits: 5 }] });
    await track({ attributes: [{ external_id: 'u1', visits: { inc: 2 }, fresh: { inc: -3 } }] });
    expect((await exported('u1')).custom_attributes).toEqual({ visits: 7, fresh: -3 });
  });

  it('keeps arrays unique, and add moves a present value to the end, remove drops it', async () => {
    // The page's example: ['hotdog','hotdog','hotdog','pizza'] is stored as ['hotdog','pizza'].
    await track({ attributes: [{ external_id: 'u1', food: ['hotdog', 'hotdog', 'hotdog', 'pizza'] }] });
    expect((await exported('u1')).custom_attributes.food).toEqual(['hotdog', 'pizza']);
    await track({ attributes: [{ external_id: 'u1', food: { add: ['hotdog', 'tacos'], remove: ['pizza'] } }] });
    expect((await exported('u1')).custom_attributes.food).toEqual(['hotdog', 'tacos']);
    await track({ attributes: [{ external_id: 'u1', food: { add: ['hotdog'] } }] });
    expect((await exported('u1')).custom_attributes.food).toEqual(['tacos', 'hotdog']);
  });

  it('replaces a nested object unless _merge_objects asks for a deep merge', async () => {
    await track({ attributes: [{ external_id: 'u1', most_played_song: { song_name: 'Solea', artist: { name: 'Miles', born: 1926 } } }] });
    await track({ attributes: [{ external_id: 'u1', _merge_objects: true, most_played_song: { year_released: 1960, artist: { label: 'Columbia' } } }] });
    expect((await exported('u1')).custom_attributes.most_played_song).toEqual({ song_name: 'Solea', year_released: 1960, artist: { name: 'Miles', born: 1926, label: 'Columbia' } });
    await track({ attributes: [{ external_id: 'u1', most_played_song: { song_name: 'Nardis' } }] });
    expect((await exported('u1')).custom_attributes.most_played_song).toEqual({ song_name: 'Nardis' });
    await track({ attributes: [{ external_id: 'u1', most_played_song: null }] });
    expect((await exported('u1')).custom_attributes).toBeUndefined();
  });

  it('drops the nested updates of a request holding a null or an unreadable $time, and reads $time dates', async () => {
    await track({ attributes: [{ external_id: 'u1', important_dates: { birthday: { $time: '1980-01-01' } } }] });
    expect((await exported('u1')).custom_attributes.important_dates).toEqual({ birthday: { $time: '1980-01-01T00:00:00.000Z' } });
    const res = await track({ attributes: [{ external_id: 'u1', important_dates: { birthday: { $time: 'someday' } }, other: { a: null } }] });
    expect(res.status).toBe(201);
    expect((await exported('u1')).custom_attributes).toEqual({ important_dates: { birthday: { $time: '1980-01-01T00:00:00.000Z' } } });
    // One invalid nested value drops every nested update of the request; flat attributes still apply.
    // The spec refuses a null inside a nested value (NestedAttributeValue), but Braze's pages
    // (post_user_track, array_of_objects) say Braze takes the request, drops its nested updates and
    // applies the rest, reporting nothing: the emulator does the same.
    const dropped = await track({ attributes: [{ external_id: 'u1', car: { make: 'Volvo' }, plain: 1 }, { external_id: 'u2', pets: { $add: [{ id: 1, name: null }] }, plain: 2 }] });
    expect(dropped.status).toBe(201);
    expect(dropped.body).toEqual({ message: 'success', attributes_processed: 2 });
    expect((await exported('u1')).custom_attributes).toEqual({ important_dates: { birthday: { $time: '1980-01-01T00:00:00.000Z' } }, plain: 1 });
    expect((await exported('u2')).custom_attributes).toEqual({ plain: 2 });
  });

  it('follows the pets example for arrays of objects: $add, $update with and without _merge_objects, $remove', async () => {
    await track({ attributes: [{ external_id: 'u1', pets: [{ id: 1, type: 'dog', breed: 'beagle', name: 'Gus' }, { id: 2, type: 'cat', breed: 'calico', name: 'Gerald' }] }] });
    await track({ attributes: [{ external_id: 'u1', pets: { $add: [{ id: 3, type: 'dog', breed: 'corgi', name: 'Doug' }, { id: 4, type: 'fish', breed: 'salmon', name: 'Larry' }, { id: 5, type: 'bird', breed: 'parakeet', name: 'Mary' }] } }] });
    await track({
      attributes: [{
        external_id: 'u1',
        _merge_objects: true,
        pets: { $update: [{ $identifier_key: 'id', $identifier_value: 4, $new_object: { breed: 'goldfish' } }, { $identifier_key: 'id', $identifier_value: 5, $new_object: { name: 'Annette' } }] },
      }],
    });
    let pets = (await exported('u1')).custom_attributes.pets;
    expect(pets.find((p: any) => p.id === 4)).toEqual({ id: 4, type: 'fish', breed: 'goldfish', name: 'Larry' });
    expect(pets.find((p: any) => p.id === 5)).toEqual({ id: 5, type: 'bird', breed: 'parakeet', name: 'Annette' });
    // Without _merge_objects the matching object is overwritten.
    await track({ attributes: [{ external_id: 'u1', pets: { $update: [{ $identifier_key: 'id', $identifier_value: 5, $new_object: { id: 5, name: 'Polly' } }] } }] });
    pets = (await exported('u1')).custom_attributes.pets;
    expect(pets.find((p: any) => p.id === 5)).toEqual({ id: 5, name: 'Polly' });
    // $remove drops every match: id 1, id 2, and any dog.
    await track({ attributes: [{ external_id: 'u1', pets: { $remove: [{ $identifier_key: 'id', $identifier_value: 1 }, { $identifier_key: 'id', $identifier_value: 2 }, { $identifier_key: 'type', $identifier_value: 'dog' }] } }] });
    pets = (await exported('u1')).custom_attributes.pets;
    expect(pets.map((p: any) => p.id)).toEqual([4, 5]);
  });

  it('applies $add, then $remove, then $update in one attribute, whatever their order in the request', async () => {
    await track({ attributes: [{ external_id: 'u1', pets: [{ id: 1, name: 'Gus' }] }] });
    // $remove written before $add is no upsert: the $add runs first, then $remove drops every id 1.
    await track({ attributes: [{ external_id: 'u1', pets: { $remove: [{ $identifier_key: 'id', $identifier_value: 1 }], $add: [{ id: 1, name: 'Gus 2' }, { id: 2, name: 'Rex' }] } }] });
    expect((await exported('u1')).custom_attributes.pets).toEqual([{ id: 2, name: 'Rex' }]);
    // $update written first still sees the objects the same request adds.
    await track({ attributes: [{ external_id: 'u1', _merge_objects: true, pets: { $update: [{ $identifier_key: 'id', $identifier_value: 3, $new_object: { name: 'Tom' } }], $add: [{ id: 3, name: 'Tim', kind: 'cat' }] } }] });
    expect((await exported('u1')).custom_attributes.pets).toEqual([{ id: 2, name: 'Rex' }, { id: 3, name: 'Tom', kind: 'cat' }]);
  });

  it('reads the accepted date forms', async () => {
    await track({ attributes: [{ external_id: 'u1', dob: '1980-12-21' }] });
    expect((await exported('u1')).dob).toBe('1980-12-21');
    const forms = ['2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45:000Z', '2024-03-08T18:20:45', '2024-03-08 18:20:45', '2024-03-08', '03/08/2024', 'Fri Mar 08 18:20:45 +0000 2024', 'Fri Mar 08 13:20:45 EST 2024', '2024-03-08T20:20:45+02:00'];
    const expected = ['2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z', '2024-03-08T00:00:00.000Z', '2024-03-08T00:00:00.000Z', '2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z'];
    for (const [i, time] of forms.entries()) {
      emulator.reset();
      await track({ events: [{ external_id: 'u1', name: 'opened', time }] });
      expect((await exported('u1')).custom_events[0].first, time).toBe(expected[i]);
    }
  });

  it('honours _update_existing_only, and creates an alias-only profile only when it is false', async () => {
    await track({ attributes: [{ external_id: 'ghost', _update_existing_only: true, first_name: 'No' }] });
    expect((await post('/users/export/ids', { external_ids: ['ghost'] })).body).toMatchObject({ users: [], invalid_user_ids: ['ghost'] });
    const alias = { alias_name: 'a-1', alias_label: 'crm' };
    await track({ attributes: [{ user_alias: alias, first_name: 'Anon' }] });
    expect(emulator.state.profiles).toHaveLength(0);
    await track({ attributes: [{ user_alias: alias, _update_existing_only: false, first_name: 'Anon' }] });
    const res = await post('/users/export/ids', { user_aliases: [alias] });
    expect(res.body.users).toEqual([expect.objectContaining({ user_aliases: [alias], first_name: 'Anon' })]);
    expect(res.body.users[0].external_id).toBeUndefined();
  });

  it('stores push tokens and subscription states', async () => {
    await track({
      attributes: [{
        external_id: 'u1',
        email: 'u1@example.com',
        email_subscribe: 'opted_in',
        push_subscribe: 'subscribed',
        push_tokens: [{ app_id: 'app-1', token: 'tok-1', device_id: 'dev-1' }],
        subscription_groups: [{ subscription_group_id: 'sg-1', subscription_state: 'subscribed' }],
      }],
    });
    const user = await exported('u1');
    expect(user).toMatchObject({ email_subscribe: 'opted_in', push_subscribe: 'subscribed', push_tokens: [{ app: 'app-1', token: 'tok-1', device_id: 'dev-1' }] });
    const status = await call(emulator.url, 'GET', '/subscription/status/get?subscription_group_id=sg-1&external_id=u1');
    expect(status.body.status).toEqual({ u1: 'Subscribed' });
    expect((await post('/users/export/ids', { device_id: 'dev-1' })).body.users[0].external_id).toBe('u1');
  });
});

describe('/users/track identity corners', () => {
  it('imports anonymous push tokens as one profile per unknown token', async () => {
    await track({ attributes: [{ push_token_import: true, push_tokens: [{ app_id: 'app', token: 'tok-a' }, { app_id: 'app', token: 'tok-b' }] }] });
    await track({ attributes: [{ push_token_import: true, push_tokens: [{ app_id: 'app', token: 'tok-a' }] }] });
    expect(emulator.state.profiles.map((p) => p.push_tokens[0].token)).toEqual(['tok-a', 'tok-b']);
    expect(emulator.state.profiles.every((p) => p.external_id === undefined)).toBe(true);
  });

  it('updates, among profiles sharing an email, the most recently updated identified one', async () => {
    await track({ attributes: [{ external_id: 'id-old', email: 'shared@example.com' }] });
    await track({ attributes: [{ external_id: 'id-new', email: 'shared@example.com' }] });
    await post('/users/alias/new', { user_aliases: [{ alias_name: 'anon', alias_label: 'web' }] });
    await track({ attributes: [{ user_alias: { alias_name: 'anon', alias_label: 'web' }, email: 'shared@example.com' }] });
    await track({ attributes: [{ email: 'shared@example.com', tier: 'gold' }] });
    expect((await exported('id-new')).custom_attributes).toEqual({ tier: 'gold' });
    expect((await exported('id-old')).custom_attributes).toBeUndefined();
    // Email and phone together: the email names the user.
    await track({ attributes: [{ external_id: 'p1', phone: '+14155550111' }] });
    await track({ attributes: [{ email: 'shared@example.com', phone: '+14155550111', seen: true }] });
    expect((await exported('id-new')).custom_attributes).toEqual({ tier: 'gold', seen: true });
  });

  it('exports current_location as last_coordinates, longitude first', async () => {
    await track({ attributes: [{ external_id: 'u1', current_location: { latitude: 48.85, longitude: 2.35 } }] });
    expect((await exported('u1')).last_coordinates).toEqual([2.35, 48.85]);
  });

  it('creates an email-only profile for an unknown email, which /users/identify then identifies', async () => {
    await track({ attributes: [{ email: 'solo@example.com', first_name: 'Solo' }] });
    const res = await post('/users/identify', { emails_to_identify: [{ external_id: 'solo-1', email: 'solo@example.com', prioritization: ['unidentified', 'most_recently_updated'] }] });
    expect(res.body).toMatchObject({ message: 'success', aliases_processed: 1 });
    expect(await exported('solo-1')).toMatchObject({ email: 'solo@example.com', first_name: 'Solo' });
  });
});

describe('/users/track events, purchases and answers', () => {
  it('records events and purchases; a quantity of X counts as X purchases; a future time becomes now', async () => {
    const res = await track({
      events: [
        { external_id: 'u1', name: 'played', time: '2024-01-02T00:00:00Z', properties: { level: 3 } },
        { external_id: 'u1', name: 'played', time: '2024-01-01T00:00:00Z' },
        { external_id: 'u1', name: 'later', time: '2999-01-01T00:00:00Z' },
      ],
      purchases: [{ external_id: 'u1', product_id: 'sku-1', currency: 'USD', price: 2.5, quantity: 3, time: '2024-01-05T00:00:00Z' }],
    });
    expect(res.body).toEqual({ message: 'success', events_processed: 3, purchases_processed: 1 });
    const user = await exported('u1');
    expect(user.custom_events).toContainEqual({ name: 'played', first: '2024-01-01T00:00:00.000Z', last: '2024-01-02T00:00:00.000Z', count: 2 });
    expect(Date.parse(user.custom_events.find((e: any) => e.name === 'later').first)).toBeLessThanOrEqual(Date.now());
    expect(user.purchases).toEqual([{ name: 'sku-1', first: '2024-01-05T00:00:00.000Z', last: '2024-01-05T00:00:00.000Z', count: 3 }]);
    expect(emulator.state.events.map((e) => e.name)).toEqual(['played', 'played', 'later']);
    expect(emulator.state.purchases[0]).toMatchObject({ product_id: 'sku-1', price: 2.5, quantity: 3 });
  });

  it('lists the custom event names and product ids recorded, alphabetically, 250 a page', async () => {
    const names = Array.from({ length: 260 }, (_, i) => `event-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 75) await track({ events: names.slice(i, i + 75).map((name) => ({ external_id: 'u1', name, time: '2024-01-01T00:00:00Z' })) });
    await track({ purchases: [{ external_id: 'u1', product_id: 'zeta', currency: 'USD', price: 1, time: '2024-01-01T00:00:00Z' }, { external_id: 'u1', product_id: 'alpha', currency: 'USD', price: 1, time: '2024-01-01T00:00:00Z' }] });
    const first = await call(emulator.url, 'GET', '/events/list');
    const second = await call(emulator.url, 'GET', '/events/list?page=1');
    expect(first.body.events).toEqual(names.slice(0, 250));
    expect(second.body.events).toEqual(names.slice(250));
    expect((await call(emulator.url, 'GET', '/purchases/product_list')).body.products).toEqual(['alpha', 'zeta']);
  });

  it('reports a bad object inside its 201 by array and index, and processes the others', async () => {
    const res = await track({
      attributes: [{ external_id: 'ok', first_name: 'A' }, { first_name: 'no identifier' }, { external_id: 'bad', email: 'not-an-email' }],
      events: [{ external_id: 'ok', name: 'e' }, { external_id: 'ok', name: 'e', time: 'yesterday' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('success');
    expect(res.body.attributes_processed).toBe(1);
    expect(res.body.events_processed).toBe(0);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ input_array: 'attributes', index: 1, type: expect.stringContaining('external_id') }),
      expect.objectContaining({ input_array: 'attributes', index: 2, type: expect.stringContaining('email') }),
      expect.objectContaining({ input_array: 'events', index: 0, type: expect.stringContaining('time') }),
      expect.objectContaining({ input_array: 'events', index: 1, type: expect.stringContaining('/events/1/time') }),
    ]);
    expect(emulator.state.profiles.map((p) => p.external_id)).toEqual(['ok']);
  });

  it('refuses a request breaking a request-wide rule with a 400 and processes nothing', async () => {
    const attributes = Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}` }));
    const res = await track({ attributes });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/attributes/);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(emulator.state.profiles).toHaveLength(0);
  });

  it('/users/track/sync answers with the touched part of the profile', async () => {
    await track({ attributes: [{ external_id: 'u1', tier: 'gold', other: 1 }] });
    const res = await post('/users/track/sync', { attributes: [{ external_id: 'u1', points: { inc: 4 } }] });
    expect(res.status).toBe(201);
    expect(res.body.users).toEqual([expect.objectContaining({ external_id: 'u1', custom_attributes: { points: 4 } })]);
  });
});

describe('/users/export/ids', () => {
  it('returns the exported-user object and honours fields_to_export', async () => {
    await track({ attributes: [{ external_id: 'u1', first_name: 'Ada', last_name: 'L', email: 'ada@example.com', tier: 'gold' }] });
    const full = await exported('u1');
    expect(full).toMatchObject({ external_id: 'u1', first_name: 'Ada', last_name: 'L', email: 'ada@example.com', custom_attributes: { tier: 'gold' } });
    expect(full.braze_id).toMatch(/^[0-9a-f]{24}$/);
    expect(full.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC$/);
    expect(await exported('u1', ['first_name', 'email'])).toEqual({ first_name: 'Ada', email: 'ada@example.com' });
    const byEmail = await post('/users/export/ids', { email_address: 'ada@example.com', fields_to_export: ['external_id'] });
    expect(byEmail.body.users).toEqual([{ external_id: 'u1' }]);
    const byBrazeId = await post('/users/export/ids', { braze_id: full.braze_id, fields_to_export: ['external_id'] });
    expect(byBrazeId.body.users).toEqual([{ external_id: 'u1' }]);
  });
});

describe('delete, aliases, identify, merge, external ids', () => {
  it('/users/delete removes the profiles and counts them', async () => {
    await track({ attributes: [{ external_id: 'a' }, { external_id: 'b' }, { external_id: 'c', email: 'c@example.com' }] });
    const res = await post('/users/delete', { external_ids: ['a', 'missing'] });
    expect(res.body).toEqual({ message: 'success', deleted: 1 });
    // One kind of identifier per request, as the spec says.
    expect((await post('/users/delete', { external_ids: ['b'], braze_ids: ['x'] })).status).toBe(400);
    const byEmail = await post('/users/delete', { email_addresses: [{ email: 'c@example.com', prioritization: ['most_recently_updated'] }] });
    expect(byEmail.body).toEqual({ message: 'success', deleted: 1 });
    expect(emulator.state.profiles.map((p) => p.external_id)).toEqual(['b']);
  });

  it('/users/alias/new adds an alias to a user or makes an alias-only profile; /alias/update renames it', async () => {
    await track({ attributes: [{ external_id: 'u1' }] });
    const res = await post('/users/alias/new', { user_aliases: [{ external_id: 'u1', alias_name: 'crm-1', alias_label: 'crm' }, { alias_name: 'anon-1', alias_label: 'web' }] });
    expect(res.body).toMatchObject({ message: 'success', aliases_processed: 2 });
    expect((await exported('u1')).user_aliases).toEqual([{ alias_name: 'crm-1', alias_label: 'crm' }]);
    expect(emulator.state.profiles).toHaveLength(2);
    await post('/users/alias/update', { alias_updates: [{ alias_label: 'crm', old_alias_name: 'crm-1', new_alias_name: 'crm-2' }] });
    expect((await exported('u1')).user_aliases).toEqual([{ alias_name: 'crm-2', alias_label: 'crm' }]);
    // One alias per label: a new name under the same label replaces the old one.
    await post('/users/alias/new', { user_aliases: [{ external_id: 'u1', alias_name: 'crm-3', alias_label: 'crm' }] });
    expect((await exported('u1')).user_aliases).toEqual([{ alias_name: 'crm-3', alias_label: 'crm' }]);
  });

  it('/users/identify gives an alias-only profile the external id when nobody has it', async () => {
    const alias = { alias_name: 'anon', alias_label: 'web' };
    await track({ attributes: [{ user_alias: alias, _update_existing_only: false, first_name: 'Anon' }] });
    const res = await post('/users/identify', { aliases_to_identify: [{ external_id: 'u9', user_alias: alias }] });
    expect(res.body).toMatchObject({ message: 'success', aliases_processed: 1 });
    expect(await exported('u9')).toMatchObject({ external_id: 'u9', first_name: 'Anon', user_aliases: [alias] });
    expect(emulator.state.profiles).toHaveLength(1);
  });

  it('/users/identify merges (the default) fields found only on the anonymous profile, then removes it', async () => {
    const alias = { alias_name: 'anon', alias_label: 'web' };
    await track({ attributes: [{ external_id: 'u1', first_name: 'Known', tier: 'gold' }], events: [{ external_id: 'u1', name: 'seen', time: '2024-02-01T00:00:00Z' }] });
    await track({
      attributes: [{ user_alias: alias, _update_existing_only: false, first_name: 'Anon', home_city: 'Paris', tier: 'bronze', cart: 2 }],
      events: [{ user_alias: alias, name: 'seen', time: '2024-01-01T00:00:00Z' }],
    });
    await post('/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
    const user = await exported('u1');
    expect(user).toMatchObject({ first_name: 'Known', home_city: 'Paris', custom_attributes: { tier: 'gold', cart: 2 }, user_aliases: [alias] });
    expect(user.custom_events).toEqual([{ name: 'seen', first: '2024-01-01T00:00:00.000Z', last: '2024-02-01T00:00:00.000Z', count: 2 }]);
    expect(emulator.state.profiles).toHaveLength(1);
  });

  it('/users/identify with merge_behavior none keeps only the push tokens of the anonymous profile', async () => {
    const alias = { alias_name: 'anon', alias_label: 'web' };
    await track({ attributes: [{ external_id: 'u1' }] });
    await track({ attributes: [{ user_alias: alias, _update_existing_only: false, home_city: 'Paris', push_tokens: [{ app_id: 'a', token: 't' }] }] });
    await post('/users/identify', { merge_behavior: 'none', aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
    const user = await exported('u1');
    expect(user.home_city).toBeUndefined();
    expect(user.push_tokens).toEqual([expect.objectContaining({ token: 't' })]);
    expect(emulator.state.profiles).toHaveLength(1);
  });

  it('/users/merge folds one profile into another as the page lists', async () => {
    await track({
      attributes: [{ external_id: 'keep', first_name: 'Kept', a: 1 }, { external_id: 'old', first_name: 'Old', last_name: 'Only', a: 9, b: 2 }],
      events: [{ external_id: 'keep', name: 'e', time: '2024-03-01T00:00:00Z' }, { external_id: 'old', name: 'e', time: '2024-01-01T00:00:00Z' }],
      purchases: [{ external_id: 'old', product_id: 'p', currency: 'USD', price: 1, time: '2024-01-01T00:00:00Z' }],
    });
    const res = await post('/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'old' }, identifier_to_keep: { external_id: 'keep' } }] });
    expect(res.status).toBe(202);
    const user = await exported('keep');
    expect(user).toMatchObject({ first_name: 'Kept', last_name: 'Only', custom_attributes: { a: 1, b: 2 } });
    expect(user.custom_events).toEqual([{ name: 'e', first: '2024-01-01T00:00:00.000Z', last: '2024-03-01T00:00:00.000Z', count: 2 }]);
    expect(user.purchases).toEqual([expect.objectContaining({ name: 'p', count: 1 })]);
    expect((await post('/users/export/ids', { external_ids: ['old'] })).body.invalid_user_ids).toEqual(['old']);
  });

  it('/users/external_ids/rename keeps the old id usable until /remove drops it; a primary id cannot be removed', async () => {
    await track({ attributes: [{ external_id: 'old-id', first_name: 'R' }, { external_id: 'taken' }] });
    const res = await post('/users/external_ids/rename', { external_id_renames: [{ current_external_id: 'old-id', new_external_id: 'new-id' }, { current_external_id: 'taken', new_external_id: 'new-id' }] });
    expect(res.body).toEqual({ message: 'success', external_ids: ['old-id'], rename_errors: [[1, expect.any(String)]] });
    expect((await exported('new-id')).first_name).toBe('R');
    expect((await exported('old-id')).external_id).toBe('new-id');
    const removed = await post('/users/external_ids/remove', { external_ids: ['old-id', 'new-id'] });
    expect(removed.body).toEqual({ message: 'success', removed_ids: ['old-id'], removal_errors: [[1, expect.any(String)]] });
    expect((await post('/users/export/ids', { external_ids: ['old-id'] })).body.invalid_user_ids).toEqual(['old-id']);
  });
});
