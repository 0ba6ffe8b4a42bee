// The whole project type-checks: src/ against the generated types, and every test file, whose
// typed calls (`braze.users.track({...})`) would stop compiling if the spec and the client drifted.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('tsc --noEmit passes on src/, generated/ and test/', () => {
  let output = '';
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error: any) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 120_000);

// Declarations are checked too (skipLibCheck off): openapi-typescript's output once held a
// self-referring schema (NestedAttributeValue) that TypeScript refused (TS2502) and typed as `any`.
it('generated/schema.d.ts and generated/methods.ts compile with skipLibCheck false under strict', () => {
  let output = '';
  try {
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '--noEmit', '--strict', '--skipLibCheck', 'false', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', 'generated/schema.d.ts', 'generated/methods.ts'],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (error: any) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 120_000);
