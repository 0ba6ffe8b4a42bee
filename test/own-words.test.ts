// Every sentence people write in openapi/ is in our own words: no summary, description, title,
// rate-limit note, comment or Markdown page there shares a run of RUN (10) words with a page of
// Braze's documentation, copied under ../shared/reference/braze-docs as reference data only.
// The matcher is in helpers/own-words.ts; the threshold and its calibration are in README.md.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MIN_WORDS,
  RUN,
  buildIndex,
  normalise,
  readPages,
  sharedRuns,
  yamlStrings,
  type DocsIndex,
  type Written,
} from './helpers/own-words.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = resolve(root, '../shared/reference/braze-docs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** Every string of openapi/ that people write, with its file (relative to the repo) and JSON path. */
function writtenStrings(): Written[] {
  return filesUnder(join(root, 'openapi')).flatMap((path) => {
    const file = relative(root, path);
    const source = readFileSync(path, 'utf8');
    if (path.endsWith('.yaml')) return yamlStrings(file, source);
    if (path.endsWith('.md')) return [{ file, path: '(page)', text: source }];
    return [];
  });
}

/**
 * The rest of what people write here: the code, comments and messages of src/, scripts/, bench/
 * and the Spectral functions and rulesets, read whole (code is identifiers, which never make a
 * run), and every README and the changelog. test/ is left out: its fixtures reproduce Braze's
 * documented example bodies on purpose; so are the emulator's string literals (Braze's answers).
 */
function otherTexts(): Written[] {
  const code = ['src', 'scripts', 'bench', 'spectral'].flatMap((dir) => filesUnder(join(root, dir)));
  const markdown = ['.', 'generated', 'test', 'openapi'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(root, dir, f)),
  );
  return [...code, ...markdown, join(root, '.spectral.yaml'), join(root, 'redocly.yaml')]
    .filter((path) => /\.(ts|mts|mjs|js|cjs|sh|yaml|md)$/.test(path))
    .map((path) => {
      const file = relative(root, path);
      const text = readFileSync(path, 'utf8');
      // The emulator answers with Braze's own error texts, word for word, as Braze does: those string
      // literals are API output (data, like the examples), not our prose; its comments still count.
      return { file, path: '(file)', text: file.startsWith('src/emulator/') ? text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''") : text };
    });
}

function report(hits: { where: Written; words: string; pages: string[] }[]): string {
  return hits
    .map(({ where, words, pages }) => `${where.file} ${where.path}\n    shares: "${words}"\n    with:   ${pages.join(', ')}`)
    .join('\n');
}

// A page shaped like Braze's (front matter, Liquid, HTML, a table, a code block), in our words.
const fixturePage = `---
nav_title: "POST: Polish the teapot"
description: "A front matter sentence that is long enough to count as prose when someone copies it."
---
{% api %}
# Polish the teapot
{% apimethod post %}
/teapot/polish
{% endapimethod %}

> Call this endpoint to polish a teapot until its spout shines like the morning sun over the harbour.

{% alert note %} The \`kettle_id\` must be cold, since a hot kettle warps the felt of the polishing cloth quite badly. {% endalert %}

| Parameter | Required | Data Type | Description |
| --- | --- | --- | --- |
| \`teapot_id\` | Required | String | The <br> identifier of the teapot that the polishing crew should collect from the shelf. |

Fields: \`spout\`, \`handle\`, \`lid\`, \`base\`, \`glaze\`, \`rim\`, \`knob\`, \`foot\`, \`vent\` and \`strainer\`.

Limits: 50, 75, 100, 250, 1,000, 5,000, 10,000, 20,000, 50,000 and 250,000 requests.

Mirrors: https://a.test/1 https://a.test/2 https://a.test/3 https://a.test/4 https://a.test/5 https://a.test/6 https://a.test/7 https://a.test/8 and https://a.test/9.

\`\`\`json
{ "teapot_id": "t-1", "note": "the polishing crew keeps this comment inside the example body for later" }
\`\`\`
`;

describe('matcher (helpers/own-words.ts), on a fixture page', () => {
  const index = buildIndex([{ name: 'fixture/teapot.md', text: fixturePage }]);

  it('catches a sentence copied from the page, naming the run and the page', () => {
    const runs = sharedRuns('Polishes. Call this endpoint to polish a teapot until its spout shines like the morning sun.', index);
    expect(runs).toEqual([{ words: 'Call this endpoint to polish a teapot until its spout shines like the morning sun.', pages: ['fixture/teapot.md'] }]);
  });

  it('catches a near copy: other case, punctuation, line breaks, Markdown and other identifiers in code spans', () => {
    const copied = 'The `pot_id` must be *COLD* -- since a hot\n  kettle warps the [felt](https://x.test) of the polishing cloth.';
    expect(sharedRuns(copied, index).map((r) => r.pages)).toEqual([['fixture/teapot.md']]);
    // table cells, with the HTML and the identifier column stripped
    expect(sharedRuns('`teapot` is the identifier of the teapot that the polishing crew should collect', index)).toHaveLength(1);
    // front matter prose and code block text count as page text
    expect(sharedRuns('a front matter sentence that is long enough to count as prose', index)).toHaveLength(1);
    expect(sharedRuns('the polishing crew keeps this comment inside the example body', index)).toHaveLength(1);
  });

  it(`flags ${RUN} shared words and not ${RUN - 1}`, () => {
    const words = 'call this endpoint to polish a teapot until its spout'.split(' ');
    expect(words).toHaveLength(RUN);
    expect(sharedRuns(`Zebras ${words.join(' ')} gleam.`, index)).toHaveLength(1);
    expect(sharedRuns(`Zebras ${words.slice(0, RUN - 1).join(' ')} gleam.`, index)).toEqual([]);
    expect(sharedRuns(`Zebras ${words.slice(1).join(' ')} gleam.`, index)).toEqual([]);
  });

  it(`ignores runs made of field names, numbers and URLs (fewer than ${MIN_WORDS} plain words in ${RUN})`, () => {
    expect(sharedRuns('Fields: `spout`, `handle`, `lid`, `base`, `glaze`, `rim`, `knob`, `foot`, `vent` and `strainer`.', index)).toEqual([]);
    expect(sharedRuns('Limits: 50, 75, 100, 250, 1,000, 5,000, 10,000, 20,000, 50,000 and 250,000 requests.', index)).toEqual([]);
    expect(sharedRuns('https://a.test/1 https://a.test/2 https://a.test/3 https://a.test/4 https://a.test/5 https://a.test/6 https://a.test/7 https://a.test/8 and https://a.test/9', index)).toEqual([]);
    // the same lists are in the index: only the rule on plain words lets them through
    const all = buildIndex([{ name: 'fixture/teapot.md', text: fixturePage }], { minWords: 0 });
    expect(sharedRuns('Fields: `spout`, `handle`, `lid`, `base`, `glaze`, `rim`, `knob`, `foot`, `vent` and `strainer`.', all)).toHaveLength(1);
  });

  it('does not index Liquid tags, front matter keys or link targets', () => {
    const tags = buildIndex([{ name: 'tags.md', text: '{% alert note the first ten words of this tag are not prose at all %}' }]);
    expect(tags.grams.size).toBe(0);
    const front = buildIndex([{ name: 'front.md', text: '---\npage_order: 1\nlayout: api_page\nnav_title: Short\n---\n' }]);
    expect(front.grams.size).toBe(0);
  });

  it('never joins two strings, a Liquid tag or a code block into one run', () => {
    // the page's blockquote and its alert are separated by a Liquid tag
    expect(sharedRuns('morning sun over the harbour the `kettle_id` must be cold since', index)).toEqual([]);
    expect(sharedRuns('morning sun over the harbour', index)).toEqual([]);
  });
});

describe('own words in openapi/', () => {
  let index: DocsIndex;
  beforeAll(() => {
    if (!existsSync(DOCS)) {
      throw new Error(
        `Braze's documentation pages are missing: expected them at ${DOCS} (../shared/reference/braze-docs from the repo root). ` +
          'This test compares openapi/ with them and cannot pass without them.',
      );
    }
    const pages = readPages(DOCS);
    // an empty or truncated copy would make every check pass: INDEX.md lists 93 endpoint pages
    if (pages.filter((p) => p.name.startsWith('endpoints/')).length < 93) {
      throw new Error(`Only ${pages.length} pages under ${DOCS}: the copy of Braze's documentation is incomplete.`);
    }
    index = buildIndex(pages);
  });

  it('catches a sentence copied from a real page into a description', () => {
    // the page's lead sentence, read at run time so that this repository never holds it
    const page = readFileSync(join(DOCS, 'endpoints/user_data/post_user_alias.md'), 'utf8');
    const lead = /^> (.+)$/m.exec(page)![1];
    const yaml = `post:\n  summary: Create aliases\n  description: |\n    Adds aliases. ${lead.replace('users', 'USERS')}\n`;
    const [summary, description] = yamlStrings('fixture.yaml', yaml);
    expect(sharedRuns(summary.text, index)).toEqual([]);
    const runs = sharedRuns(description.text, index);
    expect(description.path).toBe('$.post.description');
    expect(runs).toHaveLength(1);
    expect(runs[0].pages).toContain('endpoints/user_data/post_user_alias.md');
    expect(runs[0].words.split(' ').length).toBeGreaterThanOrEqual(RUN);
  });

  it('lets through the phrases a description of the same API cannot avoid', () => {
    // each of these is in Braze's pages (checked here) and in our descriptions; all are shorter
    // than RUN plain words or are lists of field names
    const unavoidable = [
      'Names the user by `external_id`: the external ID of the user.',
      'Compares the last time the user used the app with a date.',
      'Braze keeps send analytics for 14 days after the send.',
      'Remove email addresses from the spam list',
      'push (`alert`, `title`, `action`, `image_url`, `large_image_url`, `extras`), email (`subject`, `body`, `from`, `reply_to`, `preheader`, ...)',
    ];
    const inPages = ['the external id of the user', 'the last time the user used the app', 'send analytics for 14 days after the send', 'remove email addresses from the spam list'];
    for (const phrase of inPages) expect(index.pages.some((p) => p.flat.includes(normalise(phrase))), phrase).toBe(true);
    expect(index.pages.some((p) => p.flat.includes(normalise('`alert` `title` `action` `image_url` `large_image_url` `extras` email `subject` `body` `from` `reply_to` `preheader`')))).toBe(true);
    for (const text of unavoidable) expect(sharedRuns(text, index), text).toEqual([]);
  });

  it('reads summaries, descriptions, titles, rate-limit notes and comments, but not examples', () => {
    const yaml = [
      '# file comment',
      'get:',
      '  summary: S',
      '  x-braze-rate-limit:',
      '    note: N',
      '  parameters:',
      '    - name: p',
      '      description: P # trailing comment',
      '      schema:',
      '        title: T',
      '        properties:',
      '          description:',
      '            type: string',
      '            description: D',
      '          value:',
      '            description: V',
      '          title: true',
      '        example:',
      '          description: not prose',
      '        examples:',
      '          - description: not prose either',
      '      content:',
      '        application/json:',
      '          examples:',
      '            one:',
      '              summary: E',
      '              value:',
      '                description: data again',
    ].join('\n');
    expect(yamlStrings('f.yaml', yaml).map((w) => `${w.path}=${w.text.trim()}`)).toEqual([
      '$.get (comment)=file comment',
      '$.get.summary=S',
      '$.get.x-braze-rate-limit.note=N',
      '$.get.parameters[0].description=P',
      '$.get.parameters[0].description (comment)=trailing comment',
      '$.get.parameters[0].schema.title=T',
      '$.get.parameters[0].schema.properties.description.description=D',
      '$.get.parameters[0].schema.properties.value.description=V',
      '$.get.parameters[0].content["application/json"].examples.one.summary=E',
    ]);
  });

  it(`no string shares ${RUN} words with a Braze page`, () => {
    const written = writtenStrings();
    // a collector that finds nothing would pass: there are well over a thousand strings
    expect(written.length).toBeGreaterThan(1500);
    const hits = written.flatMap((where) => sharedRuns(where.text, index).map((run) => ({ where, ...run })));
    expect(hits, `${hits.length} run(s) of ${RUN}+ words copied from Braze's pages; rewrite them in our own words:\n${report(hits)}`).toEqual([]);
  });

  it(`no comment of src/, scripts/, bench/, spectral/ and no README shares ${RUN} words with a Braze page`, () => {
    const written = otherTexts();
    expect(written.length).toBeGreaterThan(20);
    const hits = written.flatMap((where) => sharedRuns(where.text, index).map((run) => ({ where, ...run })));
    expect(hits, `${hits.length} run(s) of ${RUN}+ words copied from Braze's pages; rewrite them in our own words:\n${report(hits)}`).toEqual([]);
  });
});
