// Builds the tolerant view, generated/openapi.tolerant.json, from the strict bundle
// (generated/openapi.json) by applying the OpenAPI Overlay 1.0 document openapi/tolerant.overlay.yaml
// with openapi-format's overlay engine (a maintained implementation of the Overlay specification,
// with JSONPath filters; a dev dependency only).
//
// Besides the overlay's own output, the view records what each action changed, as
// `x-braze-relaxations` at its root: [{ id, warning, pointers }], where `pointers` are the JSON
// pointers (into the strict bundle) of the schema keywords the action loosened. The compiled
// validators and the mock read it to say *why* a request that passes this view fails the strict one.
// An action that matches nothing fails the build.
//
// It also writes openapi.tolerant.patch.json: the view as JSON Patch operations (RFC 6902: add,
// replace, remove) on openapi.json. The npm package ships that patch instead of a second copy of
// the document, and src/views.ts applies it at run time (`tolerantSpec()`).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import openapiFormat from 'openapi-format';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.argv[2] ? resolve(root, process.argv[2]) : resolve(root, 'generated');
// `node scripts/tolerant.mjs [DIR [OVERLAY]]`: DIR holds openapi.json (default generated/).
const overlay = parse(readFileSync(resolve(root, process.argv[3] ?? 'openapi/tolerant.overlay.yaml'), 'utf8'));
const strict = JSON.parse(readFileSync(resolve(dir, 'openapi.json'), 'utf8'));
let doc = structuredClone(strict);

const escape = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointers where `b` differs from `a` (the deepest differing key; a whole array when its length changed). */
function diff(a, b, at = '', out = []) {
  if (a === b) return out;
  const objects = a && b && typeof a === 'object' && typeof b === 'object';
  if (!objects || Array.isArray(a) !== Array.isArray(b) || (Array.isArray(a) && a.length !== b.length)) {
    out.push(at);
    return out;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[key], b[key], `${at}/${escape(key)}`, out);
  return out;
}

/**
 * JSON Patch operations that turn `a` into `b`, each at the deepest node that differs. An array
 * whose length changed is replaced whole; so is an object whose keys would otherwise end up in
 * another order (an added key goes last), so that the result serialises exactly as `b` does.
 */
function patchOf(a, b, at = '', ops = []) {
  if (a === b) return ops;
  const both = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!both || (Array.isArray(a) && a.length !== b.length)) {
    ops.push({ op: 'replace', path: at, value: b });
    return ops;
  }
  if (Array.isArray(a)) {
    a.forEach((item, i) => patchOf(item, b[i], `${at}/${i}`, ops));
    return ops;
  }
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const order = [...Object.keys(a).filter((k) => has(b, k)), ...Object.keys(b).filter((k) => !has(a, k))];
  if (order.join('\0') !== Object.keys(b).join('\0')) {
    ops.push({ op: 'replace', path: at, value: b });
    return ops;
  }
  for (const key of Object.keys(a)) if (!has(b, key)) ops.push({ op: 'remove', path: `${at}/${escape(key)}` });
  for (const key of Object.keys(b)) {
    if (has(a, key)) patchOf(a[key], b[key], `${at}/${escape(key)}`, ops);
    else ops.push({ op: 'add', path: `${at}/${escape(key)}`, value: b[key] });
  }
  return ops;
}

const relaxations = [];
const quiet = console.error;
for (const [i, action] of overlay.actions.entries()) {
  const before = structuredClone(doc);
  const problems = [];
  console.error = (...args) => problems.push(args.join(' '));
  const { data, resultData } = await openapiFormat.openapiOverlay(doc, { overlaySet: { ...overlay, actions: [action] } });
  console.error = quiet;
  if (problems.length || resultData.totalUsedActions !== 1) {
    console.error(`tolerant: overlay action #${i + 1} (${action.target}) ${problems.length ? problems.join('; ') : 'matched nothing'}`);
    process.exit(1);
  }
  doc = data;
  if (action['x-warning']) {
    const pointers = diff(before, doc).filter((p) => p.startsWith('/components/') || p.startsWith('/paths/'));
    relaxations.push({ id: action['x-id'], warning: action['x-warning'], pointers });
  }
}
doc['x-braze-relaxations'] = relaxations;
writeFileSync(resolve(dir, 'openapi.tolerant.json'), JSON.stringify(doc, null, 2) + '\n');
const patch = patchOf(strict, JSON.parse(JSON.stringify(doc)));
writeFileSync(resolve(dir, 'openapi.tolerant.patch.json'), JSON.stringify(patch, null, 2) + '\n');
console.log(`tolerant: ${overlay.actions.length} overlay actions, ${relaxations.reduce((n, r) => n + r.pointers.length, 0)} rules loosened`);
