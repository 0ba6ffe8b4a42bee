// The `overrides` of .spectral.yaml exempt exactly the paths Braze documents in a form our lint
// forbids (today `/templates/email/translations/`, with its trailing slash), and nothing else: the
// fixture holds that path and another one with a trailing slash, which must still be reported.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function lint(): { code: string; path: string[] }[] {
  let out: string;
  try {
    out = execFileSync(`${root}node_modules/.bin/spectral`, ['lint', 'test/spectral/overrides/openapi.yaml', '-r', '.spectral.yaml', '-f', 'json', '-q'], { cwd: root, encoding: 'utf8' });
  } catch (error: any) {
    out = error.stdout; // spectral exits 1 when it reports anything
  }
  return JSON.parse(out).map((r: any) => ({ code: r.code, path: r.path }));
}

it('the trailing slash is allowed on /templates/email/translations/ only', () => {
  const trailing = lint().filter((r) => r.code === 'path-keys-no-trailing-slash');
  expect(trailing.map((r) => r.path[1])).toEqual(['/templates/webhook/translations/']);
});
