// Editor help: hovering a client method shows its documentation, generated from the spec
// (generated/methods.ts): the summary, method and path, permission, rate limit, the link to the
// operation in the reference, and `@deprecated` with what to call instead. Asked of TypeScript's
// language service, the one editors run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { editorOn, editorOptions } from './helpers/hover.js';
import { operations } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = join(root, 'test', '__hover__.ts');
const source = `import { createBrazeClient } from '../src/index.js';
const braze = createBrazeClient({ apiKey: 'k', instance: 'US-01' });
void braze.users.track;
void braze.email.blacklist;
void braze.feed.list;
void braze.users.delete;
`;
const options = { ...editorOptions, types: ['node'] };
const editor = editorOn(file, source, options);
const hover = (marker: string) => editor.hover(marker);

describe('hovering a client method', () => {
  it('braze.users.track shows the summary, path, permission, rate limit and reference link', () => {
    const text = hover('braze.users.track');
    expect(text).toContain('Track user attributes, events and purchases');
    expect(text).toContain('POST /users/track');
    expect(text).toContain('permission: `users.track`');
    expect(text).toMatch(/Rate limit: 3,000 requests per 3 seconds/);
    expect(text).toContain('#/user-data/users.track');
    expect(text).not.toContain('@deprecated');
  });

  it('a deprecated method shows @deprecated with its replacement', () => {
    const text = hover('braze.email.blacklist');
    expect(text).toMatch(/@deprecated Use `braze\.email\.blocklist\(\)` instead/);
    expect(hover('braze.feed.list')).toMatch(/@deprecated .*Content Cards/);
  });

  it('a rate limit shared by a group names the other operations of the group', () => {
    expect(hover('braze.users.delete')).toMatch(/Rate limit: 20,000 requests per minute, shared with .*`users\.identify`/);
  });

  it('the file compiles', () => {
    expect(editor.errors()).toEqual([]);
  });

  it('every operation of the spec is documented, and exactly the deprecated ones say so', () => {
    const generated = readFileSync(join(root, 'generated/methods.ts'), 'utf8');
    for (const { operationId, operation } of operations) {
      const name = operationId.split('.').slice(1).join('.');
      const block = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\n  "?${name.replace(/\./g, '\\.')}"?: MethodOf<'${operationId.replace(/\./g, '\\.')}'>`).exec(generated);
      expect(block, operationId).not.toBeNull();
      const doc = block![1];
      expect(doc, operationId).toContain(operation.summary.trim().replace(/\.$/, ''));
      expect(doc, operationId).toMatch(/Rate limit: /);
      expect(doc, operationId).toMatch(/@see \{@link https:\/\/\S+#\/[a-z0-9-]+\/\S+ \|/);
      expect(doc.includes('@deprecated'), operationId).toBe(operation.deprecated === true);
    }
  });
});
