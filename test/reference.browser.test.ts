// The rendered reference (generated/docs/index.html) in a real browser: Debian's Chromium, driven by
// playwright-core at 1440x900, opens the page as `npm start` serves it (scripts/docs-server.mjs on
// 127.0.0.1). Any request that leaves that server is refused and counted, and any console error is
// collected: both must stay empty. Checked: the landing section, every operation in the navigation,
// the search, the facts box (availability, the key and its permission) and named variants on a
// sample of operations, the samples of three languages, and that switching the samples' language
// keeps the operation where it was on screen.
// Screenshots go to test-results/screenshots/ for a person to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { createDocsServer } from '../scripts/docs-server.mjs';
import { operations, spec } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const screenshots = join(root, 'test-results', 'screenshots');

const slug = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const sectionId = (operationId: string) => {
  const op = operations.find((o) => o.operationId === operationId)!;
  return `/${slug(op.operation.tags[0])}/${operationId.toLowerCase()}`;
};

/** The variant pickers ("One of:" / "Any of:") whose first choice is named after a bare type. */
function unnamedVariants(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  return lines.flatMap((line, i) =>
    /^(One|Any) of:$/.test(line) && /^(object|string|array|integer|number|boolean|null)( \(\d+\))?$/.test(lines[i + 1] ?? '') ? [`${line} ${lines[i + 1]}`] : [],
  );
}

describe('the reference in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let server: any;
  let origin: string;
  const external: string[] = [];
  const consoleErrors: string[] = [];

  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${p.url()}: ${message.text()}`);
    });
    p.on('pageerror', (error) => consoleErrors.push(`${p.url()}: ${error.message}`));
    return p;
  };

  /** Opens an operation by its address, as a shared link would, and waits for its facts box. */
  async function openOperation(operationId: string): Promise<Locator> {
    // One tab at a time: tabs left open behind compete for the two cores, and a screenshot of the
    // new one came out white while its text was already there.
    const previous = page;
    page = watch(await context.newPage());
    if (previous && !previous.isClosed()) await previous.close();
    await page.goto(`${origin}/#${sectionId(operationId)}`);
    const section = page.locator(`[data-section-id="${sectionId(operationId)}"]`);
    await expect.poll(() => section.innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/At a glance/);
    return section;
  }

  /**
   * A screenshot for a person to look at: taken after two painted frames, and checked not to be a
   * blank page (a white 1440x900 PNG is under 10 kB; a rendered operation is over 100 kB).
   */
  async function screenshot(name: string) {
    let png: Buffer = Buffer.alloc(0);
    for (let attempt = 0; attempt < 5 && png.length < 50_000; attempt++) {
      if (attempt) await page.waitForTimeout(500);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      png = await page.screenshot({ path: join(screenshots, name) });
    }
    expect(png.length, `${name} is not a blank page`).toBeGreaterThan(50_000);
  }

  /** Clicks a control where a person would: it must be on screen, and nothing scrolls first. */
  async function clickOnScreen(locator: Locator) {
    const box = await locator.boundingBox();
    expect(box, 'the control is rendered').not.toBeNull();
    expect(box!.y, 'the control is on screen').toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, 'the control is on screen').toBeLessThanOrEqual(900);
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  }

  /** The first of the locator's matches that is on screen. */
  async function onScreen(locator: Locator): Promise<Locator> {
    await expect.poll(() => locator.count()).toBeGreaterThan(0);
    const index = await locator.evaluateAll((all) =>
      all.findIndex((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    );
    expect(index, 'one of them is on screen').toBeGreaterThanOrEqual(0);
    return locator.nth(index);
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-test-deps.sh (npm test does)`);
    server = createDocsServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    // Anything but our server (and the data:/blob: URLs the page makes) is refused and counted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      external.push(url);
      return route.abort('blockedbyclient');
    });
    page = watch(context.pages()[0] ?? (await context.newPage()));
    await page.goto(`${origin}/`);
    await page.locator('a[href="/user-data"]').waitFor({ timeout: 30_000 });
    mkdirSync(screenshots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await new Promise((resolve) => server?.close(resolve));
  });

  it('opens on a landing section: first steps, the instances, authentication with SCIM, rate limits, errors (overview.png)', async () => {
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor();
    const body = page.locator('body');
    await expect.poll(() => body.innerText(), { timeout: 15_000 }).toMatch(/Getting started/);
    const text = await body.innerText();
    expect(text).toContain('npm install braze-openapi');
    expect(text).toContain('import requests');
    for (const heading of ['Getting started', 'Authentication', 'Instances', 'Rate limits', 'Errors']) {
      expect(await page.locator('h1, h2').filter({ hasText: new RegExp(`^\\s*${heading}\\s*$`) }).count(), heading).toBeGreaterThan(0);
    }
    // The instances table, one row per server of the spec.
    for (const s of spec.servers) expect(text).toMatch(new RegExp(`${s.description}\\s+${s.url.replace(/[.]/g, '\\.')}`));
    expect(text).toMatch(/SCIM token/);
    expect(text).not.toMatch(/x-braze/);
    await screenshot('overview.png');
  });

  it('has a favicon, in the page and at /favicon.ico', async () => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toMatch(/^data:image\/svg\+xml,/);
    const answer = await fetch(`${origin}/favicon.ico`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/svg+xml');
    expect(await answer.text()).toMatch(/^<svg /);
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
    // The search index is built in the page after it loads: slower on a busy machine.
    await hit.first().waitFor({ timeout: 45_000 });
    await screenshot('search-users-track.png');
    await hit.first().click();
    await expect.poll(() => page.url()).toMatch(/#\/user-data\/users\.track$/);
  }, 60_000);

  // A sample of operations: a shared budget, a cursor, a send, SCIM, a deprecated one, page numbers,
  // an early-access Data Objects one, a beta and hidden Banner one (client-side key), a hidden one.
  const sample = [
    'users.track', 'users.delete', 'catalogs.listItems', 'messages.send', 'scim.createUser', 'email.blacklist', 'campaigns.list',
    'dataObjects.create', 'deviceMessaging.syncBanners', 'users.getSubscriptionStates',
  ];
  const AVAILABILITY: Record<string, string> = { 'early-access': 'Early access:', beta: 'Beta:', hidden: 'Hidden:' };
  it.each(sample)('%s shows its facts (rate limit, permission, retry) near the top, and named variants', async (operationId) => {
    const op = operations.find((o) => o.operationId === operationId)!.operation;
    const section = await openOperation(operationId);
    const text = await section.innerText();
    const limit = op['x-braze-rate-limit'];
    expect(text).toMatch(/Rate limit/);
    if (limit.unlimited) expect(text).toMatch(/Rate limit\s+No published limit/);
    else expect(text).toContain(`${limit.requests.toLocaleString('en-US')} requests per`);
    const schemes = (op.security ?? spec.security).flatMap((r: any) => Object.keys(r));
    if (schemes.includes('ScimToken')) expect(text).toContain('SCIM token');
    else if (schemes.includes('BrazeClientKey')) expect(text).toMatch(new RegExp(`Permission\\s+A client-side API key .*with the ${op['x-braze-permission']} permission, not a private REST API key`));
    else expect(text).toContain(`The REST API key needs the ${op['x-braze-permission']} permission`);
    // Availability, first in the box, one sentence per status the spec gives; none on the others.
    const states: string[] = op['x-braze-availability'] ?? [];
    if (states.length) expect(text).toMatch(new RegExp(`At a glance\\s+Availability\\s+${states.map((st) => AVAILABILITY[st]).join('.*')}`));
    else expect(text).not.toMatch(/Availability/);
    expect(text).toMatch(/Safe to repeat\s+(Yes|No):/);
    if (op['x-braze-pagination']) expect(text).toMatch(/Pagination\s+By /);
    if (op.deprecated) expect(text).toMatch(/Deprecated\s+Use /);
    // Near the top: the box is on screen when the operation opens.
    const box = await section.locator('table').first().boundingBox();
    expect(box!.y).toBeLessThan(900);
    // No unnamed variants anywhere in the operation.
    expect(text).not.toMatch(/\bobject \(\d+\)/);
    expect(unnamedVariants(text)).toEqual([]);
    await screenshot(`${operationId}.png`);
  }, 40_000);

  it('names the variants of /users/track and /messages/send', async () => {
    const track = await openOperation('users.track');
    await expect.poll(() => track.innerText()).toMatch(/with attributes\s+with events\s+with purchases/);
    const send = await openOperation('messages.send');
    await expect.poll(() => send.innerText()).toMatch(/Any of:\s+by external_user_ids/);
    expect(unnamedVariants(await send.innerText())).toEqual([]);
  }, 40_000);

  it('switching the samples language keeps /users/track in place (users-track-python.png, users-track-typescript.png)', async () => {
    const section = await openOperation('users.track');
    const heading = page.getByRole('heading', { name: 'Track user attributes, events and purchases' }).first();
    await heading.evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await screenshot('users-track.png');
    // Read halfway down the operation, then change language twice.
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(500);
    const top = () => section.evaluate((e) => e.getBoundingClientRect().top);
    for (const [from, to, shows] of [
      ['curl', 'Python', /response = requests\.post\(/],
      ['Python', 'TypeScript', /const result = await braze\.users\.track\(\{/],
    ] as const) {
      const before = await top();
      await clickOnScreen(await onScreen(section.getByRole('button', { name: from, exact: true })));
      await clickOnScreen(await onScreen(page.getByRole('menuitem', { name: to, exact: true })));
      await expect.poll(() => section.innerText()).toMatch(shows);
      await page.waitForTimeout(500); // let any re-render settle before measuring
      expect(Math.abs((await top()) - before), `switching ${from} -> ${to} moved the operation`).toBeLessThanOrEqual(2);
      await expect.poll(() => page.url()).toMatch(/#\/user-data\/users\.track$/);
      await screenshot(`users-track-${to.toLowerCase()}.png`);
    }
  }, 60_000);

  it('sent no request off 127.0.0.1, and the console shows no error', async () => {
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // The watch itself works: a page asking another origin for an image is caught.
    const canary = await context.newPage();
    await canary.setContent('<img src="https://cdn.example.invalid/logo.svg">');
    await expect.poll(() => external).toEqual(['https://cdn.example.invalid/logo.svg']);
    await canary.close();
  });
});
