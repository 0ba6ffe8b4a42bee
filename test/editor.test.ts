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

describe('the documentation generator (scripts/gen-methods.mjs)', () => {
  const load = () => import('../scripts/gen-methods.mjs' as string);
  const op = (extra: Record<string, unknown>) => ({
    path: '/widgets/spin',
    method: 'post',
    op: {
      operationId: 'widgets.spin',
      tags: ['Widget Things'],
      summary: 'Spin a widget',
      'x-braze-permission': 'widgets.spin',
      'x-braze-rate-limit': { requests: 100, windowSeconds: 60, group: 'widgets' },
      ...extra,
    },
  });

  it('writes the availability of x-braze-availability', async () => {
    const { methodDoc } = await load();
    const lines: string[] = methodDoc(op({ 'x-braze-availability': ['early-access'] }), new Map(), new Map());
    expect(lines.join('\n')).toMatch(/^Availability: early access/m);
    expect(methodDoc(op({}), new Map(), new Map()).join('\n')).not.toMatch(/Availability/);
  });

  it('names the replacement of a deprecated operation, from x-braze-replaced-by or the path its description names', async () => {
    const { methodDoc } = await load();
    const byPath = new Map([['/widgets/twirl', 'widgets.twirl']]);
    const fromPath = methodDoc(op({ deprecated: true, description: 'Deprecated: call `/widgets/twirl`, which does the same.\n\nSpins it.' }), new Map(), byPath);
    expect(fromPath.at(-1)).toBe('@deprecated Use `braze.widgets.twirl()` instead. Call `/widgets/twirl`, which does the same.');
    // A path the text mentions without telling to call it is no replacement.
    const mention = methodDoc(op({ deprecated: true, description: '**Deprecated.** Statistics now come with `/widgets/twirl`. More text.' }), new Map(), byPath);
    expect(mention.at(-1)).toBe('@deprecated Statistics now come with `/widgets/twirl`.');
    const named = methodDoc(op({ deprecated: true, 'x-braze-replaced-by': 'widgets.whirl', description: 'Old.' }), new Map(), byPath);
    expect(named.at(-1)).toMatch(/^@deprecated Use `braze\.widgets\.whirl\(\)` instead\./);
    // x-braze-replaced-by as a sentence naming `METHOD /path`: the path becomes the client method.
    const byRoute = new Map([...byPath, ['POST /widgets/twirl', 'widgets.twirl']]);
    const sentence = methodDoc(op({ deprecated: true, 'x-braze-replaced-by': '`POST /widgets/twirl`, which takes the same body.', description: 'Old.' }), new Map(), byRoute);
    expect(sentence.at(-1)).toBe('@deprecated Use `braze.widgets.twirl()` instead (`POST /widgets/twirl`), which takes the same body.');
    const feature = methodDoc(op({ deprecated: true, 'x-braze-replaced-by': 'Gadgets for new work; counts come with `POST /widgets/twirl`', description: 'Old.' }), new Map(), byRoute);
    expect(feature.at(-1)).toBe('@deprecated Use Gadgets for new work; counts come with `braze.widgets.twirl()` (`POST /widgets/twirl`).');
    const unknown = methodDoc(op({ deprecated: true, 'x-braze-replaced-by': '`GET /widgets/gone`, retired too.', description: 'Old.' }), new Map(), byRoute);
    expect(unknown.at(-1)).toBe('@deprecated Use `GET /widgets/gone`, retired too.');
  });

  it('links to the operation in the reference, and says which operations share the budget', async () => {
    const { methodDoc } = await load();
    const lines: string[] = methodDoc(op({}), new Map([['widgets', ['widgets.spin', 'widgets.twirl']]]), new Map());
    expect(lines).toContain('Rate limit: 100 requests per minute, shared with `widgets.twirl`.');
    expect(lines.join('\n')).toMatch(/@see \{@link https:\/\/\S+#\/widget-things\/widgets\.spin \|/);
  });
});
