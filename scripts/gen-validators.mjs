// Compiles, at build time, two Ajv 2020 validators per operation's JSON request body into
// generated/validators.mjs (standalone code: no schema compiler at run time):
//   tolerant_<op>  from generated/openapi.tolerant.json: a failure is an error (Braze refuses it,
//                  or a page states the rule as a hard one)
//   strict_<op>    from generated/openapi.json: a failure that the tolerant view lets through is a
//                  warning (Braze takes the request but ignores or coerces that part)
// and `relaxations`, the tolerant view's record of what it loosened and why (x-braze-relaxations),
// which turns a strict-only failure into a warning that says why. The client loads the module only
// when created with `validate`; dist/ bundles it as its own entry with Ajv's small runtime helpers
// inlined, so it adds no runtime dependency. Export names cannot hold a dot: `strict_users_track`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default ?? addFormatsModule;
const standalone = standaloneCode.default ?? standaloneCode;
const gen = (f) => fileURLToPath(new URL(`../generated/${f}`, import.meta.url));

// `inlineRefs: false`: a schema used in many places is one function, called from each, instead of
// a copy of its code at every use (a seventh less code, for a call per use).
const ajv = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false, code: { source: true, esm: true, optimize: 1 } });
addFormats(ajv);
const escape = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const refs = {};
let relaxations = [];
let strictSpec;
/** The value at a JSON pointer of a document. */
const at = (doc, pointer) => pointer.split('/').slice(1).reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

// Prose and examples change no verdict, yet Ajv's standalone code keeps many subschemas as
// constants, their descriptions included: the validators are compiled without them (a third less
// to ship). JSON pointers into the document (the relaxations') still point to the same schemas.
const PROSE = new Set(['description', 'title', 'example', 'examples', 'summary', 'externalDocs', 'x-codeSamples']);
const NAMES = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'paths', 'responses', 'parameters', 'content', 'headers']);
function withoutProse(node, named = false) {
  if (Array.isArray(node)) return node.map((n) => withoutProse(n));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` (and other maps of names), a key is a name: a field called `description` stays.
    if (!named && PROSE.has(key)) continue;
    // `const`, `enum` and `default` hold data, kept as they are.
    out[key] = !named && ['const', 'enum', 'default'].includes(key) ? value : withoutProse(value, !named && NAMES.has(key));
  }
  return out;
}

for (const view of ['strict', 'tolerant']) {
  const spec = JSON.parse(readFileSync(gen(view === 'strict' ? 'openapi.json' : 'openapi.tolerant.json'), 'utf8'));
  if (view === 'strict') strictSpec = spec;
  // A relaxed `required` matches a strict error only for the properties it names (`required` is a
  // keyword of almost every schema): the names go with the relaxation.
  if (view === 'tolerant') {
    relaxations = (spec['x-braze-relaxations'] ?? []).map((r) => {
      const required = r.pointers.filter((p) => p.endsWith('/required')).flatMap((p) => at(strictSpec, p) ?? []);
      return required.length ? { ...r, required } : r;
    });
  }
  const ID = `https://braze-openapi.local/${view}.json`;
  ajv.addSchema({ $id: ID, components: withoutProse(spec.components), paths: withoutProse(spec.paths) });
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (!op?.requestBody?.content?.['application/json']?.schema) continue;
      refs[`${view}_${op.operationId.replace('.', '_')}`] = `${ID}#/paths/${escape(path)}/${method}/requestBody/content/application~1json/schema`;
    }
  }
}
// Ajv's standalone code still `require`s its runtime helpers and formats, which an ES module
// cannot; import them instead. Loaders disagree on what a CommonJS module's default import is
// (module.exports in Node and esbuild, module.exports.default under Vite), so take the namespace
// and recover module.exports from it.
const imports = new Map();
const code = standalone(ajv, refs).replace(/require\("([^"]+)"\)/g, (_, specifier) => {
  if (!imports.has(specifier)) imports.set(specifier, `__module${imports.size}`);
  return imports.get(specifier);
});
const header = [
  'const __cjs = (ns) => { const m = ns.default ?? ns; return typeof m === "function" ? { default: m } : m && m.__esModule ? m : ns.default && typeof ns.default === "object" ? ns.default : ns; };',
  ...[...imports].map(([specifier, name]) => `import * as ${name}_ns from ${JSON.stringify(`${specifier}.js`)};\nconst ${name} = __cjs(${name}_ns);`),
].join('\n');
writeFileSync(
  gen('validators.mjs'),
  `// Generated by scripts/gen-validators.mjs from generated/openapi.json and generated/openapi.tolerant.json. Do not edit.\n${header}\n${code}\nexport const relaxations = ${JSON.stringify(relaxations)};\n`,
);
const declarations = Object.keys(refs)
  .sort()
  .map((name) => `export declare const ${name}: Validator;`)
  .join('\n');
writeFileSync(
  gen('validators.d.mts'),
  `// Generated by scripts/gen-validators.mjs. Do not edit.\n/** A compiled request-body validator: true when valid; Ajv's errors otherwise. */\nexport type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; schemaPath: string; keyword: string; message?: string; params: Record<string, unknown> }[] | null };\n/** What the tolerant view loosened: JSON pointers into the strict bundle, and the warning to give. */\nexport declare const relaxations: { id: string; warning: string; pointers: string[]; required?: string[] }[];\n${declarations}\n`,
);
