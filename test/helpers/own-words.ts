// Finds runs of words that a text of ours shares with Braze's documentation pages, to keep every
// sentence of the description in our own words (see test/own-words.test.ts).
//
// Both sides are reduced to the same token stream: Markdown, HTML, Liquid tags and front matter
// are stripped, text is lower-cased and punctuation removed. Code spans and identifier-like words
// (`external_id`, users.alias.new, /users/track, camelCase) all become one "code" token, numbers
// one "number" token, URLs one "url" token: a shared run is about the wording around them, so
// `braze_id` in place of `external_id` does not hide a copied sentence, and a run made only of
// field names, numbers and URLs is never reported (see MIN_WORDS).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as YAML from 'yaml';

/** Length of a shared run that counts as copying (calibration in test/README.md). */
export const RUN = 10;
/** A run is reported only when at least this many of its tokens are plain words. */
export const MIN_WORDS = 4;

const CODE = '\u0001c';
const NUM = '\u0001n';
const URL = '\u0001u';
const PLACEHOLDERS = new Set([CODE, NUM, URL]);

/** `shown` is the text as written; the words split from one chunk (`alias-only`) share it and `chunk`. */
export type Token = { norm: string; shown: string; chunk: number };
/** Runs never cross a segment boundary (a code block, a Liquid tag, another string). */
export type Segment = Token[];

/** 53-bit string hash (cyrb53), so that a Set<number> holds the n-grams. */
export function hash(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const BREAK = '\u0002';

// Front matter is metadata, but a few of its values are prose (description, glossary texts): they
// stay, each as its own segment; keys, names, links and layout values go.
function frontMatterProse(front: string): string {
  const values = [...front.matchAll(/^\s*[\w-]+:\s*"((?:[^"\\]|\\.)*)"\s*$/gm)].map((m) => m[1]);
  return BREAK + values.join(BREAK) + BREAK;
}

/** Strips what a Braze page carries beyond its prose: front matter, Liquid, kramdown attributes. */
export function stripPage(page: string): string {
  return page
    .replace(/^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/, (_m, front: string) => frontMatterProse(front))
    .replace(/\{%[\s\S]*?%\}/g, BREAK)
    .replace(/\{\{[\s\S]*?\}\}/g, ' ')
    .replace(/\{:[^}\n]*\}/g, BREAK);
}

/** Splits Markdown (ours or a page's) into segments of normalised tokens. */
export function tokenize(markdown: string, opts: { codeBlocks?: 'text' | 'skip' } = {}): Segment[] {
  const spans: string[] = [];
  const keep = (shown: string, kind: string) => `\u0003${kind}${spans.push(shown) - 1}\u0003`;
  let text = markdown
    .replace(/```[^\n]*\n([\s\S]*?)(```|$)/g, (_m, body: string) => (opts.codeBlocks === 'text' ? `${BREAK}${body}${BREAK}` : BREAK))
    .replace(/<!--[\s\S]*?-->/g, BREAK)
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^\s*\[[^\]\n]+\]:\s*\S+.*$/gm, BREAK)
    .replace(/\[([^\]\n]*)\]\[[^\]\n]*\]/g, '$1')
    .replace(/(?:https?:\/\/|www\.)[^\s)>\]`'"|]+/g, (m) => keep(m, 'u'))
    .replace(/``?([^`\n]+?)``?/g, (m) => keep(m, 'c'))
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  const segments: Segment[] = [];
  let chunkNo = 0;
  for (const part of text.split(BREAK)) {
    const seg: Segment = [];
    for (const chunk of part.split(/[\s|]+/)) {
      if (!chunk) continue;
      chunkNo++;
      const placeholder = /\u0003([uc])(\d+)\u0003/.exec(chunk);
      if (placeholder) {
        // a code span or URL glued to punctuation or another word: the whole chunk is one token
        seg.push({ norm: placeholder[1] === 'u' ? URL : CODE, shown: chunk.replace(/\u0003([uc])(\d+)\u0003/g, (_m, _k, i) => spans[Number(i)]), chunk: chunkNo });
        continue;
      }
      const core = chunk.replace(/^[^\p{L}\p{N}_/{$]+|[^\p{L}\p{N}_}]+$/gu, '');
      if (!core) continue;
      if (/_|\p{Ll}\p{Lu}|[\p{L}\p{N}]{2,}\.\p{L}{2,}|^\/|\/.*\/|[{}$]/u.test(core)) {
        seg.push({ norm: CODE, shown: chunk, chunk: chunkNo });
        continue;
      }
      if (/^[\d.,:%+\-x×/]*\d[\d.,:%+\-x×/]*$/i.test(core)) {
        seg.push({ norm: NUM, shown: chunk, chunk: chunkNo });
        continue;
      }
      for (const word of core.toLowerCase().replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u)) {
        if (!word) continue;
        seg.push({ norm: /\d/.test(word) ? NUM : word, shown: chunk, chunk: chunkNo });
      }
    }
    if (seg.length) segments.push(seg);
  }
  return segments;
}

function gramKey(seg: Segment, i: number, n: number): string {
  let key = seg[i].norm;
  for (let k = 1; k < n; k++) key += ' ' + seg[i + k].norm;
  return key;
}

function plainWords(seg: Segment, i: number, n: number): number {
  let count = 0;
  for (let k = 0; k < n; k++) if (!PLACEHOLDERS.has(seg[i + k].norm)) count++;
  return count;
}

export type Page = { name: string; text: string };
export type DocsIndex = { run: number; minWords: number; grams: Set<number>; pages: { name: string; flat: string }[] };

/** Builds the index of every `run`-gram of the pages, once (options only for calibration). */
export function buildIndex(pages: Page[], { run = RUN, minWords = MIN_WORDS } = {}): DocsIndex {
  const grams = new Set<number>();
  const flats: { name: string; flat: string }[] = [];
  for (const page of pages) {
    const segments = tokenize(stripPage(page.text), { codeBlocks: 'text' });
    for (const seg of segments) for (let i = 0; i + run <= seg.length; i++) grams.add(hash(gramKey(seg, i, run)));
    flats.push({ name: page.name, flat: segments.map((s) => ` ${s.map((t) => t.norm).join(' ')} `).join('\n') });
  }
  return { run, minWords, grams, pages: flats };
}

/** Every Markdown page under `dir`, except the curator's own INDEX.md and MANIFEST.md. */
export function readPages(dir: string): Page[] {
  const pages: Page[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.md')) {
        const name = relative(dir, path);
        if (name === 'INDEX.md' || name === 'MANIFEST.md') continue;
        pages.push({ name, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(dir);
  return pages;
}

/** The normalised form of a phrase, as it is searched in a page's `flat` text. */
export function normalise(text: string): string {
  return tokenize(text).map((seg) => ` ${seg.map((t) => t.norm).join(' ')} `).join('\n');
}

function shown(tokens: Token[]): string {
  return tokens
    .filter((t, i) => i === 0 || t.chunk !== tokens[i - 1].chunk)
    .map((t) => t.shown)
    .join(' ');
}

export type SharedRun = { words: string; pages: string[] };

/** The maximal runs of at least RUN tokens (MIN_WORDS of them plain words) that `text` shares with the pages. */
export function sharedRuns(text: string, index: DocsIndex): SharedRun[] {
  const { run, minWords } = index;
  const runs: SharedRun[] = [];
  for (const seg of tokenize(text)) {
    let start = -1;
    let end = -1;
    const flush = () => {
      if (start < 0) return;
      const first = ` ${gramKey(seg, start, run)} `;
      const pages = index.pages.filter((p) => p.flat.includes(first)).map((p) => p.name);
      // an empty list would be a hash collision: no page holds these words
      if (pages.length) runs.push({ words: shown(seg.slice(start, end)), pages });
      start = -1;
    };
    for (let i = 0; i + run <= seg.length; i++) {
      const hit = plainWords(seg, i, run) >= minWords && index.grams.has(hash(gramKey(seg, i, run)));
      if (hit && start >= 0 && i < end) end = i + run;
      else if (hit) {
        flush();
        start = i;
        end = i + run;
      }
    }
    flush();
  }
  return runs;
}

/** A string of ours: where it is and what it says. */
export type Written = { file: string; path: string; text: string };

// Keys whose string values are prose written by people. `note` and `when` are the prose keys of
// x-braze-rate-limit (see openapi/EXTENSIONS.md).
const PROSE_KEYS = new Set(['summary', 'description', 'title', 'note', 'when']);
// Keys whose values are data (examples, defaults, enumerations), not prose.
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const', 'x-codeSamples']);
// Keys whose values map names (of properties, examples...) to objects: there a key such as
// `title`, `value` or `example` is a name, not a keyword.
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas', 'schemas', 'parameters', 'responses', 'headers', 'content', 'paths', 'securitySchemes', 'requestBodies', 'links', 'callbacks']);

function pathOf(parts: (string | number)[]): string {
  return '$' + parts.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

/** Every summary, description, title (and rate-limit note) and every comment of a YAML source file. */
export function yamlStrings(file: string, source: string): Written[] {
  const out: Written[] = [];
  // failsafe: every scalar stays a string (no type resolution), which is all this needs and faster
  const doc = YAML.parseDocument(source, { schema: 'failsafe', uniqueKeys: false });
  const comment = (node: any, parts: (string | number)[]) => {
    for (const c of [node?.commentBefore, node?.comment]) if (typeof c === 'string' && c.trim()) out.push({ file, path: `${pathOf(parts)} (comment)`, text: c });
  };
  comment(doc, []);
  // kind: an object whose keys are keywords, a map whose keys are names, or an Example Object
  // (whose `value` is data)
  const walk = (node: any, parts: (string | number)[], kind: 'object' | 'names' | 'example' = 'object') => {
    comment(node, parts);
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const here = [...parts, key];
        comment(pair.key, here);
        if (kind === 'names') walk(pair.value, here, 'object');
        else if (DATA_KEYS.has(key) || (kind === 'example' && key === 'value') || (key === 'examples' && YAML.isSeq(pair.value))) comment(pair.value, here);
        else if (PROSE_KEYS.has(key) && YAML.isScalar(pair.value)) {
          if (typeof pair.value.value === 'string' && pair.value.value.trim()) out.push({ file, path: pathOf(here), text: pair.value.value });
          comment(pair.value, here);
        } else if (key === 'examples') {
          comment(pair.value, here);
          if (YAML.isMap(pair.value)) for (const ex of pair.value.items) walk(ex.value, [...here, String(YAML.isScalar(ex.key) ? ex.key.value : ex.key)], 'example');
        } else walk(pair.value, here, NAME_MAPS.has(key) && YAML.isMap(pair.value) ? 'names' : 'object');
      }
    } else if (YAML.isSeq(node)) node.items.forEach((item: any, i: number) => walk(item, [...parts, i], kind === 'names' ? 'object' : kind));
  };
  walk(doc.contents, []);
  return out;
}
