// `npm start` builds with `--if-changed`: a step whose inputs and outputs have not changed since its
// last successful run is not run again, and the build says so. Proven on the `types` step with a
// record of its own (BRAZE_BUILD_STAMPS), so that the user's record is left alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'braze-openapi-stamps-'));
const stamps = join(dir, 'stamps.json');
const build = (...args: string[]) =>
  execFileSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, BRAZE_BUILD_STAMPS: stamps } });

describe('build --if-changed', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a step without a record, then skips it while nothing changed, and says so', () => {
    const first = build('--only', 'types', '--if-changed');
    expect(first).toMatch(/build: scripts\/gen-types\.mjs ok/);
    expect(JSON.parse(readFileSync(stamps, 'utf8'))).toHaveProperty('types.inputs');
    const second = build('--only', 'types', '--if-changed');
    expect(second).not.toMatch(/gen-types\.mjs ok/);
    expect(second).toMatch(/build: types up to date/);
    expect(second).toMatch(/everything up to date, nothing rebuilt/);
  }, 120_000);

  it('runs the step again when its inputs differ from the record', () => {
    const record = JSON.parse(readFileSync(stamps, 'utf8'));
    record.types.inputs = 'an older spec';
    writeFileSync(stamps, JSON.stringify(record));
    expect(build('--only', 'types', '--if-changed')).toMatch(/build: scripts\/gen-types\.mjs ok/);
  }, 120_000);

  it('runs the step again when one of its outputs was changed or removed since', () => {
    const record = JSON.parse(readFileSync(stamps, 'utf8'));
    record.types.outputs = 'outputs someone edited';
    writeFileSync(stamps, JSON.stringify(record));
    expect(build('--only', 'types', '--if-changed')).toMatch(/build: scripts\/gen-types\.mjs ok/);
  }, 120_000);

  it('always runs without --if-changed (npm run build, the drift check)', () => {
    expect(build('--only', 'types')).toMatch(/build: scripts\/gen-types\.mjs ok/);
  }, 120_000);
});
