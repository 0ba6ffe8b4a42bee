// `x-braze-idempotent` and `x-braze-idempotent-body`: a request is retried after a 5xx (which may
// have landed) only when repeating it cannot change the outcome. For operations whose body can
// carry operators, one rule read from the spec decides, with a deep walk of the body: an operator
// at any depth (`inc`, `add`, `$add`, `$remove`, `$update`...) or an event or purchase makes the
// request unsafe to repeat. Table-driven: each body is sent to a server that answers 503 once, and
// the test counts how many times it arrived.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BrazeApiError, createBrazeClient, type OperationId } from '../src/index.js';
import { ENDPOINTS } from '../src/endpoints.js';

const deref = JSON.parse(readFileSync(new URL('../generated/openapi.deref.json', import.meta.url), 'utf8'));

function counting() {
  let calls = 0;
  const braze = createBrazeClient({
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:9',
    rateLimit: false,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    fetch: async () => {
      calls++;
      return calls === 1
        ? new Response('{"message":"busy"}', { status: 503, headers: { 'content-type': 'application/json' } })
        : new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json' } });
    },
  });
  return { braze, calls: () => calls };
}

const user = (extra: object) => ({ attributes: [{ external_id: 'u1', ...extra }] });
const event = { external_id: 'u1', name: 'played', time: '2026-11-22T10:00:00Z' };
const purchase = { external_id: 'u1', product_id: 'p', currency: 'USD', price: 1, time: '2026-11-22T10:00:00Z' };

const TRACK: [string, unknown, boolean][] = [
  ['attributes set to values', user({ first_name: 'Ada', tags: ['a', 'b'], address: { city: 'Paris' } }), true],
  ['attributes with empty events and purchases', { ...user({ first_name: 'Ada' }), events: [], purchases: [] }, true],
  ['an increment', user({ visits: { inc: 1 } }), false],
  ['an array add', user({ tags: { add: ['x'] } }), false],
  ['an array remove', user({ tags: { remove: ['x'] } }), false],
  ['add inside a nested object', user({ profile: { tags: { add: ['x'] } } }), false],
  ['inc deep inside a nested object', user({ a: { b: { c: { inc: 2 } } } }), false],
  ['$add on an array of objects', user({ pets: { $add: [{ id: 1, name: 'Rex' }] } }), false],
  ['$remove on an array of objects', user({ pets: { $remove: [{ $identifier_key: 'id', $identifier_value: 1 }] } }), false],
  ['$update with $new_object', user({ pets: { $update: [{ $identifier_key: 'id', $identifier_value: 1, $new_object: { age: 3 } }] } }), false],
  ['the operator in the second object only', { attributes: [{ external_id: 'u1', first_name: 'A' }, { external_id: 'u2', visits: { inc: 1 } }] }, false],
  ['an event', { events: [event] }, false],
  ['attributes and a purchase', { ...user({ first_name: 'Ada' }), purchases: [purchase] }, false],
];
const CATALOG: [string, unknown, boolean][] = [
  ['fields set to values', { items: [{ id: 'r1', name: 'Bistro', tags: ['a'] }] }, true],
  ['$add on an array field', { items: [{ id: 'r1', tags: { $add: ['vegan'] } }] }, false],
  ['$remove on an array field', { items: [{ id: 'r1', tags: { $remove: ['vegan'] } }] }, false],
];

type Case = [OperationId, string, boolean, unknown];
const cases: Case[] = [
  ...TRACK.map(([what, body, safe]): Case => ['users.track', what, safe, body]),
  // /users/track/sync takes one object per array.
  ...TRACK.filter(([, body]) => (body as { attributes?: unknown[] }).attributes?.length !== 2).map(([what, body, safe]): Case => ['users.trackSync', what, safe, body]),
  ...CATALOG.map(([what, body, safe]): Case => ['catalogs.editItems', what, safe, body]),
  ...CATALOG.map(([what, body, safe]): Case => {
    const items = (body as { items: { id?: string }[] }).items.map(({ id: _id, ...rest }) => rest);
    return ['catalogs.editItem', what, safe, { items }];
  }),
];

describe('body-aware idempotency from x-braze-idempotent-body', () => {
  it.each(cases)('%s with %s: retried after a 503 = %s', async (operationId, _what, safe, body) => {
    const { braze, calls } = counting();
    const e = ENDPOINTS[operationId] as { pathParams?: readonly string[] };
    const input = e.pathParams?.length ? { path: Object.fromEntries(e.pathParams.map((p) => [p, 'x1'])), body } : body;
    const outcome = await braze.call(operationId, input as never).then(
      () => 'ok',
      (error) => error,
    );
    if (safe) {
      expect(outcome).toBe('ok');
      expect(calls()).toBe(2);
    } else {
      expect(outcome).toBeInstanceOf(BrazeApiError);
      expect(outcome).toMatchObject({ status: 503, sent: true });
      expect(calls()).toBe(1);
    }
  });

  it('is carried by every operation whose body documents operators, and only with x-braze-idempotent: false', () => {
    const withRule = Object.entries(ENDPOINTS)
      .filter(([, e]) => 'idempotentBody' in e)
      .map(([id]) => id)
      .sort();
    expect(withRule).toEqual(['catalogs.editItem', 'catalogs.editItems', 'users.track', 'users.trackSync']);
    for (const [path, item] of Object.entries<any>(deref.paths)) {
      for (const op of Object.values<any>(item)) {
        if (!op?.operationId) continue;
        const text = JSON.stringify(op.requestBody ?? {}) + (op.description ?? '');
        const operators = /\$add|\$remove|\$update|"inc"|`inc`/.test(text);
        if (operators && op['x-braze-idempotent'] !== false) {
          // An operation that can carry operators is either not idempotent at all or body-aware.
          throw new Error(`${op.operationId} (${path}) documents operators but is marked x-braze-idempotent: true`);
        }
        if (op['x-braze-idempotent-body']) expect(op['x-braze-idempotent'], op.operationId).toBe(false);
      }
    }
  });

  it('still retries operations the spec marks idempotent, and never those it marks not', async () => {
    const a = counting();
    await a.braze.users.delete({ external_ids: ['x'] });
    expect(a.calls()).toBe(2);
    const b = counting();
    const error = await b.braze.campaigns.triggerSend({ campaign_id: 'c', broadcast: true }).catch((e) => e);
    expect(error).toMatchObject({ status: 503 });
    expect(b.calls()).toBe(1);
  });
});
