// The documented rules of the User Data tag, each proven by a body that passes and one that fails,
// plus a replay of every example request of Braze's reference pages and of the French seeds
// (002 identify, 003 user attributes object, 004 delete). Docs examples are copied with their
// JSON typos (trailing or missing commas) fixed, nothing else.
import { describe, expect, it } from 'vitest';
import { problems, requestValidator, responseValidator, validatorFor } from './helpers/spec.js';

const ok = (op: string, body: unknown) => expect(problems(requestValidator(op), body)).toEqual([]);
const bad = (op: string, body: unknown) => expect(problems(requestValidator(op), body)).not.toEqual([]);
const okS = (schema: string, v: unknown) => expect(problems(validatorFor(schema), v)).toEqual([]);
const badS = (schema: string, v: unknown) => expect(problems(validatorFor(schema), v)).not.toEqual([]);
/** Fails unless one of the problems is exactly the rule under test (path and keyword). */
const badBecause = (op: string, body: unknown, rule: string) =>
  expect(problems(requestValidator(op), body).some((p) => p.startsWith(rule))).toBe(true);
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
const attr = (extra: Record<string, unknown> = {}) => ({ external_id: 'user-1842', ...extra });

describe('UserAttributes: identifiers', () => {
  it.each(['external_id', 'braze_id', 'email', 'phone'])('accepts %s alone as the identifier', (key) => {
    okS('UserAttributes', { [key]: key === 'email' ? 'jon@example.com' : '+14155550123', first_name: 'Jon' });
  });
  it('accepts a user_alias as the identifier', () => okS('UserAttributes', { user_alias: { alias_name: 'a1', alias_label: 'crm' } }));
  it('rejects an object without any identifier', () => badS('UserAttributes', { first_name: 'Jon' }));
  it('rejects email: null as the only identifier (null unsets, it does not identify)', () => badS('UserAttributes', { email: null }));
  it('rejects a user_alias without alias_label', () => badS('UserAttributes', { user_alias: { alias_name: 'a1' } }));
});

describe('UserAttributes: push token import', () => {
  const tokens = [{ app_id: 'app-ios', token: 'abcd' }];
  it('accepts push_token_import with push_tokens and no identifier', () => okS('UserAttributes', { push_token_import: true, push_tokens: tokens }));
  it('rejects push_token_import: true with an external_id', () => badS('UserAttributes', { push_token_import: true, external_id: 'u1', push_tokens: tokens }));
  it('rejects push_token_import: true with a braze_id', () => badS('UserAttributes', { push_token_import: true, braze_id: 'b1', push_tokens: tokens }));
  it('rejects push_token_import: true without push_tokens', () => badS('UserAttributes', { push_token_import: true, email: 'a@example.com' }));
  it('accepts push_token_import: false with an external_id', () => okS('UserAttributes', attr({ push_token_import: false, push_tokens: tokens })));
  it('rejects a push token without app_id', () => badS('UserAttributes', attr({ push_tokens: [{ token: 'abcd' }] })));
});

describe('UserAttributes: profile fields', () => {
  it('accepts _update_existing_only as a boolean, rejects a string', () => {
    okS('UserAttributes', attr({ _update_existing_only: true }));
    badS('UserAttributes', attr({ _update_existing_only: 'true' }));
  });
  it('country takes the ISO code and the other spellings Braze maps (not an empty string)', () => {
    okS('UserAttributes', attr({ country: 'US' }));
    okS('UserAttributes', attr({ country: 'Australia' }));
    badS('UserAttributes', attr({ country: '' }));
  });
  it('language is an ISO 639-1 code', () => {
    okS('UserAttributes', attr({ language: 'fr' }));
    badS('UserAttributes', attr({ language: 'french' }));
  });
  it('dob is YYYY-MM-DD', () => {
    okS('UserAttributes', attr({ dob: '1980-12-21' }));
    badS('UserAttributes', attr({ dob: '21/12/1980' }));
  });
  it('gender is M, F, O, N, P or null', () => {
    for (const g of ['M', 'F', 'O', 'N', 'P', null]) okS('UserAttributes', attr({ gender: g }));
    badS('UserAttributes', attr({ gender: 'H' }));
  });
  it('email_subscribe and push_subscribe are opted_in, subscribed or unsubscribed', () => {
    okS('UserAttributes', attr({ email_subscribe: 'opted_in', push_subscribe: 'unsubscribed' }));
    badS('UserAttributes', attr({ email_subscribe: 'opted_out' }));
    badS('UserAttributes', attr({ push_subscribe: 'yes' }));
  });
  it('subscription_state is subscribed or unsubscribed', () => {
    okS('UserAttributes', attr({ subscription_groups: [{ subscription_group_id: 'sg1', subscription_state: 'subscribed' }] }));
    badS('UserAttributes', attr({ subscription_groups: [{ subscription_group_id: 'sg1', subscription_state: 'opted_in' }] }));
  });
  it('current_location needs latitude and longitude within range', () => {
    okS('UserAttributes', attr({ current_location: { longitude: -73.991443, latitude: 40.753824 } }));
    badS('UserAttributes', attr({ current_location: { longitude: -73.99 } }));
    badS('UserAttributes', attr({ current_location: { longitude: -73.99, latitude: 91 } }));
  });
  it('session dates accept the documented formats and reject others', () => {
    for (const d of ['2024-02-14T10:30:00Z', '2024-02-14T10:30:00:123Z', '2024-02-14T10:30:00', '2024-02-14 10:30:00', '2024-02-14', '02/14/2024'])
      okS('UserAttributes', attr({ date_of_first_session: d }));
    badS('UserAttributes', attr({ date_of_last_session: 'last tuesday' }));
    badS('UserAttributes', attr({ marked_email_as_spam_at: '14.02.2024' }));
  });
  it('email tracking flags are booleans', () => {
    okS('UserAttributes', attr({ email_open_tracking_disabled: true, email_click_tracking_disabled: false }));
    badS('UserAttributes', attr({ email_open_tracking_disabled: 'yes' }));
  });
  it('facebook and twitter hashes have typed keys', () => {
    okS('UserAttributes', attr({ facebook: { id: 'fb1', likes: ['movies'], num_friends: 12 }, twitter: { id: 42, screen_name: 'jon', followers_count: 3 } }));
    badS('UserAttributes', attr({ twitter: { id: 'forty-two' } }));
    badS('UserAttributes', attr({ facebook: { num_friends: 'many' } }));
  });
  it('null removes a profile field', () => okS('UserAttributes', attr({ first_name: null, home_city: null, gender: null })));
});

describe('UserAttributes: custom attributes', () => {
  it('accepts every documented type', () =>
    okS('UserAttributes', attr({
      s: 'fruit', n: 26, f: 4.5, b: true, d: '2024-02-14T10:30:00Z', unset: null, arr: ['banana', 'apple'],
      nested: { make: 'Civic', specs: { year: 2019 } },
      hotel_stays: [{ hotel_name: 'Ocean View Resort', check_in_date: '2023-06-15', nights_stayed: 5 }],
    })));
  it('accepts {inc: 1}', () => okS('UserAttributes', attr({ points: { inc: 1 } })));
  it('accepts a negative increment', () => okS('UserAttributes', attr({ points: { inc: -5 } })));
  it('rejects {inc: "1"}', () => {
    badS('UserAttributes', attr({ points: { inc: '1' } }));
    badBecause('users.track', { attributes: [attr({ points: { inc: '1' } })] }, '/attributes/0/points/inc type');
  });
  it('rejects a fractional increment', () => badS('UserAttributes', attr({ points: { inc: 1.5 } })));
  it('accepts add and remove together', () => okS('UserAttributes', attr({ tags: { add: ['a'], remove: ['b'] } })));
  it('rejects add that is not an array', () => badS('UserAttributes', attr({ tags: { add: 'a' } })));
  it('rejects an unknown key next to an operator', () => badS('UserAttributes', attr({ tags: { add: ['a'], replace: ['b'] } })));
  it('accepts a 100-element string array and rejects 101', () => {
    okS('UserAttributes', attr({ arr: times(100, (i) => `v${i}`) }));
    badS('UserAttributes', attr({ arr: times(101, (i) => `v${i}`) }));
  });
  it('rejects a multidimensional array', () => badS('UserAttributes', attr({ arr: [['a'], ['b']] })));
});

// basics/user_guide/nested_custom_attribute_support.md and array_of_objects.md, rule by rule.
describe('UserAttributes: nested custom attributes and arrays of objects', () => {
  const song = { song_name: 'Solea', artist_name: 'Miles Davis', play_analytics: { count: 1000, top_10_listeners: true } };
  const track = (extra: Record<string, unknown>) => ({ attributes: [attr(extra)] });
  it('a nested object (create) passes; a nested value that is not a documented type fails', () => {
    ok('users.track', track({ most_played_song: song }));
    badBecause('users.track', track({ most_played_song: { ...song, genre: null } }), '/attributes/0/most_played_song');
  });
  it('_merge_objects is a boolean', () => {
    ok('users.track', track({ _merge_objects: true, most_played_song: { year_released: 1960 } }));
    bad('users.track', track({ _merge_objects: 'yes', most_played_song: { year_released: 1960 } }));
  });
  it('nested keys: 1 to 255 characters, no spaces, periods or dollar signs', () => {
    ok('users.track', track({ prefs: { ['k'.repeat(255)]: 1 } }));
    bad('users.track', track({ prefs: { ['k'.repeat(256)]: 1 } }));
    bad('users.track', track({ prefs: { 'two words': 1 } }));
    bad('users.track', track({ prefs: { 'a.b': 1 } }));
    bad('users.track', track({ prefs: { $price: 1 } }));
  });
  it('nested strings: at most 255 characters', () => {
    ok('users.track', track({ prefs: { note: 'x'.repeat(255) } }));
    bad('users.track', track({ prefs: { note: 'x'.repeat(256) } }));
  });
  it('$time holds a date string, never null, with a year Braze stores', () => {
    ok('users.track', track({ important_dates: { birthday: { $time: '1980-01-01' }, wedding_anniversary: { $time: '2020-05-28' } } }));
    ok('users.track', track({ purchases: [{ item_name: 'T-shirt', price: 19.99, purchase_time: { $time: '2020-05-28' } }] }));
    bad('users.track', track({ important_dates: { birthday: { $time: null } } }));
    bad('users.track', track({ important_dates: { birthday: { $time: 'last spring' } } }));
    bad('users.track', track({ important_dates: { birthday: { $time: '3001-01-01' } } }));
  });
  it('an array of objects (create) passes; an element that is not an object of nested values fails', () => {
    ok('users.track', track({ pets: [{ id: 1, type: 'dog', breed: 'beagle', name: 'Gus' }, { id: 2, type: 'cat', breed: 'calico', name: 'Gerald' }] }));
    bad('users.track', track({ pets: [{ id: 1, name: null }] }));
  });
  it('$add appends objects; it needs an array of objects', () => {
    ok('users.track', track({ pets: { $add: [{ id: 3, type: 'dog', breed: 'corgi', name: 'Doug' }, { id: 4, type: 'fish', breed: 'salmon', name: 'Larry' }] } }));
    bad('users.track', track({ pets: { $add: { id: 3 } } }));
    bad('users.track', track({ pets: { $add: ['Doug'] } }));
    bad('users.track', track({ pets: { $add: [] } }));
  });
  it('$remove matches $identifier_key and $identifier_value, both required', () => {
    ok('users.track', track({ pets: { $remove: [{ $identifier_key: 'id', $identifier_value: 1 }, { $identifier_key: 'type', $identifier_value: 'dog' }] } }));
    bad('users.track', track({ pets: { $remove: [{ $identifier_key: 'id' }] } }));
    bad('users.track', track({ pets: { $remove: [{ $identifier_value: 1 }] } }));
    bad('users.track', track({ pets: { $remove: [{ $identifier_key: 'id', $identifier_value: { id: 1 } }] } }));
  });
  it('$update needs the key, the value and $new_object', () => {
    const update = { $identifier_key: 'id', $identifier_value: 4, $new_object: { breed: 'goldfish' } };
    ok('users.track', track({ _merge_objects: true, pets: { $update: [update, { $identifier_key: 'id', $identifier_value: 5, $new_object: { name: 'Annette' } }] } }));
    bad('users.track', track({ _merge_objects: true, pets: { $update: [{ $identifier_key: 'id', $identifier_value: 4 }] } }));
    bad('users.track', track({ _merge_objects: true, pets: { $update: [{ ...update, $new_object: 'goldfish' }] } }));
  });
  it('$update without _merge_objects: true fails the strict contract (Braze would replace the objects) and passes the tolerant view', () => {
    const body = track({ pets: { $update: [{ $identifier_key: 'id', $identifier_value: 4, $new_object: { breed: 'goldfish' } }] } });
    badBecause('users.track', body, '/attributes/0 required');
    expect(problems(requestValidator('users.track', 'tolerant'), body)).toEqual([]);
  });
  it('$add, $remove and $update may share one object; an unknown operator fails the strict contract', () => {
    ok('users.track', track({ _merge_objects: true, pets: { $add: [{ id: 6 }], $remove: [{ $identifier_key: 'id', $identifier_value: 1 }], $update: [{ $identifier_key: 'id', $identifier_value: 2, $new_object: { name: 'G' } }] } }));
    bad('users.track', track({ pets: { $replace: [{ id: 6 }] } }));
  });
  it('a top-level attribute cannot be a $time object (dates there are plain strings)', () => bad('users.track', track({ birthday: { $time: '1980-01-01' } })));
});

describe('UserEvent and UserPurchase', () => {
  const event = { external_id: 'u1', name: 'rented_movie', time: '2013-07-16T19:20:30+01:00' };
  const purchase = { external_id: 'u1', product_id: 'backpack', currency: 'USD', price: 40, time: '2013-07-16T19:20:30+01:00' };
  it('an event needs an identifier, a name and a time', () => {
    okS('UserEvent', event);
    badS('UserEvent', { name: 'x', time: event.time });
    badS('UserEvent', { external_id: 'u1', time: event.time });
    badS('UserEvent', { external_id: 'u1', name: 'x' });
  });
  it('an event time must be a documented date format', () => badS('UserEvent', { ...event, time: 'now' }));
  it('event property names are 1-255 characters without a leading $', () => {
    okS('UserEvent', { ...event, properties: { ['p'.repeat(255)]: 1 } });
    badS('UserEvent', { ...event, properties: { ['p'.repeat(256)]: 1 } });
    badS('UserEvent', { ...event, properties: { $price: 1 } });
  });
  it('event property strings are at most 255 characters', () => {
    okS('UserEvent', { ...event, properties: { s: 'x'.repeat(255) } });
    badS('UserEvent', { ...event, properties: { s: 'x'.repeat(256) } });
  });
  it('time and event_name are reserved event properties', () => {
    badS('UserEvent', { ...event, properties: { time: 'x' } });
    badS('UserEvent', { ...event, properties: { event_name: 'x' } });
  });
  it('an event rejects unknown top-level fields', () => badS('UserEvent', { ...event, nmae: 'typo' }));
  it('a purchase needs product_id, currency, price and time', () => {
    okS('UserPurchase', purchase);
    for (const k of ['product_id', 'currency', 'price', 'time']) {
      const { [k]: _, ...rest } = purchase as Record<string, unknown>;
      badS('UserPurchase', rest);
    }
  });
  it('currency is a 3-letter ISO 4217 code', () => {
    okS('UserPurchase', { ...purchase, currency: 'EUR' });
    badS('UserPurchase', { ...purchase, currency: 'usd' });
    badS('UserPurchase', { ...purchase, currency: 'EURO' });
  });
  it('quantity is 1 to 100', () => {
    okS('UserPurchase', { ...purchase, quantity: 100 });
    badS('UserPurchase', { ...purchase, quantity: 101 });
    badS('UserPurchase', { ...purchase, quantity: 0 });
  });
  it('product_id is at most 255 characters', () => badS('UserPurchase', { ...purchase, product_id: 'x'.repeat(256) }));
  it('a purchase needs an identifier', () => {
    const { external_id: _, ...anonymous } = purchase;
    badS('UserPurchase', anonymous);
  });
});

describe('users.track', () => {
  it('accepts 75 attribute objects', () => ok('users.track', { attributes: times(75, (i) => attr({ external_id: `u${i}` })) }));
  it('rejects 76 attribute objects', () => badBecause('users.track', { attributes: times(76, (i) => attr({ external_id: `u${i}` })) }, '/attributes maxItems'));
  it('rejects 76 events', () => bad('users.track', { events: times(76, (i) => ({ external_id: `u${i}`, name: 'e', time: '2024-01-01' })) }));
  it('rejects 76 purchases', () =>
    bad('users.track', { purchases: times(76, (i) => ({ external_id: `u${i}`, product_id: 'p', currency: 'USD', price: 1, time: '2024-01-01' })) }));
  it('rejects a body with none of attributes, events or purchases', () => bad('users.track', {}));
  it('rejects an unknown top-level key', () => bad('users.track', { attributes: [attr()], atributes: [] }));
  it('accepts a full realistic body', () =>
    ok('users.track', {
      attributes: [attr({ first_name: 'Jon', dob: '1988-02-14', vip: true, visits: { inc: 1 }, genres: { add: ['drama'] }, car: { make: 'Civic' }, stays: [{ hotel: 'A', nights: 2 }] })],
      events: [{ external_id: 'user-1842', app_id: 'app-1', name: 'rented_movie', time: '2024-03-08T19:20:45+01:00', properties: { movie: 'The Sad Egg', rental_days: 3 } }],
      purchases: [{ external_id: 'user-1842', product_id: 'backpack', currency: 'USD', price: 40, quantity: 2, time: '2024-03-08T19:22:10Z', properties: { color: 'red' } }],
    }));
  it('the response example shape validates and requires message', () => {
    expect(problems(responseValidator('users.track', '201'), { message: 'success', attributes_processed: 1 })).toEqual([]);
    expect(problems(responseValidator('users.track', '201'), { attributes_processed: 1 })).not.toEqual([]);
  });
});

describe('users.trackSync', () => {
  it('accepts one attribute object', () => ok('users.trackSync', { attributes: [attr()] }));
  it('rejects two attribute objects', () => bad('users.trackSync', { attributes: [attr(), attr({ external_id: 'u2' })] }));
  it('rejects an attribute object together with an event', () =>
    bad('users.trackSync', { attributes: [attr()], events: [{ external_id: 'u1', name: 'e', time: '2024-01-01' }] }));
});

describe('users.identify', () => {
  const alias = { external_id: 'u1', user_alias: { alias_name: 'a1', alias_label: 'crm' } };
  it('accepts merge_behavior merge and none', () => {
    ok('users.identify', { aliases_to_identify: [alias], merge_behavior: 'merge' });
    ok('users.identify', { aliases_to_identify: [alias], merge_behavior: 'none' });
  });
  it('rejects merge_behavior "fusionner"', () => badBecause('users.identify', { aliases_to_identify: [alias], merge_behavior: 'fusionner' }, '/merge_behavior enum'));
  it('accepts 50 aliases and rejects 51', () => {
    ok('users.identify', { aliases_to_identify: times(50, () => alias) });
    bad('users.identify', { aliases_to_identify: times(51, () => alias) });
  });
  it('rejects 51 emails to identify', () =>
    bad('users.identify', { emails_to_identify: times(51, (i) => ({ external_id: `u${i}`, email: 'a@example.com', prioritization: ['identified'] })) }));
  it('requires one of the three lists', () => bad('users.identify', { merge_behavior: 'merge' }));
  it('an alias to identify needs an external_id', () => bad('users.identify', { aliases_to_identify: [{ user_alias: alias.user_alias }] }));
  it('rejects an alias without alias_label', () => bad('users.identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a1' } }] }));
  it('emails_to_identify need a prioritization', () =>
    bad('users.identify', { emails_to_identify: [{ external_id: 'u1', email: 'a@example.com' }] }));
  it('accepts least_recently_updated in identify prioritization', () =>
    ok('users.identify', { phone_numbers_to_identify: [{ external_id: 'u1', phone: '+14155550123', prioritization: ['least_recently_updated'] }] }));
  it('rejects prioritization ["identified","unidentified"]', () =>
    bad('users.identify', { emails_to_identify: [{ external_id: 'u1', email: 'a@example.com', prioritization: ['identified', 'unidentified'] }] }));
});

describe('users.delete', () => {
  const byEmail = (prioritization: unknown) => ({ email_addresses: [{ email: 'john.smith@example.com', prioritization }] });
  it('accepts 50 external_ids', () => ok('users.delete', { external_ids: times(50, (i) => `u${i}`) }));
  it('rejects 51 external_ids', () => badBecause('users.delete', { external_ids: times(51, (i) => `u${i}`) }, '/external_ids maxItems'));
  it.each(['user_aliases', 'braze_ids', 'email_addresses', 'phone_numbers'])('rejects 51 %s', (key) => {
    const item = key === 'user_aliases' ? { alias_name: 'a', alias_label: 'l' } : key === 'email_addresses' ? { email: 'a@example.com', prioritization: ['identified'] }
      : key === 'phone_numbers' ? { phone: '+14155550123', prioritization: ['identified'] } : 'b1';
    ok('users.delete', { [key]: times(50, () => item) });
    bad('users.delete', { [key]: times(51, () => item) });
  });
  it('accepts prioritization ["identified","most_recently_updated"]', () => ok('users.delete', byEmail(['identified', 'most_recently_updated'])));
  it('rejects prioritization ["identified","unidentified"]', () => badBecause('users.delete', byEmail(['identified', 'unidentified']), '/email_addresses/0/prioritization not'));
  it('rejects a prioritization value outside the enum', () => bad('users.delete', byEmail(['oldest'])));
  it('rejects least_recently_updated, which delete does not list', () => bad('users.delete', byEmail(['least_recently_updated'])));
  it('requires a prioritization with an email', () => bad('users.delete', { email_addresses: [{ email: 'a@example.com' }] }));
  it('requires a prioritization with a phone number', () => bad('users.delete', { phone_numbers: [{ phone: '+14155550123' }] }));
  it('accepts only one kind of identifier per request', () => badBecause('users.delete', { external_ids: ['u1'], braze_ids: ['b1'] }, '/ oneOf'));
  it('rejects an empty body', () => bad('users.delete', {}));
  it('rejects an alias without alias_label', () => badBecause('users.delete', { user_aliases: [{ alias_name: 'a1' }] }, '/user_aliases/0 required'));
});

describe('users.updateAlias', () => {
  const u = { alias_label: 'crm', old_alias_name: 'a', new_alias_name: 'b' };
  it('accepts 50 updates and rejects 51', () => {
    ok('users.updateAlias', { alias_updates: times(50, () => u) });
    bad('users.updateAlias', { alias_updates: times(51, () => u) });
  });
  it.each(['alias_label', 'old_alias_name', 'new_alias_name'])('requires %s', (k) => {
    const { [k]: _, ...rest } = u as Record<string, string>;
    bad('users.updateAlias', { alias_updates: [rest] });
  });
});

describe('users.merge', () => {
  const pair = { identifier_to_merge: { external_id: 'old' }, identifier_to_keep: { external_id: 'new' } };
  it('accepts 50 merge updates and rejects 51', () => {
    ok('users.merge', { merge_updates: times(50, () => pair) });
    bad('users.merge', { merge_updates: times(51, () => pair) });
  });
  it('requires both identifiers', () => bad('users.merge', { merge_updates: [{ identifier_to_merge: { external_id: 'old' } }] }));
  it('rejects a third key in a merge update', () => bad('users.merge', { merge_updates: [{ ...pair, note: 'x' }] }));
  it('an email identifier needs a prioritization', () =>
    bad('users.merge', { merge_updates: [{ identifier_to_merge: { email: 'a@example.com' }, identifier_to_keep: { external_id: 'new' } }] }));
  it('an identifier names the user one way only', () =>
    bad('users.merge', { merge_updates: [{ identifier_to_merge: { external_id: 'old', email: 'a@example.com', prioritization: ['identified'] }, identifier_to_keep: { external_id: 'new' } }] }));
  it('rejects prioritization ["identified","unidentified"]', () =>
    bad('users.merge', { merge_updates: [{ identifier_to_merge: { phone: '+14155550123', prioritization: ['identified', 'unidentified'] }, identifier_to_keep: { external_id: 'new' } }] }));
  it('rejects an alias without alias_label', () =>
    bad('users.merge', { merge_updates: [{ identifier_to_merge: { user_alias: { alias_name: 'a' } }, identifier_to_keep: { external_id: 'new' } }] }));
});

describe('external id migration', () => {
  it('rename: accepts 50, rejects 51 and an empty list', () => {
    const r = { current_external_id: 'a', new_external_id: 'b' };
    ok('users.renameExternalIds', { external_id_renames: times(50, () => r) });
    bad('users.renameExternalIds', { external_id_renames: times(51, () => r) });
    bad('users.renameExternalIds', { external_id_renames: [] });
  });
  it('rename: both ids are required', () => bad('users.renameExternalIds', { external_id_renames: [{ current_external_id: 'a' }] }));
  it('remove: accepts 50, rejects 51 and an empty list', () => {
    ok('users.removeExternalIds', { external_ids: times(50, (i) => `u${i}`) });
    bad('users.removeExternalIds', { external_ids: times(51, (i) => `u${i}`) });
    bad('users.removeExternalIds', { external_ids: [] });
  });
});

describe('exports', () => {
  it('ids: accepts 50 external_ids and rejects 51', () => {
    ok('users.exportIds', { external_ids: times(50, (i) => `u${i}`) });
    bad('users.exportIds', { external_ids: times(51, (i) => `u${i}`) });
  });
  it('ids: rejects 51 user_aliases', () => bad('users.exportIds', { user_aliases: times(51, (i) => ({ alias_name: `a${i}`, alias_label: 'l' })) }));
  it('ids: fields_to_export must be exportable field names', () => {
    ok('users.exportIds', { braze_id: 'b1', fields_to_export: ['first_name', 'custom_attributes'] });
    bad('users.exportIds', { braze_id: 'b1', fields_to_export: ['favourite_colour'] });
  });
  it('ids: only one of device_id, email_address and phone', () => {
    ok('users.exportIds', { email_address: 'a@example.com' });
    bad('users.exportIds', { email_address: 'a@example.com', phone: '+14155550123' });
    bad('users.exportIds', { device_id: 'd1', phone: '+14155550123' });
  });
  it('ids: needs an identifier', () => bad('users.exportIds', { fields_to_export: ['email'] }));
  it('segment: segment_id and fields_to_export are required', () => {
    ok('users.exportSegment', { segment_id: 's1', fields_to_export: ['email'] });
    bad('users.exportSegment', { fields_to_export: ['email'] });
    bad('users.exportSegment', { segment_id: 's1' });
  });
  it('segment: output_format is zip or gzip', () => {
    ok('users.exportSegment', { segment_id: 's1', fields_to_export: ['email'], output_format: 'gzip' });
    bad('users.exportSegment', { segment_id: 's1', fields_to_export: ['email'], output_format: 'tar' });
  });
  it('segment: at most 500 custom_attributes_to_export', () => {
    ok('users.exportSegment', { segment_id: 's1', fields_to_export: ['email'], custom_attributes_to_export: times(500, (i) => `c${i}`) });
    bad('users.exportSegment', { segment_id: 's1', fields_to_export: ['email'], custom_attributes_to_export: times(501, (i) => `c${i}`) });
  });
  it('global control group: fields_to_export is required and excludes purchases', () => {
    ok('users.exportGlobalControlGroup', { fields_to_export: ['email', 'braze_id'] });
    bad('users.exportGlobalControlGroup', {});
    bad('users.exportGlobalControlGroup', { fields_to_export: ['purchases'] });
  });
  it('ExportedUser accepts the documented sample output', () =>
    okS('ExportedUser', {
      created_at: '2020-07-10 15:00:00.000 UTC', external_id: 'A8i3mkd99', user_aliases: [{ alias_name: 'user_123', alias_label: 'amplitude_id' }],
      braze_id: '5fbd99bac125ca40511f2cb1', random_bucket: 2365, first_name: 'Jane', last_name: 'Doe', email: 'example@braze.com', dob: '1980-12-21',
      home_city: 'Chicago', country: 'US', phone: '+442071838750', language: 'en', time_zone: 'Eastern Time (US & Canada)',
      last_coordinates: [41.84157636433568, -87.83520818508256], gender: 'F', total_revenue: 65, attributed_campaign: 'c', attributed_source: 's',
      attributed_adgroup: 'g', attributed_ad: 'a', push_subscribe: 'opted_in', push_opted_in_at: '2020-01-26T22:45:53.953Z', email_subscribe: 'subscribed',
      custom_attributes: { loyaltyId: '37c98b9d', loyaltyPoints: '321', loyaltyPointsNumber: 107 },
      custom_events: [{ name: 'Loyalty Acknowledgement', first: '2021-06-28T17:02:43.032Z', last: '2021-06-28T17:02:43.032Z', count: 1 }],
      purchases: [{ name: 'item_40834', first: '2021-09-05T03:45:50.540Z', last: '2022-06-03T17:30:41.201Z', count: 10 }],
      devices: [{ model: 'Pixel XL', os: 'Android (Q)', carrier: null, device_id: '312ef2c1', ad_tracking_enabled: true }],
      push_tokens: [{ app: 'MovieCanon', platform: 'Android', token: '12345abcd', device_id: '312ef2c1', notifications_enabled: true }],
      apps: [{ name: 'MovieCannon', platform: 'Android', version: '3.29.0', sessions: 1129, first_used: '2020-02-02T19:56:19.142Z', last_used: '2021-11-11T00:25:19.201Z' }],
      campaigns_received: [{ name: 'Email Unsubscribe', api_campaign_id: 'd72f', last_received: '2022-06-02T03:07:38.105Z', engaged: { opened_email: true }, converted: true,
        multiple_converted: { 'Primary Conversion Event - A': true }, in_control: false, variation_name: 'Variant 1', variation_api_id: '1bdd' }],
      canvases_received: [{ name: 'Holdout', api_canvas_id: '4697', last_received_message: '2021-07-07T20:46:24.136Z', last_entered: '2021-07-07T20:45:24.000+00:00',
        variation_name: 'Variant 1', in_control: false, last_entered_control_at: null, last_exited: '2021-07-07T20:46:24.136Z',
        steps_received: [{ name: 'Step', api_canvas_step_id: '43d1', last_received: '2021-07-07T20:46:24.136Z' }] }],
      cards_clicked: [{ name: 'Loyalty Promo' }],
    }));
  it('ExportedUser rejects a wrongly typed field', () => badS('ExportedUser', { sessions: 1, apps: [{ sessions: 'many' }] }));
});

// Every example request on the reference pages and in the seeds, replayed.
describe('docs examples replay', () => {
  it('user attributes object page (EN) and seed 003 (FR)', () =>
    ok('users.track', {
      attributes: [
        { external_id: 'user1', first_name: 'Jon', has_profile_picture: true, dob: '1988-02-14', music_videos_favorited: { add: ['calvinharris-summer'], remove: ['nickiminaj-anaconda'] } },
        { external_id: 'user2', first_name: 'Jill', has_profile_picture: false, push_tokens: [{ app_id: 'Your App Identifier', token: 'abcd', device_id: 'optional_field_value' }] },
        { user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, first_name: 'Alice', has_profile_picture: false },
        { external_id: 'user3', subscription_groups: [{ subscription_group_id: 'subscription_group_identifier', subscription_state: 'subscribed' }] },
      ],
    }));
  it('array of objects example', () =>
    okS('UserAttributes', attr({ hotel_stays: [
      { hotel_name: 'Ocean View Resort', check_in_date: '2023-06-15', nights_stayed: 5 },
      { hotel_name: 'Mountain Lodge', check_in_date: '2023-09-10', nights_stayed: 3 }] })));
  it('push token migration, external ID present', () =>
    ok('users.track', { attributes: [{ push_token_import: false, external_id: 'example_external_id', country: 'US', language: 'en', YOUR_CUSTOM_ATTRIBUTE: 'YOUR_VALUE',
      push_tokens: [{ app_id: 'APP_ID_OF_OS', token: 'PUSH_TOKEN_STRING' }] }] }));
  it('push token migration, external ID missing', () =>
    ok('users.track', { attributes: [1, 2].map((n) => ({ push_token_import: true, email: `braze.test${n}@testbraze.com`, country: 'US', language: 'en', YOUR_CUSTOM_ATTRIBUTE: 'YOUR_VALUE',
      push_tokens: [{ app_id: 'APP_ID_OF_OS', token: 'PUSH_TOKEN_STRING', device_id: 'DEVICE_ID' }] })) }));
  it('event object page', () =>
    ok('users.track', { events: [
      { external_id: 'user1', app_id: 'your-app-id', name: 'watched_trailer', time: '2013-07-16T19:20:30+01:00' },
      { external_id: 'user1', app_id: 'your-app-id', name: 'rented_movie', time: '2013-07-16T19:20:45+01:00', properties: { movie: 'The Sad Egg', director: 'Dan Alexander' } },
      { user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, app_id: 'your-app-id', name: 'watched_trailer', time: '2013-07-16T19:20:50+01:00' }] }));
  it('purchase object page (order level and three purchases)', () => {
    ok('users.track', { purchases: [{ external_id: 'user1', app_id: '11ae5b4b-2445-4440-a04f-bf537764c9ad', product_id: 'Completed Order', currency: 'USD', price: 219.98,
      time: '2013-07-16T19:20:30+01:00', properties: { products: [{ name: 'Monitor', category: 'Gaming', product_amount: 19.99 }, { name: 'Gaming Keyboard', category: 'Gaming ', product_amount: 199.99 }] } }] });
    ok('users.track', { purchases: [
      { external_id: 'user1', app_id: '11ae5b4b-2445-4440-a04f-bf537764c9ad', product_id: 'backpack', currency: 'USD', price: 40.0, time: '2013-07-16T19:20:30+01:00',
        properties: { color: 'red', monogram: 'ABC', checkout_duration: 180, size: 'Large', brand: 'Backpack Locker' } },
      { external_id: 'user1', app_id: '11ae5b4b-2445-4440-a04f-bf537764c9ad', product_id: 'pencil', currency: 'USD', price: 2.0, time: '2013-07-17T19:20:20+01:00', properties: { number: 2, sharpened: true } },
      { user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, app_id: '11ae5b4b-2445-4440-a04f-bf537764c9ad', product_id: 'pen', currency: 'USD', price: 2.5,
        time: '2013-07-17T19:20:20+01:00', properties: { color: 'blue' } }] });
  });
  const rentedByEmail = { email: 'test@braze.com', app_id: 'your_app_identifier', name: 'rented_movie', time: '2022-12-06T19:20:45+01:00',
    properties: { release: { studio: 'FilmStudio', year: '2022' }, cast: [{ name: 'Actor1' }, { name: 'Actor2' }] } };
  it('/users/track by email', () =>
    ok('users.track', {
      attributes: [{ email: 'test@braze.com', string_attribute: 'fruit', boolean_attribute_1: true, integer_attribute: 26, array_attribute: ['banana', 'apple'] }],
      events: [rentedByEmail, { user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, app_id: 'your_app_identifier', name: 'rented_movie', time: '2013-07-16T19:20:50+01:00' }],
      purchases: [{ email: 'test@braze.com', app_id: 'your_app_identifier', product_id: 'product_name', currency: 'USD', price: 12.12, quantity: 6, time: '2017-05-12T18:47:12Z',
        properties: { color: 'red', monogram: 'ABC', checkout_duration: 180, size: 'Large', brand: 'Backpack Locker' } }],
    }));
  it('/users/track by phone, subscription groups, alias-only user', () => {
    ok('users.track', { attributes: [{ phone: '+15043277269', string_attribute: 'fruit', boolean_attribute_1: true, integer_attribute: 25, array_attribute: ['banana', 'apple'] }] });
    ok('users.track', { attributes: [{ external_id: 'user_identifier', email: 'example@email.com', email_subscribe: 'subscribed', subscription_groups: [
      { subscription_group_id: 'subscription_group_identifier_1', subscription_state: 'unsubscribed' },
      { subscription_group_id: 'subscription_group_identifier_2', subscription_state: 'subscribed' },
      { subscription_group_id: 'subscription_group_identifier_3', subscription_state: 'subscribed' }] }] });
    ok('users.track', { attributes: [{ _update_existing_only: false, user_alias: { alias_name: 'example_name', alias_label: 'example_label' }, email: 'email@example.com' }] });
  });
  it('/users/track/sync examples', () => {
    ok('users.trackSync', { attributes: [{ external_id: 'xyz123', string_attribute: 'fruit', boolean_attribute_1: true, integer_attribute: 25, array_attribute: ['banana', 'apple'] }] });
    ok('users.trackSync', { events: [rentedByEmail] });
    ok('users.trackSync', { purchases: [{ user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, app_id: '11ae5b4b-2445-4440-a04f-bf537764c9ad',
      product_id: 'Completed Order', currency: 'USD', price: 219.98, time: '2022-12-06T19:20:45+01:00',
      properties: { products: [{ name: 'Monitor', category: 'Gaming', product_amount: 19.99 }, { name: 'Gaming Keyboard', category: 'Gaming ', product_amount: 199.99 }] } }] });
  });
  it('/users/track/sync response examples', () => {
    const v = responseValidator('users.trackSync', '201');
    expect(problems(v, { users: [{ external_id: 'xyz123', custom_attributes: { string_attribute: 'fruit', boolean_attribute_1: true, integer_attribute: 25, array_attribute: ['banana', 'apple'] } }], message: 'success' })).toEqual([]);
    expect(problems(v, { users: [{ email: 'test@braze.com', custom_events: [{ name: 'rented_movie', first: '2022-01-001T00:00:00.000Z', last: '2022-12-06T18:20:45.000Z', count: 10 }] }], message: 'success' })).toEqual([]);
    expect(problems(v, { users: [{ user_alias: { alias_name: 'device123', alias_label: 'my_device_identifier' }, purchase_events: [{ product_id: 'Completed Order', first: '2013-07-16T19:20:30+01:00', last: '2022-12-06T18:20:45.000Z', count: 3 }] }], message: 'success' })).toEqual([]);
  });
  it('/users/identify (EN page and seed 002)', () => {
    ok('users.identify', { aliases_to_identify: [{ external_id: 'external_identifier', user_alias: { alias_name: 'example_alias', alias_label: 'example_label' } }],
      emails_to_identify: [{ external_id: 'external_identifier_2', email: 'john.smith@braze.com', prioritization: ['unidentified', 'most_recently_updated'] }] });
    ok('users.identify', { aliases_to_identify: [{ external_id: 'external_identifier', user_alias: { alias_name: 'example_alias', alias_label: 'example_label' } }], merge_behavior: 'merge' });
  });
  it('/users/delete (EN page and seed 004): each identifier list alone passes, all together break the one-kind rule', () => {
    const example = {
      external_ids: ['external_identifier1', 'external_identifier2'],
      braze_ids: ['braze_identifier1', 'braze_identifier2'],
      user_aliases: [{ alias_name: 'user_alias1', alias_label: 'alias_label1' }, { alias_name: 'user_alias2', alias_label: 'alias_label2' }],
      email_addresses: [{ email: 'john.smith@braze.com', prioritization: ['unidentified', 'most_recently_updated'] }],
    };
    for (const [k, v] of Object.entries(example)) ok('users.delete', { [k]: v });
    bad('users.delete', example);
    // The page states it as a hard rule (one kind of identifier per request): the tolerant view refuses it too.
    expect(problems(requestValidator('users.delete', 'tolerant'), example)).not.toEqual([]);
  });
  it('/users/alias/update', () =>
    ok('users.updateAlias', { alias_updates: [{ alias_label: 'example_alias_label', old_alias_name: 'example_old_alias_name', new_alias_name: 'example_new_alias_name' }] }));
  it('/users/merge examples', () => {
    ok('users.merge', { merge_updates: [
      { identifier_to_merge: { external_id: 'old-user1' }, identifier_to_keep: { external_id: 'current-user1' } },
      { identifier_to_merge: { email: 'user1@braze.com', prioritization: ['unidentified', 'most_recently_updated'] }, identifier_to_keep: { email: 'user2@braze.com', prioritization: ['identified', 'most_recently_updated'] } },
      { identifier_to_merge: { user_alias: { alias_name: 'old-user2@example.com', alias_label: 'email' } }, identifier_to_keep: { user_alias: { alias_name: 'current-user2@example.com', alias_label: 'email' } } }] });
    ok('users.merge', { merge_updates: [{ identifier_to_merge: { email: 'john.smith@braze.com', prioritization: ['unidentified', 'most_recently_updated'] }, identifier_to_keep: { external_id: 'john' } }] });
    ok('users.merge', { merge_updates: [{ identifier_to_merge: { email: 'john.smith@braze.com', prioritization: ['unidentified', 'most_recently_updated'] }, identifier_to_keep: { email: 'john.smith@braze.com', prioritization: ['identified', 'most_recently_updated'] } }] });
    ok('users.merge', { merge_updates: [{ identifier_to_merge: { email: 'john.smith@braze.com', prioritization: ['unidentified'] }, identifier_to_keep: { external_id: 'john' } }] });
  });
  it('/users/external_ids/rename and remove', () => {
    ok('users.renameExternalIds', { external_id_renames: [{ current_external_id: 'existing_external_id', new_external_id: 'new_external_id' }] });
    ok('users.removeExternalIds', { external_ids: ['existing_deprecated_external_id_string'] });
  });
  it('/users/export/ids: the identifier lists with fields_to_export pass; the example sends three exclusive identifiers at once', () => {
    ok('users.exportIds', { external_ids: ['user_identifier1', 'user_identifier2'], user_aliases: [{ alias_name: 'example_alias', alias_label: 'example_label' }],
      braze_id: 'braze_identifier', fields_to_export: ['first_name', 'email', 'purchases'] });
    for (const one of [{ device_id: '1234567' }, { email_address: 'example@braze.com' }, { phone: '11112223333' }])
      ok('users.exportIds', { ...one, fields_to_export: ['first_name', 'email', 'purchases'] });
    bad('users.exportIds', { device_id: '1234567', email_address: 'example@braze.com', phone: '11112223333' });
    // "Only one of device_id, email_address or phone" is a hard rule of the page: an error in both views.
    expect(problems(requestValidator('users.exportIds', 'tolerant'), { device_id: '1234567', email_address: 'example@braze.com', phone: '11112223333' })).not.toEqual([]);
  });
  it('/users/export/segment examples', () => {
    ok('users.exportSegment', { segment_id: 'segment_identifier', callback_endpoint: 'example_endpoint', fields_to_export: ['first_name', 'email', 'purchases', 'custom_attributes'], output_format: 'zip' });
    ok('users.exportSegment', { segment_id: 'segment_identifier', callback_endpoint: 'example_endpoint', fields_to_export: ['first_name', 'email', 'purchases'], custom_attributes_to_export: ['allergies', 'favorite_food'], output_format: 'zip' });
  });
  it('/users/export/global_control_group example', () =>
    ok('users.exportGlobalControlGroup', { callback_endpoint: '', fields_to_export: ['email', 'braze_id'], output_format: 'zip' }));
});
