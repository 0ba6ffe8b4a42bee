// The rendered reference (generated/docs/index.html) in a real browser: Debian's Chromium, driven by
// playwright-core, opens the file from disk with every request that is not local refused and
// counted. Every operation must be in the navigation, the search must find /users/track, and its
// page must show the request schema, the example and the generated code samples. Screenshots of
// the overview and of /users/track go to test-results/screenshots/ for a person to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, spec } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const page_url = pathToFileURL(join(root, 'generated/docs/index.html')).href;
const screenshots = join(root, 'test-results', 'screenshots');

const slug = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

describe('the reference in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const external: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-test-deps.sh (npm test does)`);
    profile = mkdtempSync(join(tmpdir(), 'braze-openapi-chromium-'));
    // A fresh profile (--user-data-dir) per run, which playwright passes for a persistent context.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
      viewport: { width: 1440, height: 900 },
    });
    // Anything but the file itself (and data:/blob: URLs it makes) is refused and counted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      external.push(url);
      return route.abort('blockedbyclient');
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(page_url);
    await page.locator('a[href="/user-data"]').waitFor({ timeout: 30_000 });
    mkdirSync(screenshots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the overview (screenshot: test-results/screenshots/overview.png)', async () => {
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor();
    await page.screenshot({ path: join(screenshots, 'overview.png') });
  });

  it('lists every operation of the spec in the navigation', async () => {
    const tags: string[] = [...new Set(operations.map((op) => op.operation.tags[0] as string))];
    const found = new Set<string>();
    for (const tag of tags) {
      // A tag's operations appear when its entry is opened; the menu renders them a moment later,
      // so wait for as many as the spec has under the tag (a slow machine must not lose any).
      const expected = operations.filter((op) => op.operation.tags[0] === tag).length;
      await page.locator(`a[href="/${slug(tag)}"]`).click();
      const links = page.locator(`[data-component-name="Menu/Menu"] a[href^="#/${slug(tag)}/"]`);
      await expect.poll(() => links.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(expected);
      const hrefs = await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')!));
      for (const href of hrefs) found.add(href.split('/').pop()!);
    }
    expect([...found].sort()).toEqual(operations.map((op) => op.operationId.toLowerCase()).sort());
  }, 60_000);

  it('finds /users/track with the search, and opens it', async () => {
    await page.locator('[data-testid="search-trigger"]').click();
    await page.locator('input[placeholder^="Search"]').last().fill('users/track');
    const hit = page.locator('[data-component-name="Search/SearchItem"]').filter({ hasText: 'Track user attributes, events and purchases' });
    await hit.first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'search-users-track.png') });
    await hit.first().click();
    await expect.poll(() => page.url()).toMatch(/#\/user-data\/users\.track$/);
  });

  it('shows the request schema, example and code samples of /users/track (screenshot: users-track.png)', async () => {
    // A fresh tab on the operation's own address, as a shared link would open it.
    page = await context.newPage();
    await page.goto(`${page_url}#/user-data/users.track`);
    const body = page.locator('body');
    await page.getByText('Creates or updates user profiles').first().waitFor({ state: 'visible', timeout: 15_000 });
    // The operation's own text (the sidebar names it from the start), once it is rendered.
    await expect.poll(() => body.innerText(), { timeout: 15_000 }).toMatch(/Creates or updates user profiles/);
    await expect.poll(() => body.innerText(), { timeout: 15_000 }).toMatch(/attributes\s+Array of objects/);
    const text = await body.innerText();
    // Request schema: the three arrays of UsersTrackRequest, the example, the curl sample.
    expect(text).toMatch(/Body\s+application\/json/);
    for (const field of ['attributes', 'events', 'purchases']) expect(text).toMatch(new RegExp(`${field}\\s+Array of objects, \\[ 1 \\.\\. 75 \\] items`));
    expect(text).toContain('"external_id": "user-1842"');
    expect(text).toContain("curl -X POST 'https://rest.iad-01.braze.com/users/track'");
    await page.screenshot({ path: join(screenshots, 'users-track.png') });
    // The TypeScript sample is the other choice of the samples' menu (one choice for the whole page).
    await page.getByRole('button', { name: 'curl', exact: true }).first().click();
    await page.getByRole('menuitem', { name: 'braze-openapi' }).first().click();
    await expect.poll(() => body.innerText()).toMatch(/const result = await braze\.users\.track\(\{/);
    await page.getByRole('heading', { name: 'Track user attributes, events and purchases' }).first().evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(screenshots, 'users-track-typescript.png') });
  }, 30_000);

  it('sent no request off the machine', () => {
    expect(external).toEqual([]);
  });
});
