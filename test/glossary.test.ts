// Every row of the Braze API glossary (test/fixtures/glossary.tsv, a copy of shared/glossary.tsv:
// the 92 glossary endpoints plus /users/track/sync) is an operation of the bundle. Rows of a tag
// nobody has written yet stay `todo`, so that the gap is visible in every run; once a tag has any
// operation, all of its rows must be there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from './helpers/spec.js';

const rows = readFileSync(new URL('./fixtures/glossary.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [method, path, tag] = line.split('\t');
    return { method, path, tag };
  });

// Braze writes path parameters in several spellings ({CAMPAIGN_ID}, {campaign_id}); compare shapes.
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '');
const byShape = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${shape(op.path)}`, op]));
const writtenTags = new Set(operations.flatMap((op) => op.operation.tags ?? []));

describe('glossary coverage', () => {
  it('the fixture has the 93 documented operations', () => {
    expect(rows).toHaveLength(93);
  });

  for (const row of rows) {
    const name = `${row.method} ${row.path} (${row.tag})`;
    if (!writtenTags.has(row.tag)) {
      it.todo(name);
      continue;
    }
    it(name, () => {
      const op = byShape.get(`${row.method} ${shape(row.path)}`);
      expect(op, `${name} is missing from generated/openapi.json`).toBeDefined();
      expect(op!.operation.tags).toContain(row.tag);
    });
  }
});
