// One command for everything generated: `npm run build`.
//   lint     Redocly on the source, then (after bundling) Spectral with our rules on the bundle
//   bundle   generated/openapi.{yaml,json} and the fully dereferenced generated/openapi.deref.json,
//            with the code samples (x-codeSamples, scripts/gen-samples.mjs) in every operation; then
//            the tolerant view generated/openapi.tolerant.json (openapi/tolerant.overlay.yaml
//            applied by scripts/tolerant.mjs) and its patch on openapi.json, openapi.tolerant.patch.json
//   convert  generated/openapi-3.0.json (scripts/down-convert.mjs), linted by Redocly: zero problems
//   types    generated/schema.d.ts (openapi-typescript)
//   table    generated/endpoints.ts, the client's endpoint table, and generated/operations.ts, its core part
//   docs     generated/docs/index.html, the offline reference, from the copy of the spec made by
//            scripts/gen-docs-input.mjs (facts box per operation, landing section)
//   dist     dist/ (ESM + CommonJS + .d.ts)
// `--only a,b` runs some steps; `--skip a,b` leaves some out. Steps run in the order above.
// `--if-changed` (what `npm start` uses) skips a step whose inputs and outputs are what they were
// after its last successful run (content hashes, kept in node_modules/.cache/braze-openapi/), and
// says "up to date"; `npm run build` and the drift check always run every step.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAVICON_DATA_URI } from './favicon.mjs';

// Stands in for Redocly's logo in the page's footer: the word, drawn inline (see the docs step).
const REDOCLY_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12.5" font-family="sans-serif" font-size="13" font-weight="600" fill="#7a7a7a">Redocly</text></svg>',
)}`;

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
process.env.REDOCLY_TELEMETRY = 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE = 'true';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? null : process.argv[i + 1].split(',');
};
const only = arg('--only');
// `--out DIR` bundles into another folder (lint and bundle only), so that several people can
// check their part of the spec at once without overwriting generated/.
const out = arg('--out')?.[0] ?? 'generated';
const skip = arg('--skip') ?? [];
const ifChanged = process.argv.includes('--if-changed') && out === 'generated';

// What each step reads and writes, for --if-changed. Every step also depends on scripts/ (any
// build script), package.json and package-lock.json (the tools' versions).
const G = (f) => `generated/${f}`;
const STEPS = {
  lint: { inputs: ['openapi', 'redocly.yaml', '.spectral.yaml', 'spectral'], outputs: [] },
  bundle: { inputs: ['openapi', 'redocly.yaml', 'src'], outputs: [G('openapi.yaml'), G('openapi.json'), G('openapi.deref.json'), G('openapi.tolerant.json'), G('openapi.tolerant.patch.json')] },
  convert: { inputs: [G('openapi.json'), 'redocly.yaml'], outputs: [G('openapi-3.0.json')] },
  types: { inputs: [G('openapi.json')], outputs: [G('schema.d.ts'), G('methods.ts')] },
  table: { inputs: [G('openapi.json')], outputs: [G('endpoints.ts'), G('operations.ts')] },
  docs: { inputs: [G('openapi.json'), 'redocly.yaml'], outputs: [G('docs/index.html')] },
  dist: { inputs: ['src', 'generated', 'tsconfig.json', 'tsconfig.build.json'], outputs: ['dist'] },
};
const COMMON_INPUTS = ['scripts', 'package.json', 'package-lock.json'];
// BRAZE_BUILD_STAMPS moves the record elsewhere (test/build.test.ts).
const stampFile = process.env.BRAZE_BUILD_STAMPS ?? 'node_modules/.cache/braze-openapi/build-stamps.json';
const stamps = ifChanged && existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};

function hashOf(paths) {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (!existsSync(path)) return hash.update(`missing ${path}\n`);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else hash.update(`${path}\n`).update(readFileSync(path));
  };
  for (const path of paths) visit(path);
  return hash.digest('hex');
}
const inputsOf = (step) => hashOf([...COMMON_INPUTS, ...(STEPS[step]?.inputs ?? [])]);
const outputsOf = (step) => hashOf(STEPS[step]?.outputs ?? []);

const decided = {};
const ran = new Set();
function upToDate(step) {
  if (!ifChanged || !STEPS[step]) return false;
  const stamp = stamps[step];
  return Boolean(stamp && stamp.inputs === inputsOf(step) && stamp.outputs === outputsOf(step));
}
const wanted = (step) => {
  if (!((!only || only.includes(step)) && !skip.includes(step))) return false;
  if (!(step in decided)) {
    decided[step] = !upToDate(step);
    if (!decided[step]) console.log(`build: ${step} up to date`);
    else ran.add(step);
  }
  return decided[step];
};

function run(label, command, args, { quietOk = true } = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', shell: false, env: process.env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    console.error(`\nbuild: ${label} failed`);
    process.exit(1);
  }
  if (!quietOk) process.stdout.write(output);
  console.log(`build: ${label} ok (${Date.now() - started} ms)`);
  return output;
}

const bin = (name) => `node_modules/.bin/${name}`;
const node = (script, ...args) => run(script, process.execPath, [script, ...args]);

if (wanted('lint') || wanted('bundle')) {
  node('scripts/sync-paths.mjs', ...(process.env.CI ? ['--check'] : []));
}
if (wanted('lint')) {
  const out = run('redocly lint (source)', bin('redocly'), ['lint', '--format', 'stylish']);
  if (/warning/i.test(out.replace(/Deprecation warning[^\n]*/g, '')) && !/0 warnings|no warnings/i.test(out)) {
    process.stderr.write(out);
    console.error('build: redocly reported warnings; the bar is zero');
    process.exit(1);
  }
}
if (wanted('bundle')) {
  mkdirSync(out, { recursive: true });
  run('bundle yaml', bin('redocly'), ['bundle', 'braze', '-o', `${out}/openapi.yaml`]);
  node('scripts/gen-samples.mjs', out);
  node('scripts/postbundle.mjs', out);
  node('scripts/tolerant.mjs', out);
}
if (wanted('convert')) {
  node('scripts/down-convert.mjs', out);
  const lint = run('redocly lint (3.0 bundle)', bin('redocly'), ['lint', `${out}/openapi-3.0.json`, '--format', 'stylish']);
  if (!/Your API description is valid/.test(lint) || /warning/i.test(lint.replace(/Deprecation warning[^\n]*/g, ''))) {
    process.stderr.write(lint);
    console.error('build: the 3.0 bundle has lint warnings; the bar is zero');
    process.exit(1);
  }
}
if (wanted('lint')) {
  run('spectral (bundle)', bin('spectral'), ['lint', `${out}/openapi.yaml`, '-r', '.spectral.yaml', '-F', 'hint', '-q']);
}
if (wanted('types')) {
  node('scripts/gen-types.mjs');
}
if (wanted('table')) {
  node('scripts/gen-endpoints.mjs');
}
if (wanted('docs')) {
  mkdirSync('generated/docs', { recursive: true });
  // Redoc renders a copy of the spec with a facts box on every operation and a landing section
  // (scripts/gen-docs-input.mjs); generated/openapi.json itself is not changed.
  const scratch = mkdtempSync(join(tmpdir(), 'braze-openapi-docs-'));
  try {
    node('scripts/gen-docs-input.mjs', join(scratch, 'openapi.json'));
    run('reference (redocly build-docs)', bin('redocly'), [
      'build-docs', join(scratch, 'openapi.json'), '--inlineBundle', '-o', 'generated/docs/index.html',
      '--title', 'Braze REST API reference (braze-openapi)',
    ]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // The page must work offline and never call out. Redoc's sidebar footer always shows a
  // "docs by Redocly" logo loaded from cdn.redoc.ly, with no option to turn it off: the build swaps
  // its two addresses for an inline image, so the page asks for nothing and the attribution stays.
  // A Content-Security-Policy keeps images, fonts and fetches local should anything else try.
  let html = readFileSync('generated/docs/index.html', 'utf8');
  const fail = (message) => {
    console.error(`build: ${message}`);
    process.exit(1);
  };
  const logos = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
  for (const logo of logos) {
    if (!html.includes(logo)) fail(`Redoc no longer loads ${logo}: check what its footer loads now`);
    html = html.split(logo).join(REDOCLY_LOGO);
  }
  if (/cdn\.redoc\.ly/.test(html)) fail('generated/docs/index.html still refers to cdn.redoc.ly');
  const csp = `<meta http-equiv="Content-Security-Policy" content="img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' data: blob:; frame-src 'none'">`;
  const icon = `<link rel="icon" type="image/svg+xml" href="${FAVICON_DATA_URI}">`;
  // The samples panel's copy button floats over the first line of code: start the code below it.
  const style = `<style>.panel-request-samples pre[data-component-name="CodeBlock/CodeBlockContainer"] { padding-top: 28px; }</style>`;
  if (!html.includes('<head>')) fail('no <head> in generated/docs/index.html');
  writeFileSync('generated/docs/index.html', html.replace('<head>', `<head>\n  ${csp}\n  ${icon}\n  ${style}`));
}
if (wanted('dist')) {
  rmSync('dist', { recursive: true, force: true });
  node('scripts/build-dist.mjs');
}

// Record what the steps that ran read and wrote, for the next --if-changed run.
if (ifChanged && ran.size) {
  for (const step of ran) stamps[step] = { inputs: inputsOf(step), outputs: outputsOf(step) };
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamps, null, 2) + '\n');
}
if (ifChanged && !ran.size) console.log('build: everything up to date, nothing rebuilt');
