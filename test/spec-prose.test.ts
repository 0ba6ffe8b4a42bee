// The description is read by every generator's users (Python, Go, Redoc readers), so its prose is
// about the API, never about this package's client (issue 16 item 7); its landing section explains
// every kind of credential; and each paginated operation's Link header example shows its own path.
import { describe, expect, it } from 'vitest';
import { operations, resolve, spec } from './helpers/spec.js';


/** Every `description`, `summary` and `title` string in the bundle, with its JSON pointer. */
function prose(node: any, at = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (!node || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries<any>(node)) {
    if (typeof value === 'string' && ['description', 'summary', 'title', 'note'].includes(key)) out.push([`${at}/${key}`, value]);
    else if (value && typeof value === 'object') prose(value, `${at}/${key}`, out);
  }
  return out;
}

describe('descriptions are about the API, not this client', () => {
  // "the client" as the caller's library ("the client does not retry", "the client's option"),
  // this package's name, its option `validate`, or what "this package/library" does. A
  // "client-side key" is Braze's own term and stays.
  const banned: Array<[string, RegExp]> = [
    ['the client (this package)', /\bthe client\b(?!-side)/i],
    ["the client's", /\bclient's\b/i],
    ['braze-openapi', /braze-openapi/i],
    ['this package / library', /\bthis (package|library)\b/i],
    ['the `validate` option', /`validate`/],
    ['onWarning / BrazeValidationError', /onWarning|BrazeValidationError/],
  ];
  const texts = prose(spec);
  it('the bundle has prose to check', () => expect(texts.length).toBeGreaterThan(1000));
  it.each(banned)('no description mentions %s', (_what, pattern) => {
    expect(texts.filter(([, text]) => pattern.test(text)).map(([at, text]) => `${at}: ${text.match(pattern)![0]}`)).toEqual([]);
  });
  it('the check catches the sentence that was there', () => {
    expect(banned.some(([, p]) => p.test('a repeat answers 409, so the client does not retry it blindly'))).toBe(true);
    expect(banned.some(([, p]) => p.test('A client-side key, sent as a bearer token'))).toBe(false);
  });
});

describe('the landing section explains every credential', () => {
  const landing: string = spec.info.description;
  it('the REST API key, the SCIM token and the client-side key of Device Messaging', () => {
    const auth = landing.slice(landing.indexOf('## Authentication'), landing.indexOf('## Instances'));
    expect(auth).toMatch(/REST API key/);
    expect(auth).toMatch(/SCIM token/);
    expect(auth).toMatch(/client-side key/i);
    expect(auth).toMatch(/Device Messaging/);
    expect(auth).toMatch(/banners/i);
    // Each kind of key is refused where another is expected: the section says so for the new one.
    expect(auth).toMatch(/accept only a client-side key/i);
  });
  it('the Device Messaging operations use the client-side scheme the landing names', () => {
    const banners = operations.filter((op) => op.path.startsWith('/v1/device-messaging'));
    expect(banners.length).toBeGreaterThan(0);
    for (const op of banners) expect(op.operation.security, op.operationId).toEqual([{ BrazeClientKey: [] }]);
  });
});

describe('each Link header example points at its own operation', () => {
  const paged = operations.flatMap((op) =>
    Object.entries<any>(op.operation.responses ?? {}).flatMap(([status, response]) => {
      const link = resolve(resolve(response).headers?.Link);
      return link ? [[`${op.operationId} ${status}`, op.path, link] as const] : [];
    }),
  );
  it('the cursor-paged operations have a Link header', () => {
    const ids = paged.map(([name]) => name.split(' ')[0]);
    for (const id of ['events.export', 'customAttributes.export', 'catalogs.listItems', 'cdi.listIntegrations', 'cdi.listJobSyncStatus']) expect(ids).toContain(id);
    // Every operation paged by Link header (x-braze-pagination style `link`) documents the header.
    for (const op of operations.filter((o) => o.operation['x-braze-pagination']?.style === 'link')) expect(ids).toContain(op.operationId);
  });
  it.each(paged)('%s', (_name, path, link) => {
    const examples = [link.example, ...Object.values<any>(link.examples ?? {}).map((e) => e.value)].filter((v) => v !== undefined);
    expect(examples.length).toBeGreaterThan(0);
    // The path template with each {parameter} standing for one path segment.
    const own = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/?]+')}\\?(.*&)?cursor=`);
    for (const example of examples) {
      const targets = [...String(example).matchAll(/<([^>]+)>/g)].map((m) => m[1]);
      expect(targets.length, example).toBeGreaterThan(0);
      for (const target of targets) expect(new URL(target, 'https://rest.iad-01.braze.com').pathname + new URL(target, 'https://rest.iad-01.braze.com').search, `${target} is not ${path}`).toMatch(own);
    }
  });
});
