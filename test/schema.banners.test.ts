// The documented rules of the Device Messaging API's two Banner operations (beta, hidden pages):
// the client-side key they take, their own rate-limit headers and error bodies, and each request
// rule proven by a value that passes and one that fails, plus a replay of the pages' examples.
import { describe, expect, it } from 'vitest';
import { expectBodyRejected, expectBodyValid, operation, problems, resolve, responseValidator, spec, validatorFor } from './helpers/spec.js';

const ok = expectBodyValid;
const badBecause = expectBodyRejected;
const SYNC = 'deviceMessaging.syncBanners';
const TRACK = 'deviceMessaging.trackBannerEvents';

const syncBody = {
  external_user_id: 'user_abc123',
  app_id: '26a39c72-e647-4766-b62e-4521fa2dae59',
  app_version: '1.0.0',
  device_id: '7bb8ac35-0a3f-4b8c-96ad-2e2e0dd1a4c9',
  placements: ['home_hero', 'sidebar_promo'],
};
const trackBody = {
  external_user_id: 'user_abc123',
  app_id: '26a39c72-e647-4766-b62e-4521fa2dae59',
  app_version: '1.0.0',
  events: [
    { id: 'bnr_01HZ3K2QFGH9XVNJ4W8PCRMT5E', event_type: 'impression', timestamp: '2026-04-09T12:00:00Z' },
    { id: 'bnr_01HZ3K2QFGH9XVNJ4W8PCRMT5E', event_type: 'click', timestamp: '2026-04-09T12:00:05Z' },
  ],
};

describe('authentication and metadata', () => {
  it('the client-side key is its own bearer scheme', () => {
    expect(spec.components.securitySchemes.BrazeClientKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
  it.each([
    [SYNC, 'banners.sync', true, '/v1/device-messaging/banners/sync'],
    [TRACK, 'banners.track', false, '/v1/device-messaging/banners/track'],
  ])('%s takes only the client-side key, needs %s, idempotent=%s', (id, permission, idempotent, path) => {
    const op = operation(id);
    expect(op.path).toBe(path);
    expect(op.method).toBe('post');
    expect(op.operation.security).toEqual([{ BrazeClientKey: [] }]);
    expect(op.operation['x-braze-permission']).toBe(permission);
    expect(op.operation['x-braze-idempotent']).toBe(idempotent);
    expect(op.operation['x-braze-availability']).toEqual(['beta', 'hidden']);
    expect(op.operation.tags).toEqual(['Device Messaging API']);
  });
  it('no published number: unlimited in the client, in a budget of its own', () => {
    for (const id of [SYNC, TRACK]) expect(operation(id).operation['x-braze-rate-limit']).toMatchObject({ unlimited: true, group: 'device-messaging' });
  });
  it('429 answers carry X-RateLimit-Retry-After next to the usual three headers', () => {
    for (const id of [SYNC, TRACK]) {
      const headers = Object.keys(resolve(operation(id).operation.responses['429']).headers);
      expect(headers.sort()).toEqual(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-RateLimit-Retry-After']);
    }
  });
  it('status codes as the pages list them (sync: 200, 401 for a missing permission; track: 202, 403)', () => {
    expect(Object.keys(operation(SYNC).operation.responses).sort()).toEqual(['200', '400', '401', '404', '429', '5XX']);
    expect(Object.keys(operation(TRACK).operation.responses).sort()).toEqual(['202', '400', '401', '403', '404', '429', '5XX']);
  });
});

describe('retrieving Banners', () => {
  it('the page example passes', () => ok(SYNC, syncBody));
  it('external_user_id, app_id, app_version and placements are required; device_id is not', () => {
    for (const key of ['external_user_id', 'app_id', 'app_version', 'placements']) {
      const { [key as keyof typeof syncBody]: _, ...rest } = syncBody;
      badBecause(SYNC, rest, `/ required must have required property '${key}'`);
    }
    const { device_id: _, ...noDevice } = syncBody;
    ok(SYNC, noDevice);
  });
  it('an empty device_id is accepted (Braze answers 200 and leaves the device tags unresolved)', () => ok(SYNC, { ...syncBody, device_id: '' }));
  it('device_id: at most 1,011 characters (the bytes rule cannot be a schema)', () => {
    ok(SYNC, { ...syncBody, device_id: 'd'.repeat(1011) });
    badBecause(SYNC, { ...syncBody, device_id: 'd'.repeat(1012) }, '/device_id maxLength');
  });
  it('placements: at least one', () => badBecause(SYNC, { ...syncBody, placements: [] }, '/placements minItems'));
  it('app_version: at most 255 characters', () => {
    ok(SYNC, { ...syncBody, app_version: 'v'.repeat(255) });
    badBecause(SYNC, { ...syncBody, app_version: 'v'.repeat(256) }, '/app_version maxLength');
  });
  it('a misspelt field is refused', () => badBecause(SYNC, { ...syncBody, placement: ['home_hero'] }, '/ additionalProperties'));
  it('the page answer validates: a Banner or null per placement', () => {
    const answer = {
      banners: {
        home_hero: {
          id: 'this_banner_is_a_stub_01',
          placement_id: 'home_hero',
          is_control: false,
          is_test_send: false,
          expires_at: 1735689600,
          properties: { headline: { type: 'string', value: 'Level Up Your Game' }, cta_label: { type: 'string', value: 'Shop Now' } },
        },
        sidebar_promo: null,
      },
    };
    expect(problems(responseValidator(SYNC, '200'), answer)).toEqual([]);
  });
  it('expires_at: -1 means never, below that is wrong; properties may be null', () => {
    const v = validatorFor('Banner');
    const banner = { id: 'b', placement_id: 'p', is_control: true, expires_at: -1, properties: null };
    expect(problems(v, banner)).toEqual([]);
    expect(problems(v, { ...banner, expires_at: -2 }).join()).toMatch(/minimum/);
    expect(problems(v, { ...banner, id: undefined }).join()).toMatch(/required/);
  });
  it('a property has a type and a value', () => {
    const v = validatorFor('BannerProperty');
    expect(problems(v, { type: 'jsonobject', value: { a: 1 } })).toEqual([]);
    expect(problems(v, { type: 'number' }).join()).toMatch(/required/);
  });
  it("a property's type lists the six documented kinds as data, and still takes a later kind", () => {
    const type = spec.components.schemas.BannerProperty.properties.type;
    const listed = (type.anyOf ?? []).find((b: any) => Array.isArray(b.enum))?.enum;
    expect(listed).toEqual(['number', 'string', 'boolean', 'image', 'jsonobject', 'datetime']);
    const v = validatorFor('BannerProperty');
    expect(problems(v, { type: 'color', value: '#ff0000' })).toEqual([]);
    expect(problems(v, { type: 1, value: 'x' }).join()).toMatch(/type/);
  });
  it('errors come in an `error` field', () => {
    expect(problems(responseValidator(SYNC, '400'), { error: 'bad placements' })).toEqual([]);
    expect(problems(responseValidator(SYNC, '400'), { message: 'bad placements' }).join()).toMatch(/required/);
  });
});

describe('tracking Banner events', () => {
  it('the page example passes', () => ok(TRACK, trackBody));
  it('events: at least one, each with id, event_type and timestamp', () => {
    badBecause(TRACK, { ...trackBody, events: [] }, '/events minItems');
    for (const key of ['id', 'event_type', 'timestamp']) {
      const { [key as 'id']: _, ...rest } = trackBody.events[0];
      badBecause(TRACK, { ...trackBody, events: [rest] }, '/events/0 required');
    }
  });
  it('event_type: impression, click or dismiss', () => {
    ok(TRACK, { ...trackBody, events: [{ ...trackBody.events[0], event_type: 'dismiss' }] });
    badBecause(TRACK, { ...trackBody, events: [{ ...trackBody.events[0], event_type: 'view' }] }, '/events/0/event_type enum');
  });
  it('timestamp: an ISO 8601 date-time', () => {
    badBecause(TRACK, { ...trackBody, events: [{ ...trackBody.events[0], timestamp: '09/04/2026 12:00' }] }, '/events/0/timestamp format');
  });
  it('external_user_id: fewer than 987 bytes, bounded here in characters', () => {
    ok(TRACK, { ...trackBody, external_user_id: 'u'.repeat(986) });
    badBecause(TRACK, { ...trackBody, external_user_id: 'u'.repeat(987) }, '/external_user_id maxLength');
  });
  it('app_version: at most 255 characters', () => badBecause(TRACK, { ...trackBody, app_version: 'v'.repeat(256) }, '/app_version maxLength'));
  it('the three page answers validate: all processed, some skipped (202), none valid (400)', () => {
    expect(problems(responseValidator(TRACK, '202'), { events_processed: 2, message: 'success' })).toEqual([]);
    expect(
      problems(responseValidator(TRACK, '202'), {
        events_processed: 2,
        message: 'success',
        errors: [{ type: 'Invalid event_type. Valid types are: impression, click, dismiss.', index: 2 }],
      }),
    ).toEqual([]);
    expect(
      problems(responseValidator(TRACK, '400'), {
        message: 'No valid events provided.',
        errors: [
          { type: 'Invalid event_type. Valid types are: impression, click, dismiss.', index: 0 },
          { type: "'timestamp' is required", index: 1 },
        ],
      }),
    ).toEqual([]);
  });
  it('a skipped event is named by its index', () => {
    expect(problems(responseValidator(TRACK, '202'), { events_processed: 1, message: 'success', errors: [{ type: 'x' }] }).join()).toMatch(/required/);
  });
});
