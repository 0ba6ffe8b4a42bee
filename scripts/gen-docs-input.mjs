// The copy of the spec the rendered reference is built from (the build's `docs` step feeds it to
// `redocly build-docs`); generated/openapi.json itself stays the pure description. Two additions,
// both computed from the spec at build time so that they never drift from it:
//   - a facts box at the top of every operation's description: rate limit (budget, what shares it,
//     conditions), the API key permission, whether a repeat is safe, pagination, request-size
//     limits, deprecation and replacement, availability (early access, beta, hidden). Redoc does not render
//     `x-` extensions, so the facts are written as a Markdown table that it does render.
//   - a landing section in `info.description`: install and first call (curl, Python, TypeScript)
//     and the table of instances, made from `servers`, under the spec's own "Instances" heading.
// `node scripts/gen-docs-input.mjs OUT.json [IN.json]` (IN defaults to generated/openapi.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonLiteral } from './gen-samples.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const BODY_LIMIT = '4 MB';

const number = (n) => n.toLocaleString('en-US');
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (text) => `\`${text}\``;

function per(windowSeconds) {
  const named = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day' }[windowSeconds];
  return named ? `per ${named}` : `per ${number(windowSeconds)} seconds`;
}

function resolver(spec) {
  return (node) => {
    const seen = new Set();
    while (node?.$ref && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      node = node.$ref.slice(2).split('/').reduce((n, k) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    }
    return node;
  };
}

/** Every operation of the spec: { path, method, op }. */
export function operationsOf(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })));
}

const label = ({ path, method }) => `${method.toUpperCase()} ${path}`;
/** `GET`, `PUT /a` and `POST /b`: operations grouped by path. */
function byPath(targets) {
  const paths = new Map();
  for (const t of targets) paths.set(t.path, [...(paths.get(t.path) ?? []), t.method.toUpperCase()]);
  const items = [...paths].map(([path, methods]) => `${methods.join(', ')} ${code(path)}`);
  const separator = [...paths.values()].some((methods) => methods.length > 1) ? '; ' : ', ';
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(separator)} and ${items.at(-1)}`;
}
const uses = (scheme) => (spec, op) => (op.security ?? spec.security ?? []).some((req) => scheme in req);
const isScim = uses('ScimToken');
const isClientKey = uses('BrazeClientKey');

function rateLimit(spec, target) {
  const limit = target.op['x-braze-rate-limit'];
  if (!limit) return 'Not documented.';
  // `unlimited`: Braze documents no number (EXTENSIONS.md), which is not the same as no limit.
  if (limit.unlimited) return `No published limit: Braze documents no number for it.${limit.note ? ` ${limit.note}` : ''}`;
  const parts = [`${number(limit.requests)} requests ${per(limit.windowSeconds)}`];
  if (limit.group === 'default') {
    parts[0] += ': the budget shared by every operation without a limit of its own.';
  } else {
    const sharing = operationsOf(spec).filter((o) => o.op !== target.op && o.op['x-braze-rate-limit']?.group === limit.group);
    if (sharing.length === 0) parts[0] += `, a budget of its own (${code(limit.group)}).`;
    else if (sharing.length <= 8) parts[0] += `, in a budget (${code(limit.group)}) shared with ${byPath(sharing)}.`;
    else parts[0] += `, in a budget (${code(limit.group)}) shared with ${sharing.length} other operations.`;
    // The note says in words what the numbers do not; alternatives are listed from their data below.
    if (limit.note && !/^shared by/i.test(limit.note) && !limit.alternatives?.length) parts.push(limit.note);
  }
  for (const alt of limit.alternatives ?? []) {
    parts.push(`When ${alt.when}: ${number(alt.requests)} requests ${per(alt.windowSeconds)}${alt.group && alt.group !== limit.group ? ` (budget ${code(alt.group)})` : ''}.`);
  }
  return parts.join(' ');
}

function permission(spec, { op }) {
  if (isScim(spec, op)) return 'The company\'s SCIM token with the `X-Request-Origin` header, not a REST API key (see Authentication).';
  const name = op['x-braze-permission'];
  if (isClientKey(spec, op)) {
    return `A client-side API key (key type "Client", made for apps) with the ${code(name)} permission, not a private REST API key. It may be embedded in an app; the request names the user.`;
  }
  return name ? `The REST API key needs the ${code(name)} permission.` : 'Not documented.';
}

function idempotency({ op }) {
  const safe = op['x-braze-idempotent'];
  if (safe === true) return 'Yes: sending the same request twice has the same effect as once, so it may be resent after a `5XX` or a dropped connection.';
  if (safe === false) return 'No: a repeated request is processed again. After a `5XX` or a dropped connection, check whether it took effect before sending it again.';
  return 'Not documented.';
}

function pagination({ op }) {
  const p = op['x-braze-pagination'];
  if (!p) return undefined;
  const size = p.pageSize ? `up to ${number(p.pageSize)} items per page` : 'pages';
  const items = p.itemsField ? ` in ${code(p.itemsField)}` : '';
  if (p.style === 'page') {
    return `By page number: ${code(p.pageParam ?? 'page')} starts at ${p.firstPage ?? 0}, ${size}${items}; a shorter page is the last one.`;
  }
  if (p.style === 'offset') {
    return `By offset: ${code(p.offsetParam ?? 'offset')} starts at 0 and grows by the items received, ${code(p.limitParam ?? 'limit')} sets the page size (${size})${items}.`;
  }
  if (p.style === 'link') {
    return `By cursor: call without one for the first page; the \`Link\` header of each answer holds the address of the next page (\`rel="next"\`), ${size}${items}. No next link: that was the last page.`;
  }
  return `Paginated (${p.style}).`;
}

/** The documented limits on the request's arrays (body and query), and the body size. */
function requestSize(spec, { op, path }) {
  const resolve = resolver(spec);
  const limits = [];
  const body = op.requestBody ? resolve(op.requestBody) : undefined;
  const schema = resolve(body?.content?.['application/json']?.schema);
  const collect = (s, prefix = '') => {
    s = resolve(s);
    if (!s || typeof s !== 'object') return;
    for (const part of s.allOf ?? []) collect(part, prefix);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      // The array itself, or the array branch of "one value or a list" (`oneOf` / `anyOf`).
      const p = resolve(prop);
      const arrays = [p, ...[...(p?.oneOf ?? []), ...(p?.anyOf ?? [])].map(resolve)].filter((s) => s?.maxItems !== undefined);
      if (arrays.length) limits.push(`${number(Math.max(...arrays.map((a) => a.maxItems)))} ${code(prefix + name)}`);
    }
  };
  collect(schema);
  const params = [...(spec.paths[path].parameters ?? []), ...(op.parameters ?? [])].map(resolve);
  for (const param of params) {
    const s = resolve(param?.schema);
    if (s?.maxItems !== undefined) limits.push(`${number(s.maxItems)} ${code(param.name)}`);
  }
  const unique = [...new Set(limits)];
  if (!body && unique.length === 0) return undefined;
  const sentences = [];
  if (unique.length) sentences.push(`At most ${unique.join(', ')} per request.`);
  if (body) sentences.push(`A body over ${BODY_LIMIT} is refused with \`413\`.`);
  return sentences.join(' ');
}

function deprecation({ op }) {
  if (!op.deprecated) return undefined;
  const instead = op['x-braze-replaced-by'];
  return instead ? `Use ${instead}` : 'Braze names no replacement.';
}

const AVAILABILITY = {
  'early-access': 'Early access: Braze must enable it for the workspace first, on request, and it may still change.',
  beta: 'Beta: access is on request, and it may still change before Braze makes it generally available.',
  hidden: 'Hidden: Braze leaves its page out of the API reference\'s navigation (reachable only by link, often a private beta), so it may change without notice.',
};
function availability({ op }) {
  const states = op['x-braze-availability'];
  if (!Array.isArray(states) || states.length === 0) return undefined;
  return states.map((s) => AVAILABILITY[s] ?? `${s}.`).join(' ');
}

/** The facts of one operation, as [label, text] rows (rows that do not apply are left out). */
export function factsOf(spec, path, method) {
  const target = { spec, path, method, op: spec.paths[path][method] };
  return [
    ['Availability', availability(target)],
    ['Deprecated', deprecation(target)],
    ['Rate limit', rateLimit(spec, target)],
    ['Permission', permission(spec, target)],
    ['Safe to repeat', idempotency(target)],
    ['Pagination', pagination(target)],
    ['Request size', requestSize(spec, target)],
  ].filter(([, text]) => text !== undefined);
}

/** The facts box: a two-column Markdown table, put first in the operation's description. */
export function factsTable(spec, path, method) {
  const rows = factsOf(spec, path, method).map(([name, text]) => `| **${name}** | ${cell(text)} |`);
  return ['| At a glance | |', '| --- | --- |', ...rows].join('\n');
}

/** The landing section: first steps, then the instances table under the spec's own Instances heading. */
export function landing(spec) {
  const server = spec.servers?.[0]?.url ?? 'https://rest.iad-01.braze.com';
  const body = { attributes: [{ external_id: 'user-1', first_name: 'Ada' }] };
  const start = [
    '## Getting started',
    '',
    '1. Find your instance in the table under **Instances**: the REST endpoint that matches the address of your Braze dashboard.',
    '2. Create a REST API key in the dashboard (Settings > APIs and Identifiers) with the permissions of the operations you will call; every operation below names its permission.',
    '3. Make a first call. This one sets an attribute on one user (`POST /users/track`, permission `users.track`); Braze answers `201` with `"message": "success"`.',
    '',
    'With curl:',
    '',
    '```sh',
    `curl -X POST '${server}/users/track' \\`,
    `  -H "Authorization: Bearer $BRAZE_API_KEY" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data '${JSON.stringify(body, null, 2)}'`,
    '```',
    '',
    'With Python and `requests` (`pip install requests`):',
    '',
    '```python',
    'import os',
    'import requests',
    '',
    'response = requests.post(',
    `    "${server}/users/track",`,
    '    headers={"Authorization": f"Bearer {os.environ[\'BRAZE_API_KEY\']}"},',
    `    json=${pythonLiteral(body, '    ')},`,
    '    timeout=30,',
    ')',
    'response.raise_for_status()',
    'print(response.json())',
    '```',
    '',
    'With TypeScript, through the typed client built from this description (`npm install braze-openapi`):',
    '',
    '```ts',
    "import { createBrazeClient } from 'braze-openapi';",
    '',
    "const braze = createBrazeClient({ apiKey: process.env.BRAZE_API_KEY!, instance: 'US-01' });",
    `console.log(await braze.users.track({ attributes: [{ external_id: 'user-1', first_name: 'Ada' }] }));`,
    '```',
    '',
    'Every operation shows the same three samples, built from its documented example, and a box with what to know before calling it: its rate limit, the permission it needs, whether a request may be repeated safely, how it pages and how large a request may be.',
    '',
  ].join('\n');
  const instances = [
    '',
    '| Instance | REST endpoint |',
    '| --- | --- |',
    ...(spec.servers ?? []).map((s) => `| ${cell(s.description ?? '')} | ${code(s.url)} |`),
    '',
  ].join('\n');
  let description = spec.info?.description ?? '';
  // The table goes at the end of the "## Instances" section (before the next heading), or last.
  const heading = description.search(/^## Instances\s*$/m);
  if (heading === -1) {
    description = `${description.trimEnd()}\n\n## Instances\n${instances}`;
  } else {
    const next = description.slice(heading + 1).search(/^## /m);
    const at = next === -1 ? description.length : heading + 1 + next;
    description = `${description.slice(0, at).trimEnd()}\n${instances}\n${description.slice(at)}`;
  }
  // The spec's own introduction (its first paragraph) stays first, then Getting started.
  const firstHeading = description.search(/^## /m);
  return firstHeading === -1
    ? `${description.trimEnd()}\n\n${start}`
    : `${description.slice(0, firstHeading)}${start}\n${description.slice(firstHeading)}`;
}

/** The spec as the reference shows it: a deep copy with the facts and the landing section. */
export function docsInput(spec) {
  const copy = structuredClone(spec);
  copy.info.description = landing(spec);
  for (const { path, method } of operationsOf(spec)) {
    const op = copy.paths[path][method];
    op.description = `${factsTable(spec, path, method)}\n\n${op.description ?? ''}`.trimEnd() + '\n';
  }
  return copy;
}

function main() {
  const [out, input] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node scripts/gen-docs-input.mjs OUT.json [IN.json]');
    process.exit(2);
  }
  const source = input ? resolve(input) : fileURLToPath(new URL('../generated/openapi.json', import.meta.url));
  const spec = JSON.parse(readFileSync(source, 'utf8'));
  writeFileSync(resolve(out), JSON.stringify(docsInput(spec), null, 2) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
