// Each of our Spectral rules (.spectral.yaml) passes on test/spectral/valid.yaml and fires on
// test/spectral/invalid/<rule>.yaml, a copy of the valid document that breaks that rule only.
// Spectral runs once over all fixtures, as the build runs it.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ruleset = parse(readFileSync(`${root}.spectral.yaml`, 'utf8'));
const ourRules = Object.keys(ruleset.rules).filter((name) => name.startsWith('braze-'));
const invalid = readdirSync(`${root}test/spectral/invalid`).map((f) => f.replace(/\.yaml$/, ''));

function lint(): { source: string; code: string }[] {
  let out: string;
  try {
    out = execFileSync(`${root}node_modules/.bin/spectral`, ['lint', 'test/spectral/valid.yaml', 'test/spectral/invalid/*.yaml', '-r', '.spectral.yaml', '-f', 'json', '-q'], { cwd: root, encoding: 'utf8' });
  } catch (error: any) {
    out = error.stdout; // spectral exits 1 when it finds problems, which the invalid fixtures are for
  }
  return JSON.parse(out).map((r: any) => ({ source: r.source.split('/').pop().replace(/\.yaml$/, ''), code: r.code }));
}

const results = lint();

describe('custom Spectral rules', () => {
  it('every braze-* rule has a failing fixture', () => {
    expect(invalid.sort()).toEqual([...ourRules].sort());
  });
  it('the valid fixture passes every rule', () => {
    expect(results.filter((r) => r.source === 'valid')).toEqual([]);
  });
  it.each(ourRules)('%s fires on its failing fixture, and no other braze rule does', (rule) => {
    const fired = results.filter((r) => r.source === rule && r.code.startsWith('braze-')).map((r) => r.code);
    expect([...new Set(fired)]).toEqual([rule]);
  });
});
