// The README's TypeScript snippets compile against the client: each ```ts block becomes a function
// body (its imports are the header below; the few names a snippet leaves to the reader are
// declared), and tsc --strict checks them. A renamed option or method breaks this test, not a user.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('every TypeScript snippet of the README type-checks', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  // Types a snippet imports (`import type { UsersTrackBody } from 'braze-openapi'`) join the header.
  const types = [...new Set(blocks.flatMap((b) => [...b.matchAll(/^import type \{([^}]*)\} from 'braze-openapi';$/gm)].flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean))))];
  const header = [
    "import { createBrazeClient, BrazeApiError, BrazeValidationError } from '../../src/index.js';",
    ...(types.length ? [`import type { ${types.join(', ')} } from '../../src/index.js';`] : []),
    "import { startEmulator } from '../../src/emulator/index.js';",
    "import { redisStore } from '../../src/redis-store.js';",
    'declare const apiKey: string;',
    'declare const controller: AbortController;',
    'declare const log: { warn(value: unknown): void };',
    'declare function readRowsSomehow(): AsyncIterable<{ attributes: Record<string, unknown> }>;',
    'declare const externalIds: string[];',
    'declare const items: { id: string }[];',
    "const braze = createBrazeClient({ apiKey: 'k', instance: 'US-01' });",
  ].join('\n');
  const body = blocks
    .map((code, i) => `export async function snippet${i}() {\n${code.replace(/^import .*$/gm, '')}\n}\n`)
    .join('\n');
  const dir = join(root, 'test-results', 'readme');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'snippets.ts'), `${header}\n${body}`);
  let output = '';
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--lib', 'ES2022,DOM,DOM.Iterable', '--skipLibCheck', '--types', 'node', join(dir, 'snippets.ts')],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (error: any) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 120_000);
