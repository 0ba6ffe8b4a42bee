// From generated/openapi.yaml (the Redocly bundle): write generated/openapi.json and the fully
// dereferenced generated/openapi.deref.json. Keys keep the source order so diffs stay readable.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const dir = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../generated/', import.meta.url));
const gen = (f) => resolve(dir, f);
const spec = parse(readFileSync(gen('openapi.yaml'), 'utf8'));
writeFileSync(gen('openapi.json'), JSON.stringify(spec, null, 2) + '\n');

// Dereference every local `$ref`, keeping siblings (3.1 allows `description` next to `$ref`).
// A recursive schema cannot be written out in full: where a `$ref` leads back into itself, the
// `$ref` stays, and the schemas it needs are kept under components.schemas.
const kept = new Set();
function lookup(pointer) {
  return pointer.slice(2).split('/').reduce((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}
function deref(node, seen = []) {
  if (Array.isArray(node)) return node.map((n) => deref(n, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (seen.includes(node.$ref)) {
      kept.add(node.$ref);
      return node;
    }
    const { $ref, ...siblings } = node;
    return { ...deref(lookup($ref), [...seen, $ref]), ...deref(siblings, seen) };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, seen)]));
}
const { components, ...rest } = spec;
const dereferenced = deref(rest);
dereferenced.components = { securitySchemes: components?.securitySchemes ?? {} };
for (const ref of [...kept].sort()) {
  const name = ref.replace('#/components/schemas/', '');
  (dereferenced.components.schemas ??= {})[name] = deref(lookup(ref), [ref]);
}
writeFileSync(gen('openapi.deref.json'), JSON.stringify(dereferenced, null, 2) + '\n');
