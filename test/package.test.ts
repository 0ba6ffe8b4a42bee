// The package a user installs: its exports resolve for both `import` and `require` with the right
// types (publint, arethetypeswrong), it needs nothing at run time but openapi-fetch, the core
// client stays within its size budget, the tarball within 3 MB, and the packed tarball works in an
// empty project: the client, the spec files, the validators and the tolerant view, declarations
// that compile with skipLibCheck off, and the methods' documentation in an editor.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { editorOn, editorOptions } from './helpers/hover.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const run = (file: string, args: string[], cwd = root) => execFileSync(file, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

/** Size budget of the core client, openapi-fetch included, minified and gzipped. */
const BUDGET_BYTES = 12 * 1024;
/**
 * Size budget of the whole package, unpacked (npm's `unpackedSize`). What ships, each file once:
 * the spec documents users import (`openapi.json`, which also serves `openapi.yaml`, and
 * `openapi-3.0.json`: 1.3 MB, minified, without the reference's code samples); the declarations
 * (`schema.d.ts` 0.53 MB and the methods' documentation 0.23 MB, kept for editors); Ajv with its
 * formats (0.15 MB, one file shared by the validators and the emulator); the tolerant view as a
 * 33 kB patch on `openapi.json` instead of a second document; the emulator, the CLI and the
 * client's bundles for ESM and CommonJS; README and CHANGELOG. The validators are compiled by Ajv
 * from the shipped spec on first use (one operation at a time) instead of shipping 1.25 MB of
 * code compiled ahead, and the endpoint table is declared with a row type rather than its literal
 * type.
 */
const PACKAGE_BYTES = 3_000_000;

type PackFile = { path: string; size: number };
const dryRun = () => JSON.parse(run('npm', ['pack', '--dry-run', '--json']))[0] as { unpackedSize: number; files: PackFile[] };

describe('package', () => {
  const work = mkdtempSync(join(tmpdir(), 'braze-openapi-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has no runtime dependency but openapi-fetch and undici (the Node transport), pinned', () => {
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': '0.17.0', undici: '7.30.2' });
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
      // The parts loaded on first use (bulk helpers, validators, undici transport, hooks, pagination,
      // the full endpoint table) are files of their own (scripts/build-dist.mjs), not part of the core.
      external: ['./bulk.js', './validators.js', './node-transport.js', './hooks.js', './shared-budget.js', './paginate.js', './endpoints.js'],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const gzipped = gzipSync(result.outputFiles[0].contents).length;
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    // README (Hooks and logs): the hooks code and the undici transport are parts of their own, loaded on the first call, not in the core.
    expect(result.outputFiles[0].text).not.toContain('hook threw');
    expect(result.outputFiles[0].text).toContain('hooks.js');
    expect(result.outputFiles[0].text).toContain('node-transport.js');
    expect(result.outputFiles[0].text).not.toMatch(/from ?["']undici["']/);
  });

  it(`stays within ${PACKAGE_BYTES} bytes unpacked, each file once`, () => {
    const pack = dryRun();
    const paths = pack.files.map((f) => f.path);
    const size = (path: string) => pack.files.find((f) => f.path === path)?.size ?? 0;
    expect(pack.unpackedSize).toBeLessThanOrEqual(PACKAGE_BYTES);
    // Nothing no import needs, nothing twice.
    expect(paths.filter((p) => /deref/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('generated/'))).toEqual([]);
    expect(pack.files.filter((f) => f.path.endsWith('schema.d.ts') && f.size > 10_000).map((f) => f.path)).toEqual(['dist/esm/generated/schema.d.ts']);
    // The tolerant view ships as a patch on openapi.json, not as a second document.
    expect(paths.filter((p) => p.startsWith('dist/spec/'))).toEqual(expect.arrayContaining(['dist/spec/openapi.json', 'dist/spec/openapi.tolerant.patch.json']));
    expect(paths.filter((p) => /tolerant\.json$/.test(p))).toEqual([]);
    expect(size('dist/spec/openapi.tolerant.patch.json')).toBeLessThan(size('dist/spec/openapi.json') / 10);
    // Ajv is in one file, which the validators and the emulator require; their ESM entries re-export
    // the CommonJS bundles.
    const code = paths.filter((p) => /\.c?js$/.test(p));
    expect(code.filter((p) => readFileSync(join(root, p), 'utf8').includes('json-schema.org/draft/2020-12/schema'))).toEqual(['dist/cjs/spec-runtime.cjs']);
    for (const name of ['validators', 'emulator']) {
      expect(readFileSync(join(root, `dist/cjs/${name}.cjs`), 'utf8')).toContain('require("./spec-runtime.cjs")');
      expect(readFileSync(join(root, `dist/esm/${name}.js`), 'utf8')).toContain(`from '../cjs/${name}.cjs'`);
    }
    expect(paths).toContain('CHANGELOG.md');
  }, 60_000);

  it('npm install leaves package-lock.json as committed', () => {
    // The lock's root entry repeats package.json's name, version, license, bin, dependencies...: a
    // field added to package.json and not to the lock made every `npm install` rewrite it.
    const copy = join(work, 'lock');
    run('mkdir', ['-p', copy]);
    for (const file of ['package.json', 'package-lock.json']) writeFileSync(join(copy, file), readFileSync(join(root, file)));
    run('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], copy);
    expect(readFileSync(join(copy, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  }, 60_000);

  it('names its repository, homepage, issue tracker and keywords', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/\S+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/\S+\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['braze', 'openapi']));
  });

  let project = '';
  beforeAll(() => {
    const tarball = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]))[0].filename;
    project = join(work, 'consumer');
    run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], project);
  }, 180_000);

  it('installs from the packed tarball into an empty project and works from import and require', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { createBrazeClient, BrazeConfigError } from 'braze-openapi';
       import { ENDPOINTS } from 'braze-openapi/endpoints';
       const braze = createBrazeClient({ apiKey: 'k', instance: 'EU-01' });
       let refused = false; try { createBrazeClient({ apiKey: '', instance: 'EU-01' }); } catch (e) { refused = e instanceof BrazeConfigError; }
       console.log(JSON.stringify({ base: braze.baseUrl, track: typeof braze.users.track, refused, ops: Object.keys(ENDPOINTS).length }));`,
    );
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { createBrazeClient } = require('braze-openapi');
       const spec = require('braze-openapi/openapi.json');
       const { ENDPOINTS } = require('braze-openapi/endpoints');
       const braze = createBrazeClient({ apiKey: 'k', instance: 'US-03' });
       console.log(JSON.stringify({ base: braze.baseUrl, track: typeof braze.users.track, openapi: spec.openapi, ops: Object.keys(ENDPOINTS).length }));`,
    );
    const esm = JSON.parse(run(process.execPath, ['esm.mjs'], project));
    const cjs = JSON.parse(run(process.execPath, ['cjs.cjs'], project));
    expect(esm).toMatchObject({ base: 'https://rest.fra-01.braze.eu', track: 'function', refused: true });
    expect(esm.ops).toBeGreaterThan(10);
    expect(cjs).toEqual({ base: 'https://rest.iad-03.braze.com', track: 'function', openapi: '3.1.0', ops: esm.ops });
  }, 120_000);

  it('serves the spec files users import: openapi.json, openapi.yaml (read as YAML), openapi-3.0.json', () => {
    writeFileSync(
      join(project, 'spec.cjs'),
      `const fs = require('node:fs');
       const json = require('braze-openapi/openapi.json');
       const v30 = require('braze-openapi/openapi-3.0.json');
       console.log(JSON.stringify({ json: json.openapi, ops: Object.keys(json.paths).length, v30: v30.openapi, yamlFile: require.resolve('braze-openapi/openapi.yaml') }));`,
    );
    const out = JSON.parse(run(process.execPath, ['spec.cjs'], project));
    expect(out).toMatchObject({ json: '3.1.0', v30: '3.0.3' });
    expect(out.ops).toBeGreaterThan(50);
    // A YAML reader gets the same document as the JSON one.
    const yaml = YAML.parse(readFileSync(out.yamlFile, 'utf8'));
    const repoSpec = JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8'));
    expect(yaml.openapi).toBe('3.1.0');
    expect(Object.keys(yaml.paths)).toEqual(Object.keys(repoSpec.paths));
    expect(yaml.paths['/users/track'].post.requestBody).toEqual(repoSpec.paths['/users/track'].post.requestBody);
  });

  it('checks bodies with validate: true from import and require (the validators ship once)', () => {
    const script = (load: string) => `${load}
       const braze = createBrazeClient({ apiKey: 'k', instance: 'EU-01', validate: true, fetch: async () => new Response('{}', { status: 201 }) });
       // An enum only the full schema knows: the always-on checks let it through, the validators do not.
       braze.users.identify({ aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a1', alias_label: 'crm' } }], merge_behavior: 'fusionner' }).then(
         () => console.log(JSON.stringify({ refused: false })),
         (e) => console.log(JSON.stringify({ refused: e instanceof BrazeValidationError, field: e.field })),
       );`;
    writeFileSync(join(project, 'validate.mjs'), script(`import { createBrazeClient, BrazeValidationError } from 'braze-openapi';`));
    writeFileSync(join(project, 'validate.cjs'), script(`const { createBrazeClient, BrazeValidationError } = require('braze-openapi');`));
    for (const file of ['validate.mjs', 'validate.cjs']) {
      const out = JSON.parse(run(process.execPath, [file], project));
      expect(out, file).toMatchObject({ refused: true });
      expect(out.field, file).toBe('body.merge_behavior');
    }
    writeFileSync(join(project, 'check.cjs'), `console.log(typeof require('braze-openapi/validators').check)`);
    expect(run(process.execPath, ['check.cjs'], project).trim()).toBe('function');
  });

  it('gives the tolerant view from import, require and the CLI: the repository\'s, without code samples', () => {
    const withoutSamples = (node: any): any =>
      Array.isArray(node) ? node.map(withoutSamples) : node && typeof node === 'object' ? Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'x-codeSamples').map(([k, v]) => [k, withoutSamples(v)])) : node;
    const expected = JSON.stringify(withoutSamples(JSON.parse(readFileSync(join(root, 'generated/openapi.tolerant.json'), 'utf8'))));
    writeFileSync(join(project, 'tolerant.cjs'), `process.stdout.write(JSON.stringify(require('braze-openapi/validators').tolerantSpec()))`);
    writeFileSync(join(project, 'tolerant.mjs'), `import { tolerantSpec } from 'braze-openapi/validators'; process.stdout.write(JSON.stringify(tolerantSpec()))`);
    const output = (file: string, args: string[]) => execFileSync(file, args, { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(output(process.execPath, ['tolerant.cjs'])).toBe(expected);
    expect(output(process.execPath, ['tolerant.mjs'])).toBe(expected);
    const cli = join(project, 'node_modules/.bin/braze-openapi');
    expect(JSON.stringify(JSON.parse(output(cli, ['spec', '--view', 'tolerant'])))).toBe(expected);
    const strict = JSON.parse(output(cli, ['spec']));
    expect(strict).toEqual(JSON.parse(readFileSync(join(project, 'node_modules/braze-openapi/dist/spec/openapi.json'), 'utf8')));
  }, 60_000);

  it('has declarations that compile with skipLibCheck false under strict, for import and require', () => {
    const use = `const braze = createBrazeClient({ apiKey: 'k', instance: 'US-01' });
      const body: UsersTrackBody = { attributes: [{ external_id: 'u1', custom: { model: 'Civic', options: { sunroof: true } } }] };
      export const done: Promise<UsersTrackResult> = braze.users.track(body);
      export const nested: components['schemas']['NestedAttributeValue'] = { a: [1, 'b', { c: true, at: { $time: '2026-11-22' } }] };
      // Braze drops every nested update of a request holding a null: the type refuses it.
      // @ts-expect-error null is not a nested value
      export const dropped: components['schemas']['NestedAttributeValue'] = { a: [null] };
      export const value: components['schemas']['DataObjectAttributeValue'] = ['x', 1, [true, null]];`;
    writeFileSync(join(project, 'esm.mts'), `import { createBrazeClient, type UsersTrackBody, type UsersTrackResult, type components } from 'braze-openapi';\n${use}\n`);
    writeFileSync(join(project, 'cjs.cts'), `import { createBrazeClient, type UsersTrackBody, type UsersTrackResult, type components } from 'braze-openapi';\n${use}\n`);
    writeFileSync(
      join(project, 'bulk.mts'),
      `import type { Bulk } from 'braze-openapi/bulk';\nimport { check, tolerantSpec, type OpenApiDocument } from 'braze-openapi/validators';\nexport type B = Bulk;\nexport const c: typeof check = check;\nexport const view: OpenApiDocument = tolerantSpec();\n`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] }, files: ['esm.mts', 'cjs.cts', 'bulk.mts'] }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    } catch (error: any) {
      output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 120_000);

  it("shows each method's documentation in an editor, @deprecated included", () => {
    const source = `import { createBrazeClient } from 'braze-openapi';
const braze = createBrazeClient({ apiKey: 'k', instance: 'US-01' });
void braze.users.track;
void braze.email.blacklist;
`;
    const editor = editorOn(join(project, 'hover.mts'), source, editorOptions);
    const track = editor.hover('braze.users.track');
    expect(track).toContain('Track user attributes, events and purchases');
    expect(track).toMatch(/Rate limit: 3,000 requests per 3 seconds/);
    expect(track).not.toContain('@deprecated');
    expect(editor.hover('braze.email.blacklist')).toMatch(/@deprecated Use `braze\.email\.blocklist\(\)` instead/);
    expect(editor.errors()).toEqual([]);
  }, 60_000);
});
