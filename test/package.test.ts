// The package a user installs: its exports resolve for both `import` and `require` with the right
// types (publint, arethetypeswrong), it needs nothing at run time but openapi-fetch, the core
// client stays within its size budget, and the packed tarball works in an empty project.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (file: string, args: string[], cwd = root) => execFileSync(file, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

/**
 * Size budget of the core client, openapi-fetch included, minified and gzipped. The endpoint table
 * inside it grows by about 27 bytes per operation: 12 kB held the 94 glossary operations, 13 kB
 * holds the 116 with Data Objects and Banners.
 */
const BUDGET_BYTES = 13 * 1024;

describe('package', () => {
  const work = mkdtempSync(join(tmpdir(), 'braze-openapi-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has no runtime dependency but openapi-fetch, pinned', () => {
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': '0.17.0' });
  });

  it('passes publint (strict)', () => {
    expect(run(bin('publint'), ['run', '--strict'])).toMatch(/All good/);
  });

  it('passes arethetypeswrong for import and require', () => {
    const out = run(bin('attw'), ['--pack', '.', '--profile', 'node16', '--exclude-entrypoints', './openapi.yaml', '--format', 'json']);
    const report = JSON.parse(out);
    // The node16 profile ignores node10 resolution (no `exports` support), as its summary says.
    const problems = (report.analysis.problems ?? []).filter((p: { resolutionKind?: string }) => p.resolutionKind !== 'node10');
    expect(problems).toEqual([]);
  }, 60_000);

  it(`keeps the core client within ${BUDGET_BYTES} bytes minified and gzipped, openapi-fetch included`, async () => {
    const result = await build({
      entryPoints: [join(root, 'dist/esm/index.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const gzipped = gzipSync(result.outputFiles[0].contents).length;
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('installs from the packed tarball into an empty project and works from import and require', () => {
    const tarball = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]))[0].filename;
    const project = join(work, 'consumer');
    run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], project);
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { createBrazeClient, BrazeConfigError, ENDPOINTS } from 'braze-openapi';
       const braze = createBrazeClient({ apiKey: 'k', instance: 'EU-01' });
       let refused = false; try { createBrazeClient({ apiKey: '', instance: 'EU-01' }); } catch (e) { refused = e instanceof BrazeConfigError; }
       console.log(JSON.stringify({ base: braze.baseUrl, track: typeof braze.users.track, refused, ops: Object.keys(ENDPOINTS).length }));`,
    );
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { createBrazeClient } = require('braze-openapi');
       const spec = require('braze-openapi/openapi.json');
       const braze = createBrazeClient({ apiKey: 'k', instance: 'US-03' });
       console.log(JSON.stringify({ base: braze.baseUrl, track: typeof braze.users.track, openapi: spec.openapi }));`,
    );
    const esm = JSON.parse(run(process.execPath, ['esm.mjs'], project));
    const cjs = JSON.parse(run(process.execPath, ['cjs.cjs'], project));
    expect(esm).toMatchObject({ base: 'https://rest.fra-01.braze.eu', track: 'function', refused: true });
    expect(esm.ops).toBeGreaterThan(10);
    expect(cjs).toEqual({ base: 'https://rest.iad-03.braze.com', track: 'function', openapi: '3.1.0' });
  }, 120_000);
});
