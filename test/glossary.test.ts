// Every operation Braze documents is an operation of the bundle, to the same bar: the 93 rows of
// the API glossary (test/fixtures/glossary.tsv, a copy of shared/glossary.tsv: the 92 glossary
// endpoints plus /users/track/sync) and the 64 beyond it (test/fixtures/beyond.tsv, a copy of
// shared/beyond.tsv: pages documented but left out of the glossary, early access, beta, hidden).
// One table over all 157 rows: the operation exists under its tag, and carries what a caller needs
// (operationId, summary, description, permission, idempotency, rate limit, 401 and 429, a request
// with a schema and an example when it takes a body, a success answer with a schema that says
// something and an example, and the availability its row gives).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations, resolve } from './helpers/spec.js';

function read(name: string) {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [method, path, tag, , availability] = line.split('\t');
      return { method, path, tag, availability: availability ?? 'ga', list: name };
    });
}
const glossary = read('glossary.tsv');
const beyond = read('beyond.tsv');
const rows = [...glossary, ...beyond];

// Braze writes path parameters in several spellings ({CAMPAIGN_ID}, {campaign_id}); compare shapes.
// A trailing slash is kept: Braze documents `/templates/email/translations/` with one.
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const byShape = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${shape(op.path)}`, op]));

/** A schema says something: properties, items, a composition, a type other than object, or a map. */
const says = (schema: any): boolean => {
  const s = resolve(schema);
  if (!s || typeof s !== 'object') return false;
  if (s.properties || s.items || s.prefixItems || s.oneOf || s.anyOf || s.allOf || s.enum || s.const !== undefined) return true;
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return true;
  return s.type !== undefined && s.type !== 'object';
};

describe('every documented operation', () => {
  it('the fixtures hold the 93 glossary rows and the 64 beyond it: 157', () => {
    expect(glossary).toHaveLength(93);
    expect(beyond).toHaveLength(64);
    expect(new Set(rows.map((r) => `${r.method} ${shape(r.path)}`)).size).toBe(157);
  });

  it.each(rows.map((r) => [`${r.method} ${r.path} (${r.tag}, ${r.list})`, r] as const))('%s', (name, row) => {
    const found = byShape.get(`${row.method} ${shape(row.path)}`);
    expect(found, `${name} is missing from generated/openapi.json`).toBeDefined();
    const op = found!.operation as any;
    expect(op.tags).toContain(row.tag);
    expect(op.operationId).toMatch(/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/);
    expect(op.summary?.length).toBeGreaterThan(5);
    expect(op.description?.length).toBeGreaterThan(40);
    expect(op['x-braze-permission'] ?? op.security?.some((s: any) => 'ScimToken' in s)).toBeTruthy();
    expect(typeof op['x-braze-idempotent']).toBe('boolean');
    expect(op['x-braze-rate-limit']).toBeTypeOf('object');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '429']));
    if (op.requestBody) {
      const media = resolve(op.requestBody).content['application/json'];
      expect(says(media.schema), `${name}: the request schema is empty`).toBe(true);
      expect(media.example ?? media.examples, `${name}: no request example`).toBeDefined();
    }
    const success = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
    expect(success.length).toBeGreaterThan(0);
    for (const [code, response] of success) {
      const media = resolve(response)?.content?.['application/json'];
      if (!media) continue; // 204, or a documented empty answer
      expect(says(media.schema), `${name}: the ${code} schema is empty`).toBe(true);
      expect(media.example ?? media.examples, `${name}: no ${code} example`).toBeDefined();
    }
    // Early access, beta and hidden pages say so (beyond.tsv's last column, e.g. beta+hidden).
    const expected = row.availability === 'ga' ? undefined : row.availability.split('+').sort();
    if (expected) expect([...(op['x-braze-availability'] ?? [])].sort()).toEqual(expected);
  });
});
