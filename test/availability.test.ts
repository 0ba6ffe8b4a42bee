// Availability is data: every operation whose Braze page is early access, beta or hidden carries
// `x-braze-availability` with exactly the page's statuses. The list of such pages
// (spectral/availability-pages.js) is regenerated here from the reference pages and must equal the
// committed one; the Spectral rule braze-operation-availability enforces it on the bundle at build
// time (its fixtures are in test/spectral/), and this file checks the bundle directly as well.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without declarations
import { OUTPUT, availabilityFromDocs, endpointOfPage, render, statusesOfPage } from '../scripts/gen-availability.mjs';
// @ts-expect-error plain ESM module without declarations
import pages from '../spectral/availability-pages.js';
// @ts-expect-error plain ESM module without declarations
import availabilityMatchesPage from '../spectral/functions/availabilityMatchesPage.js';
import { operations } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = process.env.BRAZE_DOCS ?? join(root, '../shared/reference/braze-docs');
const beyond = process.env.BRAZE_BEYOND ?? join(root, '../shared/beyond.tsv');
const entries = Object.entries(pages as Record<string, { availability: string[]; page: string; sources: Record<string, string[]> }>);
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/$/, '$1');
const byShape = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${shape(op.path)}`, op]));

describe('the list of pages with a status', () => {
  it('is what the reference pages say today (run `node scripts/gen-availability.mjs` when it is not)', () => {
    // Not skipped when the pages are missing (as own-words.test.ts): a skip would hide a stale list.
    expect(existsSync(docs), `Braze's reference pages are missing at ${docs} (BRAZE_DOCS)`).toBe(true);
    expect(render(availabilityFromDocs(docs, beyond))).toBe(readFileSync(OUTPUT, 'utf8'));
  });
  it('holds the statuses the issue lists: 20 Data Objects and 3 more early access, 2 beta and hidden Banner pages, 4 hidden, the beta /users/track/sync', () => {
    const count = (pred: (a: string[]) => boolean) => entries.filter(([, e]) => pred(e.availability)).length;
    expect(count((a) => a.join() === 'early-access')).toBe(23);
    expect(count((a) => a.join() === 'beta,hidden')).toBe(2);
    expect(count((a) => a.join() === 'hidden')).toBe(4);
    expect(pages['POST /users/track/sync'].availability).toEqual(['beta']);
  });
});

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((f) => f()));

describe('reading a page', () => {
  it('finds the endpoint of an api page', () => {
    expect(endpointOfPage('{% apimethod post core_endpoint|/docs/core_endpoints %}\n/campaigns/duplicate\n{% endapimethod %}')).toBe('POST /campaigns/duplicate');
    expect(endpointOfPage('# Rate limits\nno endpoint here')).toBeUndefined();
  });
  it.each([
    ['an early-access alert', '{% alert important %}\nData Objects is currently in early access.\n{% endalert %}', ['early-access']],
    ['a beta alert', '{% alert important %}\nThis endpoint is currently in beta.\n{% endalert %}', ['beta']],
    ['the shared include, early access by default', "{% include early_access_beta_alert.md feature='This endpoint' %}", ['early-access']],
    ['the shared include with type beta', "{% include early_access_beta_alert.md feature='This endpoint' type=\"beta\" %}", ['beta']],
    ['hidden front matter and a beta alert', '---\nnav_title: x\nhidden: true\n---\n{% alert important %}\nThis page is in beta.\n{% endalert %}', ['beta', 'hidden']],
    ['an alert about something else', '{% alert note %}\nTransactional Email is available as part of select packages.\n{% endalert %}', []],
    ['the word beta outside an alert', 'Braze runs betas for many features; see the beta program.', []],
    ['hidden: false', '---\nhidden: false\n---\n', []],
  ])('%s', (_name, text, statuses) => {
    expect(statusesOfPage(text)).toEqual(statuses);
  });
  it('merges the issue list with the pages and says where each status came from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'availability-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'docs', 'endpoints'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'endpoints', 'a.md'), '{% apimethod get %}\n/a\n{% endapimethod %}\n{% alert important %}\nIt is in beta.\n{% endalert %}');
    writeFileSync(join(dir, 'docs', 'endpoints', 'b.md'), '{% apimethod post %}\n/b\n{% endapimethod %}\nNo alert.');
    writeFileSync(join(dir, 'beyond.tsv'), 'method\tpath\ttag\treference\tavailability\nGET\t/a\tT\treference/braze-docs/endpoints/a.md\tbeta+hidden\nPOST\t/b\tT\treference/braze-docs/endpoints/b.md\tearly-access\nPOST\t/c\tT\treference/braze-docs/endpoints/c.md\tga\n');
    expect(availabilityFromDocs(join(dir, 'docs'), join(dir, 'beyond.tsv'))).toEqual({
      'GET /a': { availability: ['beta', 'hidden'], page: 'endpoints/a.md', sources: { beta: ['page', 'beyond.tsv'], hidden: ['beyond.tsv'] } },
      'POST /b': { availability: ['early-access'], page: 'endpoints/b.md', sources: { 'early-access': ['beyond.tsv'] } },
    });
  });
});

describe('the Spectral function', () => {
  const run = (path: string, method: string, operation: object) => availabilityMatchesPage(operation, {}, { path: ['paths', path, method] }).map((r: { message: string }) => r.message);
  it('accepts the page statuses, with path parameters spelt differently', () => {
    expect(run('/data_objects/objects/{TYPE}/{id}', 'get', { 'x-braze-availability': ['early-access'] })).toEqual([]);
  });
  it('wants every status of the page', () => {
    expect(run('/v1/device-messaging/banners/sync', 'post', { 'x-braze-availability': ['beta'] }).join()).toMatch(/hidden: add it/);
    expect(run('/users/track/sync', 'post', {}).join()).toMatch(/post_user_track_synchronous\.md\) marks this operation beta/);
  });
  it('refuses a status no page gives, a bare string, an unknown value and a repeat', () => {
    expect(run('/users/track', 'post', { 'x-braze-availability': ['beta'] }).join()).toMatch(/no page says so/);
    expect(run('/users/track/sync', 'post', { 'x-braze-availability': 'beta' }).join()).toMatch(/non-empty array/);
    expect(run('/users/track/sync', 'post', { 'x-braze-availability': ['preview'] }).join()).toMatch(/unknown value/);
    expect(run('/users/track/sync', 'post', { 'x-braze-availability': ['beta', 'beta'] }).join()).toMatch(/repeats/);
  });
  it('says nothing about an operation without a status and without the extension', () => {
    expect(run('/users/track', 'post', {})).toEqual([]);
  });
});

describe('the bundle', () => {
  for (const [key, entry] of entries) {
    const [method, path] = key.split(' ');
    it(`${key} carries [${entry.availability.join(', ')}]`, () => {
      // A page with a status whose operation is missing (renamed, dropped) is a failure, not a gap.
      const op = byShape.get(`${method} ${shape(path)}`);
      expect(op, `${key} has a status page but no operation in the description`).toBeDefined();
      expect(op!.operation['x-braze-availability']).toEqual(entry.availability);
    });
  }
  it('no other operation carries the extension', () => {
    const listed = new Set(entries.map(([key]) => `${key.split(' ')[0]} ${shape(key.split(' ')[1])}`));
    const stray = operations.filter((op) => op.operation['x-braze-availability'] && !listed.has(`${op.method.toUpperCase()} ${shape(op.path)}`));
    expect(stray.map((op) => op.operationId)).toEqual([]);
  });
});
