// Runs the whole build and fails if it changed anything in generated/: the committed generated
// files must be exactly what the build makes from openapi/. Records the outcome (build and drift,
// as two checks) in test-results/checks.json for .ci/run's summary.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const generated = join(root, 'generated');

function snapshot(dir = generated) {
  const files = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, snapshot(full));
    else files[relative(root, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}

function record(checks) {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'checks.json'), JSON.stringify(checks, null, 2) + '\n');
}

mkdirSync(generated, { recursive: true });
const before = snapshot();
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) {
  record([{ name: 'build (lint, bundle, types, table, docs, dist)', passed: false }, { name: 'drift', passed: false }]);
  process.exit(1);
}
const after = snapshot();
const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]).sort();
record([
  { name: 'build (lint, bundle, types, table, docs, dist)', passed: true },
  { name: 'drift: regenerating generated/ changes nothing', passed: changed.length === 0 },
]);
if (changed.length) {
  console.error(`\ndrift: the build changed ${changed.length} generated file(s):\n  ${changed.join('\n  ')}`);
  console.error('Commit the regenerated files (they are now up to date in your work tree).');
  process.exit(1);
}
console.log('drift: generated/ is exactly what the build produces');
