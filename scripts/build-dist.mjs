// Compiles src/ into dist/: one ESM and one CommonJS bundle (openapi-fetch stays a dependency),
// and the declarations for each, the CommonJS ones under a `"type": "commonjs"` scope so that
// TypeScript reads them as CommonJS for `require` users.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

// Parts the client loads on first use, with a literal `import('./x.js')` that an application's
// bundler can follow: each stays a file of its own here (out of the core's size budget), and the
// import is rewritten to that file's name in each format. src file -> dist file (without extension).
const LAZY = { bulk: 'bulk', validation: 'validators', 'node-transport': 'node-transport', hooks: 'hooks', 'shared-budget': 'shared-budget', paginate: 'paginate', endpoints: 'endpoints' };
const lazy = (ext) => ({
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      const name = args.path.slice(2, -3);
      if (args.kind !== 'dynamic-import' || !LAZY[name]) return undefined;
      return { path: `./${LAZY[name]}.${ext}`, external: true };
    });
  },
});
const common = { entryPoints: ['src/index.ts'], bundle: true, platform: 'neutral', target: 'es2022', external: ['openapi-fetch', 'undici', 'node:*'], legalComments: 'none', logLevel: 'warning' };
const esm = { ...common, format: 'esm', plugins: [lazy('js')] };
// CommonJS loads its parts with require(), which both Node and bundlers follow in a CommonJS file.
const cjs = { ...common, format: 'cjs', mainFields: ['module', 'main'], plugins: [lazy('cjs')], supported: { 'dynamic-import': false } };
await build({ ...esm, outfile: 'dist/esm/index.js' });
await build({ ...cjs, outfile: 'dist/cjs/index.cjs' });
// The bulk helpers, the undici transport, the hooks, the shared-budget mode, the pagination walk and the full endpoint table
// (also the `braze-openapi/endpoints` entry), loaded by the client on first use.
for (const name of ['bulk', 'node-transport', 'hooks', 'shared-budget', 'paginate', 'endpoints']) {
  await build({ ...esm, entryPoints: [`src/${name}.ts`], outfile: `dist/esm/${name}.js` });
  await build({ ...cjs, entryPoints: [`src/${name}.ts`], outfile: `dist/cjs/${name}.cjs` });
}
// The shared rate-limit store in Redis, for Node only; `redis` is the user's (optional peer dependency).
await build({ ...common, entryPoints: ['src/redis-store.ts'], platform: 'node', external: ['redis', 'node:*'], format: 'esm', outfile: 'dist/esm/redis.js' });
await build({ ...common, entryPoints: ['src/redis-store.ts'], platform: 'node', external: ['redis', 'node:*'], format: 'cjs', outfile: 'dist/cjs/redis.cjs' });
// Ajv 2020 with its formats (src/ajv.ts) and the two views of the description (src/views.ts), once,
// in dist/cjs/spec-runtime.cjs, which the validators and the emulator require (Ajv in one file of
// the package). Its src/spec-files.ts is replaced by literal require()s of the package's dist/spec/
// copies, which Node resolves next to the file and an application's bundler follows.
const specFiles = {
  name: 'spec-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/spec-files\.js$/ }, () => ({ path: 'spec-files', namespace: 'spec-files' }));
    b.onLoad({ filter: /.*/, namespace: 'spec-files' }, () => ({
      contents: "export const loadStrict = () => require('../spec/openapi.json');\nexport const loadTolerantPatch = () => require('../spec/openapi.tolerant.patch.json');\n",
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\.\/spec\// }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  stdin: { contents: "export * from './src/ajv.ts';\nexport * from './src/views.ts';\n", resolveDir: root, loader: 'ts', sourcefile: 'spec-runtime-entry.ts' },
  bundle: true,
  platform: 'neutral',
  mainFields: ['main', 'module'],
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  minify: true,
  format: 'cjs',
  outfile: 'dist/cjs/spec-runtime.cjs',
  plugins: [specFiles],
});
// The validators and the emulator take Ajv and the views from that file instead of bundling them.
const specRuntime = {
  name: 'spec-runtime',
  setup(b) {
    b.onResolve({ filter: /^(\.\.?\/)+(ajv|views)\.js$/ }, () => ({ path: './spec-runtime.cjs', external: true }));
  },
};
// The emulator (`braze-openapi/emulator`, Node only), once, as CommonJS; its default description
// is the tolerant view from spec-runtime.cjs. The entry also carries the `emulate` command of the
// CLI, so that the CLI loads this same file instead of a second copy of the emulator.
// dist/esm/emulator.js re-exports it (see pack-files.mjs).
await build({
  ...common,
  stdin: { contents: "export * from './src/emulator/index.ts';\nexport { runEmulateCommand } from './src/emulator/cli.ts';\n", resolveDir: root, loader: 'ts', sourcefile: 'emulator-entry.ts' },
  entryPoints: undefined,
  platform: 'node',
  external: ['node:*'],
  mainFields: ['module', 'main'],
  format: 'cjs',
  outfile: 'dist/cjs/emulator.cjs',
  plugins: [specRuntime],
});
// The CLI (import, spec, emulate), for Node only. The validators and the emulator stay files of
// their own, loaded from the package's entries when a command needs them (they bring Ajv and the
// description): the CLI does not carry copies of them.
const cliShared = {
  name: 'cli-shared',
  setup(b) {
    const shared = { './validation.js': './esm/validators.js', './emulator/cli.js': './esm/emulator.js' };
    b.onResolve({ filter: /^\.\/(validation|emulator\/cli)\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: shared[args.path], external: true } : undefined));
  },
};
await build({ ...common, entryPoints: ['src/cli.ts'], platform: 'node', format: 'esm', outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [cliShared] });
// The validators entry (src/validation.ts and rules.ts), as CommonJS: Ajv and the documents come
// from spec-runtime.cjs, so Ajv is not a dependency. dist/esm/validators.js re-exports it
// (pack-files.mjs).
await build({
  entryPoints: ['src/validation.ts'],
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  minify: true,
  format: 'cjs',
  outfile: 'dist/cjs/validators.cjs',
  plugins: [specRuntime],
});

for (const format of ['esm', 'cjs']) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', `dist/${format}`], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(1);
  }
  mkdirSync(`dist/${format}/generated`, { recursive: true });
  copyFileSync('generated/schema.d.ts', `dist/${format}/generated/schema.d.ts`);
}
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
// What the package ships besides the bundles, each file once (spec files, shared declarations,
// validators): see scripts/pack-files.mjs.
await import('./pack-files.mjs');
