// Path parameters never reach another endpoint: every operation with path parameters (read from
// the endpoint table), with values that are dot segments, empty, or hold a separator, raw or
// percent-encoded. Each call either fails with a BrazeValidationError naming the parameter before
// anything is sent, or reaches the server on exactly its template's path, one encoded segment per
// parameter. On both send paths: the Node transport and a caller's `fetch` (openapi-fetch's path).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrazeValidationError, createBrazeClient, type OperationId } from '../src/index.js';
import { ENDPOINTS } from '../src/endpoints.js';

const spec = JSON.parse(readFileSync(new URL('../generated/openapi.json', import.meta.url), 'utf8'));

const received: string[] = [];
let base = '';
const server = http.createServer((req, res) => {
  received.push(`${req.method} ${req.url}`);
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"message":"success"}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const withParams = (Object.entries(ENDPOINTS) as [OperationId, any][]).filter(([, e]) => e.pathParams?.length);
const BAD = ['.', '..', '', 'a/b', '%2e%2e', '%2E.', '.%2e', '%2e', '...', 'a%2Fb', '%2f', 'a\\b', '%5c', '%252e%252e', '\uD800'];
const ODD = ['x?y', 'x#y', 'x y', 'ü', '50%', '%zz', 'a;b', 'a+b', '.a', 'a.', '-'];
const GOOD = 'restaurant-1';

/** A body the cheap checks accept: the operation's documented request example. */
function exampleBody(e: any): unknown {
  const op = spec.paths[e.path][e.method.toLowerCase()];
  const media = op.requestBody?.content?.['application/json'];
  if (!media) return undefined;
  return media.example ?? (Object.values(media.examples ?? {})[0] as { value?: unknown } | undefined)?.value;
}

const clients = {
  undici: () => createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false, retry: false, scim: { token: 't', origin: 'o' } }),
  fetch: () => createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false, retry: false, scim: { token: 't', origin: 'o' }, fetch: (r) => fetch(r) }),
  // A middleware of the caller's own sends every call through openapi-fetch's full path.
  'undici with middleware': () => {
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false, retry: false, scim: { token: 't', origin: 'o' } });
    braze.raw.use({ onRequest: () => undefined });
    return braze;
  },
};

describe.each(Object.keys(clients) as (keyof typeof clients)[])('path parameters over %s', (transport) => {
  it(`covers every operation with path parameters (${withParams.length})`, () => {
    expect(withParams.length).toBeGreaterThanOrEqual(15);
  });

  it.each(withParams)('%s: refuses values that are not one segment, sends the others as one encoded segment', async (operationId, e) => {
    const braze = clients[transport]();
    const body = exampleBody(e);
    for (const param of e.pathParams as string[]) {
      for (const value of [...BAD, ...ODD, GOOD]) {
        const path = Object.fromEntries((e.pathParams as string[]).map((p) => [p, p === param ? value : GOOD]));
        received.length = 0;
        const input = { path, ...(body === undefined ? {} : { body }), ...(e.query ? { query: {} } : {}) };
        const error = await braze.call(operationId, input as never).then(
          () => undefined,
          (err) => err,
        );
        if (BAD.includes(value)) {
          expect(error, `${operationId} ${param}=${JSON.stringify(value)}`).toBeInstanceOf(BrazeValidationError);
          expect(error.field).toBe(`path.${param}`);
          expect(error.message).toContain(param);
          expect(received, `${operationId} ${param}=${JSON.stringify(value)} sent something`).toEqual([]);
          continue;
        }
        // Anything sent arrives on the template's path, each parameter one encoded segment.
        const expected = e.path.replace(/\{([^}]+)\}/g, (_: string, name: string) => encodeURIComponent(path[name]));
        expect(error, `${operationId} ${param}=${JSON.stringify(value)}: ${error}`).toBeUndefined();
        expect(received.map((r) => r.split('?')[0]), `${operationId} ${param}=${JSON.stringify(value)}`).toEqual([`${e.method} ${expected}`]);
      }
    }
  });

  it('refuses a missing or non-string path parameter', async () => {
    const braze = clients[transport]();
    received.length = 0;
    for (const item_id of [undefined, null, {}, ['a', 'b'], NaN]) {
      const error = await braze.catalogs.deleteItem({ path: { catalog_name: 'restaurants', item_id: item_id as never } }).catch((err) => err);
      expect(error).toBeInstanceOf(BrazeValidationError);
      expect(error.field).toBe('path.item_id');
    }
    await braze.catalogs.deleteItem({ path: { catalog_name: 'restaurants', item_id: 42 as never } });
    expect(received).toEqual(['DELETE /catalogs/restaurants/items/42']);
  });

  it('checks calls through braze.raw the same way', async () => {
    const braze = clients[transport]();
    received.length = 0;
    for (const item_id of BAD) {
      const error = await braze.raw.DELETE('/catalogs/{catalog_name}/items/{item_id}', { params: { path: { catalog_name: 'restaurants', item_id } } }).catch((err) => err);
      expect(error, JSON.stringify(item_id)).toBeInstanceOf(BrazeValidationError);
      expect(error.field).toBe('path.item_id');
    }
    expect(received).toEqual([]);
    await braze.raw.DELETE('/catalogs/{catalog_name}/items/{item_id}', { params: { path: { catalog_name: 'restaurants', item_id: 'x?y' } } });
    expect(received).toEqual(['DELETE /catalogs/restaurants/items/x%3Fy']);
  });
});
