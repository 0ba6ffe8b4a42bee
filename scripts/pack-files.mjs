// The last step of build-dist.mjs: what the npm package ships besides the bundles, each file once.
// Budget: 3 MB unpacked for everything (test/package.test.ts measures `npm pack`).
//
// - dist/spec/: the spec documents users import (`braze-openapi/openapi.json`, `/openapi-3.0.json`
//   and any other generated/openapi.<variant>.json listed in SPEC_FILES): the same documents as
//   generated/, without whitespace and without the generated `x-codeSamples` (the curl and client
//   snippets of the rendered reference, rebuilt from the examples by gen-samples.mjs; a sixth of
//   every copy). The tolerant view ships as its patch on openapi.json (openapi.tolerant.patch.json,
//   33 kB instead of a second 0.66 MB document); dist/cjs/spec-runtime.cjs applies it at run time,
//   and the build checks here that the shipped patch on the shipped openapi.json gives exactly
//   generated/openapi.tolerant.json without its samples. `braze-openapi/openapi.yaml` resolves to dist/spec/openapi.json (package.json
//   `exports`): JSON is YAML 1.2, so YAML tools read it, and the package does not carry the same
//   document twice. The dereferenced bundle (7 MB) and the block-style YAML stay in the
//   repository's generated/ (README, "Feed a generator").
// - CommonJS declarations that are pure types (generated/schema.d.ts, generated/methods.d.ts)
//   re-export the ESM ones instead of repeating them: a type-only re-export is allowed from a
//   CommonJS declaration to an ESM one.
// - The JavaScript bundles lose their whitespace, nothing else: names are not mangled (stack traces
//   still name the functions) and the syntax is not folded (a fold would turn the variable
//   specifiers of the lazy `import()`s of the bulk and validators entries into constants that
//   users' bundlers would then inline into the core client).
// - The validators ship once, as CommonJS (dist/cjs/validators.cjs, which `require` needs and
//   `import` can read); dist/esm/validators.js re-exports them. The emulator likewise
//   (dist/cjs/emulator.cjs, re-exported by dist/esm/emulator.js). Both take Ajv and the views from
//   dist/cjs/spec-runtime.cjs. dist/cli.js loads them through those entries rather than bundling
//   copies (scripts/build-dist.mjs). The validators are compiled from the spec at run time, one
//   operation at a time on first use, instead of shipping 1.25 MB of code compiled ahead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { transform } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (f) => `${root}${f}`;

/** generated/<file> -> dist/spec/<file>; a variant is shipped when the build made it. */
export const SPEC_FILES = ['openapi.json', 'openapi-3.0.json', 'openapi.tolerant.patch.json'];

const withoutSamples = (node) => {
  if (Array.isArray(node)) return node.map(withoutSamples);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'x-codeSamples') out[key] = withoutSamples(value);
  return out;
};

mkdirSync(at('dist/spec'), { recursive: true });
for (const file of SPEC_FILES) {
  const source = at(`generated/${file}`);
  if (!existsSync(source)) continue;
  writeFileSync(at(`dist/spec/${file}`), JSON.stringify(withoutSamples(JSON.parse(readFileSync(source, 'utf8')))));
}

// Type-only CommonJS declarations: one line each instead of a copy.
for (const file of ['schema.d.ts', 'methods.d.ts']) {
  const esm = at(`dist/esm/generated/${file}`);
  if (!existsSync(esm)) continue;
  const text = readFileSync(esm, 'utf8');
  if (/^export (declare |const |function |class )/m.test(text)) throw new Error(`pack-files: ${file} declares values; it cannot be a type-only re-export`);
  const names = [...text.matchAll(/^export (?:interface|type) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  const module = `../../esm/generated/${file.replace(/\.d\.ts$/, '.js')}`;
  writeFileSync(at(`dist/cjs/generated/${file}`), `// The same types as dist/esm/generated/${file} (declared once in the package).\nexport type { ${names.join(', ')} } from '${module}';\n`);
}

// The validators, once: the ESM entry re-exports the CommonJS bundle.
if (existsSync(at('dist/cjs/validators.cjs'))) {
  const names = Object.keys(createRequire(import.meta.url)(at('dist/cjs/validators.cjs'))).filter((n) => n !== 'default' && n !== '__esModule');
  writeFileSync(
    at('dist/esm/validators.js'),
    `// The validators ship once, as CommonJS (../cjs/validators.cjs); this entry re-exports them.\nimport validators from '../cjs/validators.cjs';\n${names.map((n) => `export const ${n} = validators.${n};`).join('\n')}\n`,
  );
}

// What the package derives at run time is the tolerant view of the repository, samples aside.
if (existsSync(at('dist/cjs/validators.cjs'))) {
  const derived = createRequire(import.meta.url)(at('dist/cjs/validators.cjs')).tolerantSpec();
  const expected = withoutSamples(JSON.parse(readFileSync(at('generated/openapi.tolerant.json'), 'utf8')));
  assert.equal(JSON.stringify(derived), JSON.stringify(expected), 'pack-files: the shipped patch does not give generated/openapi.tolerant.json');
}

// The emulator, once: the ESM entry re-exports the CommonJS bundle (Ajv is in spec-runtime.cjs).
if (existsSync(at('dist/cjs/emulator.cjs'))) {
  const names = Object.keys(createRequire(import.meta.url)(at('dist/cjs/emulator.cjs'))).filter((n) => n !== 'default' && n !== '__esModule');
  writeFileSync(
    at('dist/esm/emulator.js'),
    `// The emulator ships once, as CommonJS (../cjs/emulator.cjs); this entry re-exports it.\nimport emulator from '../cjs/emulator.cjs';\n${names.map((n) => `export const ${n} = emulator.${n};`).join('\n')}\n`,
  );
}

const BUNDLES = ['index', 'bulk', 'endpoints', 'paginate', 'node-transport', 'hooks', 'shared-budget', 'redis'].flatMap((name) => [`dist/esm/${name}.js`, `dist/cjs/${name}.cjs`]);
for (const file of [...BUNDLES, 'dist/cjs/emulator.cjs', 'dist/cli.js']) {
  if (!existsSync(at(file))) continue;
  const { code } = await transform(readFileSync(at(file), 'utf8'), { minifyWhitespace: true, legalComments: 'none', format: file.endsWith('.cjs') ? 'cjs' : 'esm', target: 'es2022' });
  writeFileSync(at(file), code);
}
