// generated/openapi.json (3.1) -> generated/openapi-3.0.json, for code generators that do not read
// OpenAPI 3.1 yet. @apiture/openapi-down-convert does the conversion (openapi: 3.0.3, `examples` ->
// `example`, `const` -> `enum`, `[T, 'null']` -> `nullable`, drops `unevaluatedProperties`,
// `propertyNames`, `patternProperties`, the license identifier...). Around it, this script does
// what that converter leaves in 3.1 form, so that the result is valid 3.0:
//   - a `type` listing several types becomes `anyOf` of one branch per type, each branch carrying
//     the keywords of its type (`items` with `array`, `maxLength` with `string`...);
//   - a boolean schema (`name: false` under `properties`) becomes `{}` or `{ not: {} }`;
//   - `const` with a falsy value (`const: false`), which the converter skips, becomes `enum`;
//   - JSON Schema keywords 3.0 does not know are dropped: `dependentRequired`, `dependentSchemas`,
//     `if`/`then`/`else`, `contains`, `prefixItems`. The 3.0 file is looser than the 3.1 one on
//     exactly those rules (the 3.1 file stays the reference; the client validates against it).
// The converter treats any object with a `schemas` key as a map of component schemas; SCIM bodies
// and schemas have a `schemas` field, so those keys are renamed while it runs, then restored.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Converter } = require('@apiture/openapi-down-convert');

const dir = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../generated/', import.meta.url));
const spec = JSON.parse(readFileSync(resolve(dir, 'openapi.json'), 'utf8'));

const HIDDEN = 'x-down-convert-hidden-schemas';
function renameKey(node, from, to, isRoot = true) {
  if (Array.isArray(node)) return node.map((n) => renameKey(n, from, to, false));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      // components.schemas is the one real map of schemas.
      if (k === 'components' && isRoot) return [k, { ...Object.fromEntries(Object.entries(v).map(([ck, cv]) => [ck, renameKey(cv, from, to, false)])) }];
      return [k === from ? to : k, renameKey(v, from, to, false)];
    }),
  );
}

const converted = renameKey(new Converter(renameKey(spec, 'schemas', HIDDEN), { convertSchemaComments: false }).convert(), HIDDEN, 'schemas');

const DROPPED = ['dependentRequired', 'dependentSchemas', 'if', 'then', 'else', 'contains', 'prefixItems'];
const KEYWORDS_OF = {
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'additionalProperties', 'required', 'minProperties', 'maxProperties'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};
KEYWORDS_OF.integer = KEYWORDS_OF.number;

/** Rewrites one schema (and, recursively, the schemas inside it) into 3.0 form. */
function schema30(node) {
  if (node === true) return {};
  if (node === false) return { not: {} };
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = { ...node };
  for (const key of DROPPED) delete out[key];
  if ('const' in out) {
    out.enum = [out.const];
    delete out.const;
  }
  for (const key of ['items', 'additionalProperties', 'not']) if (out[key] && typeof out[key] === 'object') out[key] = schema30(out[key]);
  for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(out[key])) out[key] = out[key].map(schema30);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, schema30(v)]));
  if (Array.isArray(out.type)) {
    const nullable = out.type.includes('null');
    const types = out.type.filter((t) => t !== 'null');
    delete out.type;
    if (types.length === 1) {
      out.type = types[0];
      if (nullable) out.nullable = true;
    } else {
      const branches = types.map((type) => {
        const branch = { type };
        for (const key of KEYWORDS_OF[type] ?? []) if (key in out) branch[key] = out[key];
        if (nullable) branch.nullable = true;
        return branch;
      });
      for (const key of Object.values(KEYWORDS_OF).flat()) delete out[key];
      if (out.anyOf) out.allOf = [...(out.allOf ?? []), { anyOf: out.anyOf }];
      out.anyOf = branches;
    }
  }
  return out;
}

function walk(node, key) {
  if (Array.isArray(node)) return node.map((n) => walk(n));
  if (!node || typeof node !== 'object') return node;
  if (key === 'schema') return schema30(node);
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || (k === 'examples' && key !== 'schemas')) out[k] = v;
    else if (key === 'schemas') out[k] = schema30(v);
    else out[k] = walk(v, k);
  }
  return out;
}

writeFileSync(resolve(dir, 'openapi-3.0.json'), JSON.stringify(walk(converted), null, 2) + '\n');
