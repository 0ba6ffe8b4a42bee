// Writes generated/schema.d.ts with openapi-typescript from a "typing view" of
// generated/openapi.json. JSON Schema rules that only constrain (an `anyOf` of `required` lists,
// `not`, `if`/`then`, `dependentRequired`...) have no TypeScript form, and openapi-typescript turns
// such branches into `unknown`, which would swallow the whole type and let any misspelt field
// through. The view keeps every property, type and enum and drops those constraint-only parts;
// Ajv and Prism still enforce them from the full description.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { writeIfChanged, writeMethods } from './gen-methods.mjs';

const gen = (f) => fileURLToPath(new URL(`../generated/${f}`, import.meta.url));
const spec = JSON.parse(readFileSync(gen('openapi.json'), 'utf8'));

const SHAPE = ['type', 'properties', 'items', 'prefixItems', '$ref', 'enum', 'const', 'additionalProperties', 'patternProperties', 'anyOf', 'oneOf', 'allOf'];
const shapes = (schema) => schema && typeof schema === 'object' && SHAPE.some((k) => k in schema);

// Keywords whose value maps names to schemas: the names are fields, never keywords to drop.
const NAME_MAPS = ['properties', 'patternProperties', '$defs'];

function view(node) {
  if (Array.isArray(node)) return node.map(view);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (NAME_MAPS.includes(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, view(schema)]));
      continue;
    }
    if (['not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas'].includes(key) && isSchemaContext(node)) continue;
    // Examples stay in the spec and the reference; as `@example` blocks they were a quarter of
    // schema.d.ts (140 kB) in every install.
    if ((key === 'example' || key === 'examples') && isSchemaContext(node)) continue;
    // openapi-typescript types `prefixItems` as a closed tuple and ignores `items` (the rest): a
    // catalog's `fields` would then accept only its `id` field. The view keeps `items` alone.
    if (key === 'prefixItems' && 'items' in node && isSchemaContext(node)) continue;
    if (key === 'allOf' && Array.isArray(value)) {
      const kept = value.filter(shapes).map(view);
      if (kept.length) out[key] = kept;
      continue;
    }
    // An anyOf/oneOf with a branch that only constrains (`required: [...]`) is a rule, not a
    // choice of shapes: keeping the other branches would demand what the rule does not.
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      if (value.every(shapes)) out[key] = value.map(view);
      continue;
    }
    out[key] = view(value);
  }
  return out;
}
// `not`/`if` are schema keywords only where the object is a schema, not a property named `not`.
function isSchemaContext(node) {
  return !('in' in node && 'name' in node);
}

function viewSchemas(doc) {
  const copy = structuredClone(doc);
  for (const [name, schema] of Object.entries(copy.components?.schemas ?? {})) copy.components.schemas[name] = view(schema);
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    // A parameter's or a media type's examples (beside its `schema`) would be `@example` blocks too.
    if (node.schema && typeof node.schema === 'object') {
      delete node.example;
      delete node.examples;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema' && value && typeof value === 'object') node[key] = view(value);
      else walk(value);
    }
  };
  // An operation's summary and description are the documentation of its client method
  // (generated/methods.ts, written from the full spec); schema.d.ts does not repeat them.
  for (const item of Object.values(copy.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      if (!item[method]) continue;
      delete item[method].summary;
      delete item[method].description;
    }
  }
  walk(copy.paths);
  walk(copy.components?.parameters);
  walk(copy.components?.responses);
  return copy;
}

// A schema that refers to itself other than through an object's property (NestedAttributeValue: a
// value, or an array or map of such values; DataObjectAttributeValue: a `type` list whose array
// holds such values) comes out of openapi-typescript as `X: ... | components["schemas"]["X"][]`,
// which TypeScript refuses (TS2502, "referenced directly or indirectly in its own type
// annotation") and then types as `any`. Every such schema becomes a named recursive type alias at
// the top of the file, which TypeScript accepts, and its entry in `components["schemas"]` points
// to it. openapi-typescript calls postTransform on the parts of a schema too (each type of a
// `type` list, the `$ref` of its items), with the same path and schema object, the whole schema
// last: so postTransform only notes the last type of each schema, and the entries are replaced
// once the tree is complete.
const selfRef = (name) => `components["schemas"]["${name}"]`;
const whole = new Map();
const postTransform = (type, options) => {
  const match = /^#\/components\/schemas\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(options.path ?? '');
  if (match) whole.set(match[1], { type, description: options.schema?.description });
  return undefined;
};

const ast = await openapiTS(viewSchemas(spec), { defaultNonNullable: false, alphabetize: false, silent: true, postTransform });
const aliases = [];
const recursive = new Map();
for (const [name, { type, description }] of whole) {
  const text = astToString(type);
  if (text.includes(selfRef(name))) recursive.set(type, name), aliases.push({ name, text: text.split(selfRef(name)).join(name), description });
}
// Point each recursive entry of components["schemas"] to its alias (found by the node itself).
const replaced = new Set();
const visit = (node) => {
  if (ts.isPropertySignature(node) && node.type && recursive.has(node.type)) {
    const name = recursive.get(node.type);
    node.type = ts.factory.createTypeReferenceNode(name);
    replaced.add(name);
  }
  ts.forEachChild(node, visit);
};
for (const node of ast) visit(node);
for (const { name } of aliases) if (!replaced.has(name)) throw new Error(`gen-types: the recursive schema ${name} has no entry to point to its alias`);
const doc = (text) => (text ? `/**\n${text.trim().split('\n').map((l) => ` * ${l}`.trimEnd()).join('\n').replace(/\*\//g, '*\\/')}\n */\n` : '');
const reindent = (text) => text.replace(/^((?: {4})+)/gm, (indent) => '  '.repeat(indent.length / 4));
const aliasText = aliases.map(({ name, text, description }) => `${doc(description)}export type ${name} = ${reindent(text.trim())};\n`).join('');
// Two-space indentation instead of the printer's four: the same declarations, 90 kB less to install.
const body = reindent(astToString(ast));
writeIfChanged(gen('schema.d.ts'), `// Generated by scripts/gen-types.mjs (openapi-typescript) from generated/openapi.json. Do not edit.\n${aliasText}${body}`);
writeMethods(spec);
