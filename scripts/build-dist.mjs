// Compiles src/ into dist/: one ESM and one CommonJS bundle (openapi-fetch stays a dependency),
// and the declarations for each, the CommonJS ones under a `"type": "commonjs"` scope so that
// TypeScript reads them as CommonJS for `require` users.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const common = { entryPoints: ['src/index.ts'], bundle: true, platform: 'neutral', target: 'es2022', external: ['openapi-fetch', 'node:*'], legalComments: 'none', logLevel: 'warning' };
await build({ ...common, format: 'esm', outfile: 'dist/esm/index.js' });
await build({ ...common, format: 'cjs', outfile: 'dist/cjs/index.cjs', mainFields: ['module', 'main'] });
// The bulk helpers, loaded by the client on first use.
await build({ ...common, entryPoints: ['src/bulk.ts'], format: 'esm', outfile: 'dist/esm/bulk.js' });
await build({ ...common, entryPoints: ['src/bulk.ts'], format: 'cjs', outfile: 'dist/cjs/bulk.cjs' });
// The shared rate-limit store in Redis, for Node only; `redis` is the user's (optional peer dependency).
await build({ ...common, entryPoints: ['src/redis-store.ts'], platform: 'node', external: ['redis', 'node:*'], format: 'esm', outfile: 'dist/esm/redis.js' });
await build({ ...common, entryPoints: ['src/redis-store.ts'], platform: 'node', external: ['redis', 'node:*'], format: 'cjs', outfile: 'dist/cjs/redis.cjs' });
// The import command, for Node only.
await build({ ...common, entryPoints: ['src/cli.ts'], platform: 'node', format: 'esm', outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
// The validators entry (src/validation.ts with the compiled validators): Ajv's runtime helpers
// they require are inlined, so Ajv is not a dependency.
const validators = { entryPoints: ['src/validation.ts'], bundle: true, platform: 'neutral', mainFields: ['main', 'module'], target: 'es2022', legalComments: 'none', logLevel: 'warning', minify: true };
await build({ ...validators, format: 'esm', outfile: 'dist/esm/validators.js' });
await build({ ...validators, format: 'cjs', outfile: 'dist/cjs/validators.cjs' });

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
