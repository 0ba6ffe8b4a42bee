// generated/openapi.json (3.1) -> generated/openapi-3.0.json, for code generators that do not read
// OpenAPI 3.1 yet. @apiture/openapi-down-convert does the conversion (openapi: 3.0.3, `examples` ->
// `example`, `const` -> `enum`, `[T, 'null']` -> `nullable`, `$ref` with siblings -> `allOf`, no
// license identifier...). Before it, this script rewrites what that converter leaves in 3.1 form:
//   - a `type` listing several types becomes `anyOf` of one branch per type, each branch carrying
//     the keywords of its type (`items` with `array`, `maxLength` with `string`...);
//   - a `{ type: 'null' }` branch of `oneOf`/`anyOf` becomes `nullable: true`;
//   - a boolean schema (`name: false` under `properties`) becomes `{}` or `{ not: {} }`;
//   - `const` with a falsy value (`const: false`), which the converter skips, becomes `enum`;
//   - JSON Schema keywords 3.0 does not know are dropped: `dependentRequired`, `dependentSchemas`,
//     `if`/`then`/`else`, `contains`, `prefixItems`, `propertyNames`, `patternProperties`,
//     `unevaluatedProperties`. Dropping a rule may only loosen a schema, never tighten it: a `not`
//     whose schema lost a rule is dropped too, and a `oneOf` with a loosened branch becomes `anyOf`
//     (two loosened branches could both match). The 3.0 file is therefore looser than the 3.1 one
//     on exactly those rules; the 3.1 file stays the reference (the client validates against it).
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

const DROPPED = ['dependentRequired', 'dependentSchemas', 'if', 'then', 'else', 'contains', 'prefixItems', 'propertyNames', 'patternProperties', 'unevaluatedProperties'];
const KEYWORDS_OF = {
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'additionalProperties', 'required', 'minProperties', 'maxProperties'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};
KEYWORDS_OF.integer = KEYWORDS_OF.number;
const isNullType = (s) => s && typeof s === 'object' && s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description' || k === 'title');

const target = (ref) => ref.slice(2).split('/').reduce((n, k) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
function nullableOf(branch) {
  if (typeof branch.type === 'string') return { ...branch, nullable: true };
  const type = branch.$ref && target(branch.$ref)?.type;
  if (typeof type === 'string') return { type, nullable: true, allOf: [branch] };
  throw new Error(`down-convert: cannot make ${JSON.stringify(branch).slice(0, 200)} nullable in 3.0 (no single type)`);
}

// Component schemas that lose a rule, directly or through a `$ref`: filled to a fixed point below.
const loosened = new Set();

/** One schema in 3.0 form; `loss.lost` is set when a rule was dropped (the schema got looser). */
function schema30(node, loss) {
  if (node === true) return {};
  if (node === false) return { not: {} };
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = { ...node };
  if (typeof out.$ref === 'string' && loosened.has(out.$ref)) loss.lost = true;
  for (const key of DROPPED) {
    if (key in out) {
      delete out[key];
      loss.lost = true;
    }
  }
  if ('const' in out) {
    out.enum = [out.const];
    delete out.const;
  }
  for (const key of ['items', 'additionalProperties']) if (out[key] && typeof out[key] === 'object') out[key] = schema30(out[key], loss);
  if ('not' in out) {
    const inner = { lost: false };
    out.not = schema30(out.not, inner);
    if (inner.lost) {
      delete out.not;
      loss.lost = true;
    }
  }
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, schema30(v, loss)]));
  if (out.allOf) out.allOf = out.allOf.map((s) => schema30(s, loss)).filter((s) => Object.keys(s).length > 0);
  for (const key of ['oneOf', 'anyOf']) {
    if (!Array.isArray(out[key])) continue;
    const inner = { lost: false };
    const withNull = out[key].some(isNullType);
    out[key] = out[key].filter((s) => !isNullType(s)).map((s) => schema30(s, inner));
    if (inner.lost) loss.lost = true;
    if (withNull) {
      // 3.0's `nullable` needs a `type` beside it: each branch says it may be null.
      out[key] = out[key].map(nullableOf);
      if (out[key].length === 1 && !('type' in out) && !out.allOf && !out.properties) {
        const { description, ...branch } = out[key][0];
        delete out[key];
        Object.assign(out, { ...branch, ...(out.description || !description ? {} : { description }) });
        continue;
      }
    }
    if (key === 'oneOf' && inner.lost) {
      out.anyOf = [...(out.anyOf ?? []), ...out.oneOf];
      delete out.oneOf;
    }
  }
  if (out.allOf?.length === 0) delete out.allOf;
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

const componentRef = (name) => `#/components/schemas/${name}`;
for (let changed = true; changed; ) {
  changed = false;
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    const loss = { lost: false };
    schema30(schema, loss);
    if (loss.lost && !loosened.has(componentRef(name))) {
      loosened.add(componentRef(name));
      changed = true;
    }
  }
}

function walk(node, key) {
  if (Array.isArray(node)) return node.map((n) => walk(n));
  if (!node || typeof node !== 'object') return node;
  if (key === 'schema') return schema30(node, { lost: false });
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || (k === 'examples' && key !== 'schemas')) out[k] = v;
    else if (key === 'schemas') out[k] = schema30(v, { lost: false });
    else out[k] = walk(v, k);
  }
  return out;
}

const prepared = walk(spec);
// 3.0 has no `info.summary`; it goes to the start of the description.
if (prepared.info?.summary) {
  prepared.info.description = `${prepared.info.summary}\n\n${prepared.info.description ?? ''}`.trim();
  delete prepared.info.summary;
}
// 3.0 names a license by URL; the converter drops the SPDX identifier 3.1 uses instead.
if (prepared.info?.license?.identifier && !prepared.info.license.url) {
  prepared.info.license.url = `https://spdx.org/licenses/${prepared.info.license.identifier}.html`;
}
const converted = new Converter(renameKey(prepared, 'schemas', HIDDEN), { allOfTransform: true }).convert();
writeFileSync(resolve(dir, 'openapi-3.0.json'), JSON.stringify(renameKey(converted, HIDDEN, 'schemas'), null, 2) + '\n');
