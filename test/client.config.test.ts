// What createBrazeClient refuses at construction, and proof that the API key never shows up in
// anything a caller might log: error messages, JSON forms, util.inspect output.
import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  BrazeApiError,
  BrazeConfigError,
  BrazeNetworkError,
  BrazeValidationError,
  INSTANCES,
  createBrazeClient,
} from '../src/index.js';
import { spec } from './helpers/spec.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const KEY = 'sk-live-0123456789abcdef-SECRET';

function everyForm(error: unknown): string {
  return [String(error), (error as Error).message, (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

describe('createBrazeClient options', () => {
  it.each([
    ['a missing key', { instance: 'US-01' }, /apiKey is missing or empty/],
    ['an empty key', { apiKey: '', instance: 'US-01' }, /apiKey is missing or empty/],
    ['a blank key', { apiKey: '   ', instance: 'US-01' }, /apiKey is missing or empty/],
    ['an unknown instance', { apiKey: KEY, instance: 'US-09' }, /instance "US-09" is unknown: use one of US-01, .*AU-01/],
    ['no instance nor baseUrl', { apiKey: KEY }, /instance is missing/],
    ['plain http to a remote host', { apiKey: KEY, baseUrl: 'http://braze.example.org' }, /must use https/],
    ['a base URL that is not a URL', { apiKey: KEY, baseUrl: 'rest.iad-01' }, /is not a URL/],
    ['both instance and baseUrl', { apiKey: KEY, instance: 'US-01', baseUrl: 'https://proxy.example.org' }, /either `instance` or `baseUrl`/],
  ])('refuses %s with a clear BrazeConfigError', (_name, options, message) => {
    let thrown: unknown;
    try {
      createBrazeClient(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BrazeConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect(everyForm(thrown)).not.toContain(KEY);
  });

  it('maps every instance of the description to its REST host', () => {
    expect(Object.keys(INSTANCES)).toEqual(['US-01', 'US-02', 'US-03', 'US-04', 'US-05', 'US-06', 'US-07', 'US-08', 'US-10', 'EU-01', 'EU-02', 'AU-01', 'ID-01', 'JP-01', 'KR-01']);
    expect(createBrazeClient({ apiKey: KEY, instance: 'EU-01' }).baseUrl).toBe('https://rest.fra-01.braze.eu');
    expect(createBrazeClient({ apiKey: KEY, instance: 'US-10' }).baseUrl).toBe('https://rest.us-10.braze.com');
  });

  // Braze's newer data-center list (includes/data_centers.newer.md): three new instances, and the
  // US-10 dashboard moved from dashboard-10.braze.com to dashboard.us-10.braze.com.
  it.each([
    ['ID-01', 'https://rest.id-01.braze.com', 'https://dashboard.id-01.braze.com'],
    ['JP-01', 'https://rest.jp-01.braze.com', 'https://dashboard.jp-01.braze.com'],
    ['KR-01', 'https://rest.kr-01.braze.com', 'https://dashboard.kr-01.braze.com'],
    ['US-10', 'https://rest.us-10.braze.com', 'https://dashboard.us-10.braze.com'],
    ['US-01', 'https://rest.iad-01.braze.com', 'https://dashboard-01.braze.com'],
    ['AU-01', 'https://rest.au-01.braze.com', 'https://dashboard.au-01.braze.com'],
  ] as const)('%s: the client reaches %s, and the description names its dashboard %s', (instance, rest, dashboard) => {
    expect(createBrazeClient({ apiKey: KEY, instance }).baseUrl).toBe(rest);
    const server = spec.servers.find((s: any) => s.description === instance);
    expect(server).toMatchObject({ url: rest, 'x-braze-dashboard': dashboard });
  });

  it('every server names the dashboard its workspaces log in to', () => {
    for (const server of spec.servers) expect(server['x-braze-dashboard'], server.description).toMatch(/^https:\/\/dashboard[.-][a-z0-9.-]+\.braze\.(com|eu)$/);
  });

  it('allows plain http on localhost only', () => {
    expect(createBrazeClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
    expect(createBrazeClient({ apiKey: KEY, baseUrl: 'http://localhost:4010' }).baseUrl).toBe('http://localhost:4010');
  });

  it('does not expose the key on the client object', () => {
    const braze = createBrazeClient({ apiKey: KEY, instance: 'US-01' });
    expect(inspect(braze, { depth: 5, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(braze)).not.toContain(KEY);
  });
});

describe('the key never appears in a thrown error', () => {
  const echoKey = async (request: Request) =>
    new Response(JSON.stringify({ message: 'Invalid API key', errors: ['bad'] }), {
      status: 401,
      headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '10' },
    });

  it('in a BrazeApiError built from a 401', async () => {
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', fetch: echoKey });
    const error = await braze.users.createAlias({ user_aliases: [{ alias_name: 'a', alias_label: 'b' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error).toMatchObject({ status: 401, operationId: 'users.createAlias', brazeMessage: 'Invalid API key', rateLimit: { remaining: 10 } });
    expect(everyForm(error)).not.toContain(KEY);
  });

  it('in a BrazeNetworkError from a refused connection', async () => {
    const closed = await closedPort();
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${closed}` });
    const error = await braze.users.createAlias({ user_aliases: [{ alias_name: 'a', alias_label: 'b' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeNetworkError);
    expect(error.code).toBe('ECONNREFUSED');
    expect(everyForm(error)).not.toContain(KEY);
  });

  it('in a BrazeValidationError raised before sending', async () => {
    let sent = 0;
    const braze = createBrazeClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9', fetch: async () => (sent++, new Response('{}')) });
    const aliases = Array.from({ length: 51 }, (_, i) => ({ alias_name: `n${i}`, alias_label: 'crm' }));
    const error = await braze.users.createAlias({ user_aliases: aliases }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect(error).toMatchObject({ field: 'body.user_aliases', limit: 50, actual: 51 });
    expect(error.message).toMatch(/body\.user_aliases has 51 items; Braze accepts at most 50/);
    expect(sent).toBe(0);
    expect(everyForm(error)).not.toContain(KEY);
  });
});
