// The code samples of the reference (`x-codeSamples`, added by scripts/gen-samples.mjs): every
// operation has a curl and a TypeScript sample, they are exactly what the script derives from the
// current examples (nobody edited them by hand), every TypeScript sample compiles against src/ as a
// user's file would (`import { createBrazeClient } from 'braze-openapi'`), and every curl sample,
// pointed at the mock instead of Braze, is accepted by it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { samplesFor } from '../scripts/gen-samples.mjs';
import { operations, spec } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
type Sample = { lang: string; label: string; source: string };
const samplesOf = (op: (typeof operations)[number]): Sample[] => op.operation['x-codeSamples'] ?? [];

describe('code samples', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s has a curl and a TypeScript sample, as derived from its examples', (_, op) => {
    const samples = samplesOf(op);
    expect(samples.map((s) => `${s.lang}/${s.label}`)).toEqual(['Shell/curl', 'TypeScript/braze-openapi']);
    expect(samples).toEqual(samplesFor(spec, op.path, op.method));
  });

  it('every TypeScript sample type-checks against the client in src/', () => {
    const dir = join(root, 'test-results', 'samples-typecheck');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const op of operations) {
      const sample = samplesOf(op).find((s) => s.lang === 'TypeScript');
      writeFileSync(join(dir, `${op.operationId}.mts`), sample!.source);
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          // What `npm install braze-openapi` would resolve, but from the sources under test.
          paths: { 'braze-openapi': ['../../src/index.ts'] },
        },
        include: ['*.mts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error: any) {
      output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 120_000);

  it('every curl sample, sent to the mock, is accepted', () => {
    const mockUrl = inject('mockUrl');
    const server = spec.servers[0].url;
    const refused: string[] = [];
    for (const op of operations) {
      const sample = samplesOf(op).find((s) => s.label === 'curl')!;
      const command = sample.source.replace(`'${server}`, `'${mockUrl}`);
      expect(command).toContain(mockUrl); // nothing may go to Braze
      const status = execFileSync('sh', ['-c', `${command.trimEnd()} -s -o /dev/null -w '%{http_code}'`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, BRAZE_API_KEY: 'sample-key', BRAZE_SCIM_TOKEN: 'sample-scim-token', BRAZE_CLIENT_KEY: 'sample-client-key' },
      });
      if (!status.startsWith('2')) refused.push(`${op.operationId}: ${status}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);
});
