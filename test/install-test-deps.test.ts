// scripts/install-test-deps.sh (run first by `npm test`): it says which Debian packages it will
// install and why before installing anything, and prints nothing when all are there. Run against a
// fake root (TEST_DEPS_PREFIX) in dry-run mode: no apt-get, no root needed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fake = mkdtempSync(join(tmpdir(), 'braze-openapi-deps-'));
const run = () =>
  execFileSync('bash', [join(root, 'scripts/install-test-deps.sh')], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, TEST_DEPS_PREFIX: fake, TEST_DEPS_DRY_RUN: '1' } });
const place = (file: string) => {
  mkdirSync(dirname(join(fake, file)), { recursive: true });
  writeFileSync(join(fake, file), '');
};
const FILES: Record<string, string> = {
  chromium: '/usr/bin/chromium',
  'fonts-liberation': '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  'openjdk-17-jre-headless': '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
  python3: '/usr/bin/python3',
  'python3-urllib3': '/usr/lib/python3/dist-packages/urllib3/__init__.py',
  'python3-dateutil': '/usr/lib/python3/dist-packages/dateutil/__init__.py',
  'python3-six': '/usr/lib/python3/dist-packages/six.py',
  'python3-certifi': '/usr/lib/python3/dist-packages/certifi/__init__.py',
  'python3-requests': '/usr/lib/python3/dist-packages/requests/__init__.py',
  'redis-server': '/usr/bin/redis-server',
};

describe('install-test-deps.sh', () => {
  afterAll(() => rmSync(fake, { recursive: true, force: true }));

  it('on a bare machine, lists every package with the reason, before the install command', () => {
    const out = run();
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`needs ${Object.keys(FILES).length} Debian package\\(s\\) that are not installed`));
    for (const name of Object.keys(FILES)) expect(out).toMatch(new RegExp(`^  ${name.replace(/[.]/g, '\\.')}\\s+\\S.*$`, 'm'));
    expect(out).toMatch(/chromium\s+the rendered reference is opened in headless Chromium/);
    expect(lines.at(-1)).toMatch(/would run: apt-get install -y --no-install-recommends chromium fonts-liberation/);
  });

  it('lists only what is missing', () => {
    for (const [name, file] of Object.entries(FILES)) if (name !== 'python3-six') place(file);
    const out = run();
    expect(out).toMatch(/needs 1 Debian package\(s\)/);
    expect(out).toMatch(/^  python3-six\s+imported by the generated Python client$/m);
    expect(out).not.toMatch(/^  chromium/m);
  });

  it('prints nothing when everything is there', () => {
    place(FILES['python3-six']);
    expect(run()).toBe('');
  });
});
