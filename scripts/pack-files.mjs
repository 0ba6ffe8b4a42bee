// The last step of build-dist.mjs: what the npm package ships besides the bundles, each file once.
// Budget: 3 MB unpacked for everything (test/package.test.ts measures `npm pack`).
//
// - dist/spec/: the spec documents users import (`braze-openapi/openapi.json`, `/openapi-3.0.json`
//   and any other generated/openapi.<variant>.json listed in SPEC_FILES): the same documents as
//   generated/, without whitespace and without the generated `x-codeSamples` (the curl and client
//   snippets of the rendered reference, rebuilt from the examples by gen-samples.mjs; a sixth of
//   every copy). `braze-openapi/openapi.yaml` resolves to dist/spec/openapi.json (package.json
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
// - The compiled validators ship once, as CommonJS (dist/cjs/validators.cjs, which `require` needs
//   and `import` can read); dist/esm/validators.js re-exports them. The emulator likewise
//   (dist/cjs/emulator.cjs, re-exported by dist/esm/emulator.js). dist/cli.js loads both through
//   those entries rather than bundling copies (scripts/build-dist.mjs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (f) => `${root}${f}`;

/** generated/<file> -> dist/spec/<file>; a variant is shipped when the build made it. */
export const SPEC_FILES = ['openapi.json', 'openapi-3.0.json', 'openapi.tolerant.json'];

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
    `// The compiled validators ship once, as CommonJS (../cjs/validators.cjs); this entry re-exports them.\nimport validators from '../cjs/validators.cjs';\n${names.map((n) => `export const ${n} = validators.${n};`).join('\n')}\n`,
  );
}

// The emulator, once: the ESM entry re-exports the CommonJS bundle (Ajv inside it).
if (existsSync(at('dist/cjs/emulator.cjs'))) {
  const names = Object.keys(createRequire(import.meta.url)(at('dist/cjs/emulator.cjs'))).filter((n) => n !== 'default' && n !== '__esModule');
  writeFileSync(
    at('dist/esm/emulator.js'),
    `// The emulator ships once, as CommonJS (../cjs/emulator.cjs); this entry re-exports it.\nimport emulator from '../cjs/emulator.cjs';\n${names.map((n) => `export const ${n} = emulator.${n};`).join('\n')}\n`,
  );
}

const BUNDLES = ['index', 'bulk', 'endpoints', 'paginate', 'node-transport', 'hooks', 'redis'].flatMap((name) => [`dist/esm/${name}.js`, `dist/cjs/${name}.cjs`]);
for (const file of [...BUNDLES, 'dist/cjs/emulator.cjs', 'dist/cli.js']) {
  if (!existsSync(at(file))) continue;
  const { code } = await transform(readFileSync(at(file), 'utf8'), { minifyWhitespace: true, legalComments: 'none', format: file.endsWith('.cjs') ? 'cjs' : 'esm', target: 'es2022' });
  writeFileSync(at(file), code);
}
