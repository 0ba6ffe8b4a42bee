// What `validate` costs now that the validators are compiled at run time: each operation's pair
// (tolerant view, strict contract) is compiled by Ajv on its first validateBody call and kept.
// Prints, from dist/ (`node scripts/build.mjs --only dist` first):
//   - the first call of a process: reading the spec, deriving the tolerant view, adding both
//     documents to Ajv (the set-up, once per process), and compiling that operation;
//   - the first call of every other operation, in one process (schemas shared with an operation
//     compiled earlier are compiled once);
//   - for a few large bodies, each in a fresh process: the set-up, then the operation's first call;
// each against the baseline of the same run: a later, cached call of the same operation.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/esm/validators.js', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('../dist/spec/openapi.json', import.meta.url), 'utf8'));

/** Each operation with a JSON body, and its documented example (or an empty object). */
function bodies() {
  const out = [];
  for (const item of Object.values(spec.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const media = item[method]?.requestBody?.content?.['application/json'];
      if (!media?.schema) continue;
      const example = media.example ?? Object.values(media.examples ?? {})[0]?.value ?? {};
      out.push([item[method].operationId, example]);
    }
  }
  return out;
}

const ms = (t) => `${t.toFixed(1)} ms`;
const us = (t) => `${(t * 1000).toFixed(0)} µs`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Mean time of a cached call, over a few runs for a stable figure. */
function cached(validateBody, operationId, body, runs = 20) {
  const t = performance.now();
  for (let n = 0; n < runs; n++) validateBody(operationId, body);
  return (performance.now() - t) / runs;
}

if (process.argv[2] === '--one') {
  // A child: one operation, cold. An unknown operation makes the set-up happen and compiles nothing.
  const [operationId, body] = [process.argv[3], JSON.parse(process.argv[4])];
  const { validateBody } = await import(dist);
  const t0 = performance.now();
  validateBody('no.such.operation', {});
  const setUp = performance.now() - t0;
  const t1 = performance.now();
  validateBody(operationId, body);
  const compile = performance.now() - t1;
  console.log(JSON.stringify({ setUp, compile, second: cached(validateBody, operationId, body) }));
  process.exit(0);
}

const all = bodies();
const t0 = performance.now();
const { validateBody } = await import(dist);
const load = performance.now() - t0;
const rows = all.map(([operationId, body], i) => {
  const a = performance.now();
  validateBody(operationId, body);
  const first = performance.now() - a;
  return { operationId, first, second: cached(validateBody, operationId, body), setUp: i === 0 };
});
const [opening, ...rest] = rows;
const firsts = rest.map((r) => r.first);
const seconds = rows.map((r) => r.second);
console.log(`validators: ${rows.length} operations with a JSON body (dist/esm/validators.js loaded in ${ms(load)})`);
console.log(`first call of the process (${opening.operationId}, with the set-up): ${ms(opening.first)}; cached: ${us(opening.second)}`);
console.log(`first call of each other operation: median ${ms(median(firsts))}, max ${ms(Math.max(...firsts))} (${rest.find((r) => r.first === Math.max(...firsts)).operationId}), total ${ms(firsts.reduce((a, b) => a + b, 0))}`);
console.log(`cached call (baseline): median ${us(median(seconds))}; a first call costs ${(median(firsts) / median(seconds)).toFixed(0)} cached calls (medians)`);

const cold = ['users.track', 'messages.send', 'campaigns.triggerSend', 'users.delete'];
console.log('cold, each in a fresh process: the set-up, then the first call, then the cached call:');
for (const operationId of cold) {
  const body = all.find(([id]) => id === operationId)[1];
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', operationId, JSON.stringify(body)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  const { setUp, compile, second } = JSON.parse(child.stdout);
  console.log(`  ${operationId.padEnd(22)} set-up ${ms(setUp).padStart(9)}  first call ${ms(compile).padStart(9)}  cached ${us(second).padStart(7)}  (first = ${(compile / second).toFixed(0)} cached calls)`);
}
