// One command for everything generated: `npm run build`.
//   lint     Redocly on the source, then (after bundling) Spectral with our rules on the bundle
//   bundle   generated/openapi.{yaml,json} and the fully dereferenced generated/openapi.deref.json,
//            with the code samples (x-codeSamples, scripts/gen-samples.mjs) in every operation; then
//            the tolerant view generated/openapi.tolerant.json (openapi/tolerant.overlay.yaml
//            applied by scripts/tolerant.mjs)
//   convert  generated/openapi-3.0.json (scripts/down-convert.mjs), linted by Redocly: zero problems
//   types    generated/schema.d.ts (openapi-typescript)
//   table    generated/endpoints.ts, the client's endpoint table
//   docs     generated/docs/index.html, the offline reference
//   dist     dist/ (ESM + CommonJS + .d.ts)
// `--only a,b` runs some steps; `--skip a,b` leaves some out. Steps run in the order above.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
const wanted = (step) => (!only || only.includes(step)) && !skip.includes(step);

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
  node('scripts/gen-validators.mjs');
}
if (wanted('docs')) {
  mkdirSync('generated/docs', { recursive: true });
  run('reference (redocly build-docs)', bin('redocly'), [
    'build-docs', 'generated/openapi.json', '--inlineBundle', '-o', 'generated/docs/index.html',
    '--title', 'Braze REST API reference (braze-openapi)',
  ]);
  // The page must work offline and never call out: Redoc always shows a "docs by Redocly" logo
  // loaded from cdn.redoc.ly. A Content-Security-Policy keeps images, fonts and fetches local, so
  // the browser does not even try (the logo hides itself when it cannot load).
  const html = readFileSync('generated/docs/index.html', 'utf8');
  const csp = `<meta http-equiv="Content-Security-Policy" content="img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' data: blob:; frame-src 'none'">`;
  if (!html.includes('<head>')) {
    console.error('build: no <head> in generated/docs/index.html');
    process.exit(1);
  }
  writeFileSync('generated/docs/index.html', html.replace('<head>', `<head>\n  ${csp}`));
}
if (wanted('dist')) {
  rmSync('dist', { recursive: true, force: true });
  node('scripts/build-dist.mjs');
}
