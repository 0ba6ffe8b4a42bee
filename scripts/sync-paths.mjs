// Rewrites the `paths:` block of openapi/openapi.yaml from the files under openapi/paths/.
// A path file's name is its URL with the leading slash dropped and `/` turned into `.`, so the
// URL is recovered from the name alone; listing by hand would let the two drift apart.
// `--check` exits 1 instead of writing when the block is out of date (used by the build).
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, relative, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../openapi/', import.meta.url));
const rootFile = join(root, 'openapi.yaml');

export function urlOfPathFile(file) {
  return '/' + basename(file, '.yaml').split('.').join('/');
}

function pathFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return pathFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  });
}

export function pathsBlock() {
  const entries = pathFiles(join(root, 'paths'))
    .map((file) => [urlOfPathFile(file), relative(root, file)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return 'paths: {}\n';
  return 'paths:\n' + entries.map(([url, file]) => `  ${url}:\n    $ref: ${file}\n`).join('');
}

const source = readFileSync(rootFile, 'utf8');
const match = source.match(/^paths:.*\n(?:(?: {2}.*)?\n)*/m);
if (!match) throw new Error('openapi/openapi.yaml has no top-level `paths:` block');
const updated = source.replace(match[0], pathsBlock());

if (process.argv.includes('--check')) {
  if (updated !== source) {
    console.error('openapi/openapi.yaml `paths:` is out of date with openapi/paths/: run `npm run paths`.');
    process.exit(1);
  }
} else if (updated !== source) {
  writeFileSync(rootFile, updated);
  console.log('openapi/openapi.yaml: paths block rewritten');
}
