// What the rendered reference adds to the spec (scripts/gen-docs-input.mjs): a facts box ("At a
// glance") on every operation, computed from its extensions, and a landing section with the
// instances made from `servers`. Checked here against the extensions of every operation, and on
// altered copies of the spec for what it does not hold yet (early access, a new instance), so that
// the box cannot drift from the data. The page itself is checked in reference.browser.test.ts.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { docsInput, factsOf, factsTable, landing } from '../scripts/gen-docs-input.mjs';
import { operations, resolve, spec } from './helpers/spec.js';

const facts = (s: any, path: string, method: string): Record<string, string> => Object.fromEntries(factsOf(s, path, method));
const clone = () => structuredClone(spec);

describe('the facts box of every operation', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s: rate limit, permission, retry, pagination, size, deprecation', (_, op) => {
    const box = facts(spec, op.path, op.method);
    const o = op.operation;
    const limit = o['x-braze-rate-limit'];
    // Rate limit: the numbers, and the budget's name when it is not the shared default one.
    if (limit.unlimited) {
      // Braze publishes no number: the box must not claim that there is no limit at all.
      expect(box['Rate limit']).toMatch(/^No published limit/);
      if (limit.note) expect(box['Rate limit']).toContain(limit.note);
    }
    else {
      expect(box['Rate limit']).toContain(`${limit.requests.toLocaleString('en-US')} requests per`);
      if (limit.group !== 'default') expect(box['Rate limit']).toContain(`\`${limit.group}\``);
      for (const alt of limit.alternatives ?? []) expect(box['Rate limit']).toContain(`When ${alt.when}: ${alt.requests.toLocaleString('en-US')} requests`);
    }
    // Permission, in words: the permission's name on the key the operation's security names, or the SCIM token.
    const schemes = (o.security ?? spec.security).flatMap((r: any) => Object.keys(r));
    if (schemes.includes('ScimToken')) expect(box.Permission).toMatch(/SCIM token/);
    else if (schemes.includes('BrazeClientKey')) {
      expect(box.Permission).toMatch(/^A client-side API key .* not a private REST API key/);
      expect(box.Permission).toContain(`\`${o['x-braze-permission']}\``);
    } else expect(box.Permission).toBe(`The REST API key needs the \`${o['x-braze-permission']}\` permission.`);
    expect(box['Safe to repeat']).toMatch(o['x-braze-idempotent'] ? /^Yes:/ : /^No:/);
    // Pagination only where the spec says it pages, with its size and items field.
    const pagination = o['x-braze-pagination'];
    if (pagination) {
      expect(box.Pagination).toContain(`\`${pagination.itemsField}\``);
      if (pagination.pageSize) expect(box.Pagination).toContain(`up to ${pagination.pageSize} items per page`);
    } else expect(box.Pagination).toBeUndefined();
    // Request size: every maxItems of the body's top-level arrays, and the 4 MB limit.
    if (o.requestBody) {
      expect(box['Request size']).toContain('4 MB');
      const schema = resolve(resolve(o.requestBody).content['application/json'].schema);
      for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
        const p = resolve(prop);
        const max = [p, ...(p.oneOf ?? []), ...(p.anyOf ?? [])].map(resolve).find((s: any) => s.maxItems !== undefined)?.maxItems;
        if (max !== undefined) expect(box['Request size']).toContain(`${max.toLocaleString('en-US')} \`${name}\``);
      }
    }
    if (o.deprecated) expect(box.Deprecated).toBe(o['x-braze-replaced-by'] ? `Use ${o['x-braze-replaced-by']}` : 'Braze names no replacement.');
    else expect(box.Deprecated).toBeUndefined();
    // Availability: one sentence per status the spec gives, in its order; no row for a generally available operation.
    const states: string[] | undefined = o['x-braze-availability'];
    if (states?.length) {
      const starts = { 'early-access': 'Early access:', beta: 'Beta:', hidden: 'Hidden:' } as Record<string, string>;
      const at = states.map((s) => box.Availability.indexOf(starts[s]));
      expect(at[0]).toBe(0);
      expect(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]))).toBe(true);
      expect(Object.keys(box)[0]).toBe('Availability');
    } else expect(box.Availability).toBeUndefined();
    // One Markdown table, every fact on one row.
    const table = factsTable(spec, op.path, op.method).split('\n');
    expect(table.slice(0, 2)).toEqual(['| At a glance | |', '| --- | --- |']);
    expect(table).toHaveLength(2 + Object.keys(box).length);
  });

  it('names the operations that share a budget, from the spec', () => {
    const box = facts(spec, '/users/delete', 'post');
    expect(box['Rate limit']).toBe(
      '20,000 requests per minute, in a budget (`users-identity`) shared with POST `/users/alias/new`, POST `/users/alias/update`, POST `/users/identify` and POST `/users/merge`.',
    );
    // Another operation joins the budget: the box says so at the next build.
    const changed = clone();
    changed.paths['/users/track'].post['x-braze-rate-limit'] = { ...changed.paths['/users/delete'].post['x-braze-rate-limit'] };
    expect(facts(changed, '/users/delete', 'post')['Rate limit']).toContain('POST `/users/track`');
  });

  it('shows early access, beta and hidden status from x-braze-availability, and drops it when the spec does', () => {
    // The spec holds each status on some operation (issue 14); the box follows the data, not a list.
    const all = operations.flatMap((op) => op.operation['x-braze-availability'] ?? []);
    expect(new Set(all)).toEqual(new Set(['early-access', 'beta', 'hidden']));
    const changed = clone();
    changed.paths['/users/track'].post['x-braze-availability'] = ['early-access'];
    changed.paths['/users/delete'].post['x-braze-availability'] = ['beta', 'hidden'];
    delete changed.paths['/users/track/sync'].post['x-braze-availability'];
    expect(facts(changed, '/users/track', 'post').Availability).toMatch(/^Early access:/);
    expect(facts(changed, '/users/delete', 'post').Availability).toMatch(/^Beta: .*Hidden:/);
    expect(facts(changed, '/users/track/sync', 'post').Availability).toBeUndefined();
    expect(factsTable(changed, '/users/track', 'post').split('\n')[2]).toMatch(/^\| \*\*Availability\*\* \| Early access/);
  });

  it('names the client-side key on the Banner operations, and the REST key where the spec says so', () => {
    const box = facts(spec, '/v1/device-messaging/banners/sync', 'post');
    expect(box.Permission).toContain('client-side API key');
    expect(box.Permission).toContain('`banners.sync`');
    expect(box.Availability).toMatch(/^Beta: .*Hidden:/);
    const changed = clone();
    changed.paths['/v1/device-messaging/banners/sync'].post.security = [{ BrazeApiKey: [] }];
    expect(facts(changed, '/v1/device-messaging/banners/sync', 'post').Permission).toBe('The REST API key needs the `banners.sync` permission.');
  });

  it('puts the box first in each description of the copy, and leaves the spec itself alone', () => {
    const before = JSON.stringify(spec);
    const docs = docsInput(spec);
    expect(JSON.stringify(spec)).toBe(before);
    for (const op of operations) {
      const described = docs.paths[op.path][op.method].description;
      expect(described.startsWith(factsTable(spec, op.path, op.method))).toBe(true);
      expect(described).toContain((op.operation.description ?? '').trim());
      expect(op.operation.description ?? '').not.toContain('At a glance');
    }
  });
});

describe('the landing section', () => {
  it('has getting started, the instances from servers, authentication with SCIM, rate limits and errors', () => {
    const text = landing(spec);
    for (const heading of ['Getting started', 'Authentication', 'Instances', 'Rate limits', 'Errors']) expect(text).toMatch(new RegExp(`^## ${heading}$`, 'm'));
    expect(text).toContain('npm install braze-openapi');
    expect(text).toContain('import requests');
    expect(text).toMatch(/SCIM token/);
    expect(text).toMatch(/X-Request-Origin/);
    for (const server of spec.servers) expect(text).toContain(`| ${server.description} | \`${server.url}\` |`);
    // The table sits in the Instances section, before the next heading.
    const instances = text.slice(text.indexOf('## Instances'));
    expect(instances.slice(0, instances.indexOf('\n## ', 1))).toContain('| Instance | REST endpoint |');
  });

  it('lists an instance added to servers', () => {
    const changed = clone();
    changed.servers.push({ url: 'https://rest.jp-01.braze.example', description: 'JP-01' });
    expect(landing(changed)).toContain('| JP-01 | `https://rest.jp-01.braze.example` |');
  });

  it('speaks to a reader: no extension names in the page text', () => {
    const docs = docsInput(spec);
    expect(docs.info.description).not.toMatch(/x-braze|x-codeSamples/);
    for (const op of operations) expect(docs.paths[op.path][op.method].description).not.toMatch(/x-braze/);
  });
});
