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
