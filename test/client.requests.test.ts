// What the client checks before sending, and how it walks paginated lists, on a local server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrazeValidationError, MAX_BODY_BYTES, createBrazeClient } from '../src/index.js';
import { ENDPOINTS } from '../src/endpoints.js';

const seen: { method: string; url: string; trace?: string }[] = [];
let base = '';
const server = http.createServer((req, res) => {
  seen.push({ method: req.method!, url: req.url!, ...(req.headers['x-trace-id'] ? { trace: String(req.headers['x-trace-id']) } : {}) });
  const url = new URL(req.url!, 'http://x');
  const json = (body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  req.resume();
  if (url.pathname === '/campaigns/list') {
    // 100 per page as documented; page 1 is the last, shorter one.
    const page = Number(url.searchParams.get('page'));
    const count = page === 0 ? 100 : page === 1 ? 7 : 0;
    return json({ message: 'success', campaigns: Array.from({ length: count }, (_, i) => ({ id: `c-${page}-${i}`, name: `Campaign ${page}-${i}`, is_api_campaign: false, tags: [], last_edited: '2026-11-01T10:00:00+00:00' })) });
  }
  if (url.pathname === '/catalogs/restaurants/items') {
    const cursor = url.searchParams.get('cursor');
    const items = cursor === 'c2' ? [{ id: 'r-51' }, { id: 'r-52' }] : Array.from({ length: 50 }, (_, i) => ({ id: `r-${i + 1}` }));
    const link = cursor === 'c2' ? `<${base}/catalogs/restaurants/items?cursor=c1>; rel="prev"` : `<${base}/catalogs/restaurants/items?cursor=c2>; rel="next"`;
    return json({ items, message: 'success' }, { link });
  }
  if (url.pathname === '/email/hard_bounces') {
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    const total = 230;
    const emails = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ email: `b${offset + i}@example.com`, hard_bounced_at: '2026-11-01T10:00:00Z' }));
    return json({ message: 'success', emails });
  }
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end('{"message":"success"}');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (extra: object = {}) => createBrazeClient({ apiKey: 'k', baseUrl: base, ...extra });

describe('paginate(), driven by x-braze-pagination', () => {
  it('walks page numbers until a short page (campaigns.list)', async () => {
    seen.length = 0;
    const ids: string[] = [];
    for await (const campaign of client().paginate('campaigns.list', { include_archived: true })) ids.push(campaign.id!);
    expect(ids).toHaveLength(107);
    expect(seen.map((r) => r.url)).toEqual(['/campaigns/list?include_archived=true&page=0', '/campaigns/list?include_archived=true&page=1']);
  });

  it('follows the Link header cursor (catalogs.listItems)', async () => {
    seen.length = 0;
    const ids: string[] = [];
    for await (const item of client().paginate('catalogs.listItems', { path: { catalog_name: 'restaurants' } })) ids.push(String(item.id));
    expect(ids).toHaveLength(52);
    expect(ids.at(-1)).toBe('r-52');
    expect(seen.map((r) => r.url)).toEqual(['/catalogs/restaurants/items', '/catalogs/restaurants/items?cursor=c2']);
  });

  it('advances offset/limit (email.listHardBounces)', async () => {
    seen.length = 0;
    let count = 0;
    for await (const _ of client().paginate('email.listHardBounces', { start_date: '2026-10-01', end_date: '2026-11-01' })) count++;
    expect(count).toBe(230);
    expect(seen.map((r) => new URL(r.url, 'http://x').searchParams.get('offset'))).toEqual(['0', '100', '200']);
  });

  it('every list operation the spec marks paginated names its items field', () => {
    const paginated = Object.entries(ENDPOINTS).filter(([, e]) => 'pagination' in e);
    expect(paginated.length).toBeGreaterThanOrEqual(12);
    for (const [, e] of paginated) expect((e as { pagination: { itemsField: string } }).pagination.itemsField).toMatch(/^[a-z_]+$/);
  });
});

describe('checks before anything is sent', () => {
  it('refuses a body over 4 MB, naming the limit', async () => {
    seen.length = 0;
    const big = 'x'.repeat(60_000);
    const attributes = Array.from({ length: 75 }, (_, i) => ({ external_id: `u${i}`, bio: big }));
    const error = await client().users.track({ attributes }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect(error).toMatchObject({ field: 'body', limit: MAX_BODY_BYTES });
    expect(error.message).toMatch(/at most 4194304 \(4 MB\)/);
    expect(seen).toEqual([]);
  });

  it('refuses 76 objects in one /users/track array', async () => {
    const error = await client().users.track({ events: Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}`, name: 'e', time: '2026-11-22T10:00:00Z' })) }).catch((e) => e);
    expect(error).toMatchObject({ field: 'body.events', limit: 75, actual: 76 });
  });

  it('refuses a body without a required field', async () => {
    const error = await client().users.createAlias({} as never).catch((e) => e);
    expect(error).toMatchObject({ field: 'body.user_aliases' });
  });

  it('refuses an object that names no user, even without validate', async () => {
    seen.length = 0;
    const error = await client()
      .users.track({ attributes: [{ external_id: 'u1' }, { first_name: 'nobody' } as never] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect(error.field).toBe('body.attributes[1]');
    expect(error.message).toMatch(/names no user: it needs one of external_id, user_alias, braze_id, email, phone, push_token_import/);
    expect(seen).toEqual([]);
  });

  it('refuses a /users/track body with nothing to track', async () => {
    const error = await client().users.track({}).catch((e) => e);
    expect(error.message).toMatch(/body needs one of attributes, events, purchases/);
  });

  describe('validate: true checks the whole body against its schema', () => {
    it('names the field of a wrong type', async () => {
      const error = await client({ validate: true }).users.track({ attributes: [{ external_id: 'u1', visits: { inc: '1' as never } }] }).catch((e) => e);
      expect(error).toBeInstanceOf(BrazeValidationError);
      expect(error.field).toBe('body.attributes[0].visits.inc');
      expect(error.message).toMatch(/must be integer/);
    });
    it('names every alternative of an "one of these" rule the cheap checks do not cover', async () => {
      // users.identify: each alias to identify needs external_id and user_alias; the schema says so.
      const error = await client({ validate: true })
        .users.identify({ aliases_to_identify: [{ user_alias: { alias_name: 'a', alias_label: 'b' } } as never] })
        .catch((e) => e);
      expect(error).toBeInstanceOf(BrazeValidationError);
      expect(error.field).toBe('body.aliases_to_identify[0]');
      expect(error.message).toMatch(/external_id/);
    });
    it('names the allowed values of an enum', async () => {
      const error = await client({ validate: true })
        .users.identify({ aliases_to_identify: [{ external_id: 'u', user_alias: { alias_name: 'a', alias_label: 'b' } }], merge_behavior: 'fusionner' as never })
        .catch((e) => e);
      expect(error).toMatchObject({ field: 'body.merge_behavior' });
      expect(error.message).toMatch(/none, merge/);
    });
    it('enforces rules the schema cannot state: 50 users per send, ids and aliases together', async () => {
      const body = {
        broadcast: false,
        external_user_ids: Array.from({ length: 30 }, (_, i) => `u${i}`),
        user_aliases: Array.from({ length: 21 }, (_, i) => ({ alias_name: `a${i}`, alias_label: 'crm' })),
        messages: { sms: { subscription_group_id: 'b1c2d3e4-0000-4000-8000-000000000001', body: 'Hi', app_id: '3f1e7f2c-0000-4000-8000-000000000002' } },
      };
      const error = await client({ validate: true }).messages.send(body as never).catch((e) => e);
      expect(error).toBeInstanceOf(BrazeValidationError);
      expect(error).toMatchObject({ limit: 50, actual: 51 });
    });
    it('lets a valid body through', async () => {
      seen.length = 0;
      await client({ validate: true }).users.track({ attributes: [{ external_id: 'u1', first_name: 'Ada' }] });
      expect(seen).toHaveLength(1);
    });
  });
});

describe('openapi-fetch middleware', () => {
  it('applies to the generated methods on the Node transport and over a caller fetch', async () => {
    for (const viaFetch of [false, true]) {
      seen.length = 0;
      const headersSeen: string[] = [];
      const braze = client(viaFetch ? { fetch: (r: Request) => fetch(r) } : {});
      braze.raw.use({
        onRequest({ request }) {
          request.headers.set('X-Trace-Id', 'trace-42');
          headersSeen.push(request.headers.get('authorization') ?? '');
          return undefined;
        },
        onResponse({ response }) {
          headersSeen.push(`status ${response.status}`);
          return undefined;
        },
      });
      await braze.users.track({ attributes: [{ external_id: 'u1' }] });
      expect(headersSeen).toEqual(['Bearer k', 'status 201']);
      expect(seen).toEqual([{ method: 'POST', url: '/users/track', trace: 'trace-42' }]);
    }
  });
});
