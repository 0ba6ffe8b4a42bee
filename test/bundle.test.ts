// The package bundled into an application, as an AWS Lambda is usually deployed: esbuild bundles a
// script that tracks, bulk-tracks, validates and walks pages (the parts the client loads on first
// use), as ESM and as CommonJS; the bundle is copied alone into an empty folder (no node_modules)
// and run there against a local server. Everything must work, and the process must exit.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers/loopback.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'braze-bundle-'));
const received: { url: string; body: any; fetch: boolean }[] = [];
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (d) => (text += d));
  req.on('end', () => {
    // Node's fetch sends `sec-fetch-mode`; the undici transport does not.
    received.push({ url: req.url!, body: text ? JSON.parse(text) : undefined, fetch: req.headers['sec-fetch-mode'] !== undefined });
    res.writeHead(req.url!.startsWith('/campaigns/list') ? 200 : 201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url!.startsWith('/campaigns/list') ? { message: 'success', campaigns: [{ id: 'c1' }, { id: 'c2' }] } : { message: 'success' }));
  });
});
const served = useServer(server);
beforeAll(() => {
  // An application folder that depends on the package (a link to this repository's build).
  mkdirSync(join(work, 'app/node_modules'), { recursive: true });
  symlinkSync(root, join(work, 'app/node_modules/braze-openapi'), 'dir');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BODY = `
  const out = { warnings: [] };
  const log = { warn: (line) => out.warnings.push(line) };
  const braze = createBrazeClient({ apiKey: 'bundle-key', baseUrl: process.argv[2], log });
  const checked = createBrazeClient({ apiKey: 'bundle-key', baseUrl: process.argv[2], validate: true, log });
  out.track = (await braze.users.track({ attributes: [{ external_id: 'u1', first_name: 'Ada' }] })).message;
  const bulk = await braze.bulk.track([{ attributes: { external_id: 'u2', plan: 'gold' } }, { events: [{ external_id: 'u3', name: 'e', time: '2026-11-22T10:00:00Z' }] }]);
  out.bulk = { accepted: bulk.accepted, failed: bulk.failed.length, requests: bulk.requests };
  out.valid = (await checked.users.track({ attributes: [{ external_id: 'u4', first_name: 'Bo' }] })).message;
  out.invalid = await checked.users.track({ attributes: [{ external_id: 'u5', email_subscribe: 'maybe' }] }).then(() => 'sent', (e) => [e.name, e instanceof BrazeValidationError, e.field]);
  out.collect = (await braze.collect('campaigns.list', {})).map((c) => c.id);
  console.log(JSON.stringify(out));
`;

describe('bundled with esbuild and run from an empty folder', () => {
  // README (Proxies, compression and huge answers): an ESM bundle without a `require` cannot load
  // undici and sends with fetch, saying so once per client on log.warn; with the banner it keeps undici.
  const ESM = `import { createBrazeClient, BrazeValidationError } from 'braze-openapi';\n${BODY}`;
  const REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
  it.each([
    ['ESM', 'esm', 'app.mjs', ESM, undefined, true],
    ['ESM with a require banner', 'esm', 'app-banner.mjs', ESM, REQUIRE_BANNER, false],
    ['CommonJS', 'cjs', 'app.cjs', `const { createBrazeClient, BrazeValidationError } = require('braze-openapi');\n(async () => {${BODY}})().catch((e) => { console.error(e); process.exit(1); });`, undefined, false],
  ] as const)('%s', async (name, format, file, source, banner, viaFetch) => {
    writeFileSync(join(work, 'app', file), source);
    const dir = name.replace(/\W+/g, '-');
    const outfile = join(work, `out-${dir}`, format === 'esm' ? 'index.mjs' : 'index.cjs');
    await build({ entryPoints: [join(work, 'app', file)], bundle: true, platform: 'node', target: 'node20', format, outfile, logLevel: 'silent', ...(banner ? { banner: { js: banner } } : {}) });
    // Deployed alone: an empty folder with nothing but the bundle.
    const deployed = join(work, `lambda-${dir}`);
    mkdirSync(deployed);
    const target = join(deployed, format === 'esm' ? 'index.mjs' : 'index.cjs');
    copyFileSync(outfile, target);
    received.length = 0;
    // Asynchronously: a synchronous spawn would block this process's server.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [target, served.url], { cwd: deployed });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (status) => (clearTimeout(killer), resolve({ status, stdout, stderr })));
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.warnings).toEqual(viaFetch ? [expect.stringMatching(/^undici did not load \(.*\): using fetch$/), expect.stringMatching(/^undici did not load/)] : []);
    expect(received.every((r) => r.fetch === viaFetch)).toBe(true);
    delete out.warnings;
    expect(out).toEqual({
      track: 'success',
      bulk: { accepted: 2, failed: 0, requests: 1 },
      valid: 'success',
      invalid: ['BrazeValidationError', true, 'body.attributes[0].email_subscribe'],
      collect: ['c1', 'c2'],
    });
    expect(received.map((r) => r.url)).toEqual(['/users/track', '/users/track', '/users/track', '/campaigns/list?page=0']);
  }, 60_000);
});
