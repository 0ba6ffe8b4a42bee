// Writes generated/methods.ts (run by gen-types.mjs, in the build's `types` step): the client's
// methods as interfaces with one documented property per operation, so that an editor shows the
// summary, the method and path, the permission, the rate limit, the availability, a link to the
// operation in the reference and `@deprecated` (with what to call instead) on `braze.users.track`.
// A mapped type cannot carry per-member JSDoc; these interfaces can. It also writes one named type
// per operation and part (`UsersTrackBody`, `UsersTrackResult`...), as stripe-node exports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const gen = (f) => fileURLToPath(new URL(`../generated/${f}`, import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Where the rendered reference (generated/docs/index.html) is published. Redoc's address of an
 * operation is `#/<tag slug>/<operationId in lower case>` (test/reference.browser.test.ts opens
 * it); the same anchor works on the file opened from disk and on `npm start`'s server.
 */
export const REFERENCE_URL = 'https://braze-openapi.github.io/braze-openapi/';

export const slug = (tag) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
export const referenceLink = (op) => `${REFERENCE_URL}#/${slug(op.tags?.[0] ?? '')}/${op.operationId.toLowerCase()}`;
export const pascal = (operationId) => operationId.split('.').map((part) => part[0].toUpperCase() + part.slice(1)).join('');

const number = (n) => n.toLocaleString('en-US');
function per(seconds) {
  if (seconds === 1) return 'per second';
  if (seconds === 60) return 'per minute';
  if (seconds === 3600) return 'per hour';
  if (seconds === 86400) return 'per day';
  if (seconds % 3600 === 0) return `per ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `per ${seconds / 60} minutes`;
  return `per ${seconds} seconds`;
}

/** "3,000 requests per 3 seconds, shared with users.trackSync", from x-braze-rate-limit. */
export function rateLimitText(limit, operationId, groups) {
  if (!limit) return 'not documented';
  if (limit.unlimited) return 'none documented';
  let text = `${number(limit.requests)} requests ${per(limit.windowSeconds)}`;
  const group = limit.group;
  if (group === 'default') text += ' (the hourly budget shared by every operation without a limit of its own)';
  else if (group) {
    const others = (groups.get(group) ?? []).filter((id) => id !== operationId);
    if (others.length) text += `, shared with ${others.map((id) => `\`${id}\``).join(', ')}`;
  }
  for (const alt of limit.alternatives ?? []) text += `; ${number(alt.requests)} ${per(alt.windowSeconds)} when ${alt.when}`;
  return text;
}

/**
 * What to say of a deprecated operation. `x-braze-replaced-by` is either an operationId, or (see
 * openapi/EXTENSIONS.md) one Markdown sentence that names the replacement as `` `METHOD /path` ``:
 * each such operation becomes its client method, `braze.email.blocklist()` (`POST /email/blocklist`),
 * and the rest of the sentence is kept. Without it, the paragraph of the description that says the
 * operation is deprecated, and the operation it tells to call or use.
 * `byPath` maps a path, and `METHOD path`, to the operationId of a live operation.
 */
export function deprecation(op, byPath) {
  if (!op.deprecated) return undefined;
  const named = typeof op['x-braze-replaced-by'] === 'string' ? op['x-braze-replaced-by'].trim() : undefined;
  if (named && !/^\w+(?:\.\w+)+$/.test(named)) {
    let first = true;
    const sentence = named.replace(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g, (span, method, path, at) => {
      const id = byPath.get(`${method} ${path}`);
      if (!id) return span;
      // A sentence that starts with the operation: "Use `braze.x()` instead (`POST /x`), which ...".
      const lead = first && at === 0;
      first = false;
      return `\`braze.${id}()\`${lead ? ' instead' : ''} (${span})`;
    });
    return `Use ${sentence}`.replace(/([^.])$/, '$1.');
  }
  const paragraphs = (op.description ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  const said = paragraphs.find((p) => /deprecat/i.test(p)) ?? '';
  // Its first sentence after the "Deprecated" lead-in, capitalised.
  const rest = said.replace(/^\**deprecated[.:]?\**[.:]?\s*/i, '').trim();
  const first = /^.*?\.(?=\s|$)/.exec(rest)?.[0] ?? rest;
  const sentence = first.charAt(0).toUpperCase() + first.slice(1);
  // "call `/email/blocklist`" or "use `/...`" names the replacement; a path mentioned otherwise does not.
  const replacement = named ?? [...sentence.matchAll(/\b(?:call|use)\s+`(\/[^`\s]+)`/gi)].map((m) => byPath.get(m[1])).find(Boolean);
  const use = replacement ? `Use \`braze.${replacement}()\` instead. ` : '';
  return `${use}${sentence || 'Braze no longer supports this operation.'}`.trim();
}

const AVAILABILITY = {
  'early-access': 'early access: Braze turns it on per workspace on request',
  beta: 'beta',
  'general-availability': 'generally available',
};

const comment = (lines, indent) => {
  const safe = lines.map((l) => l.replace(/\*\//g, '*\\/'));
  return `${indent}/**\n${safe.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
};

export function operationsOf(spec) {
  const resolve = (node) => (node?.$ref ? node.$ref.slice(2).split('/').reduce((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) : node);
  const out = [];
  for (const [path, rawItem] of Object.entries(spec.paths)) {
    const item = resolve(rawItem);
    for (const method of METHODS) if (item[method]?.operationId) out.push({ path, method, op: item[method], item });
  }
  return out.sort((a, b) => (a.op.operationId < b.op.operationId ? -1 : 1));
}

/** The JSDoc lines of one method. */
export function methodDoc({ path, method, op }, groups, byPath) {
  const lines = [];
  lines.push(op.summary ? `${op.summary.trim().replace(/\.$/, '')}.` : op.operationId);
  lines.push('');
  const scim = (op.security ?? []).some((req) => 'ScimToken' in req);
  lines.push(`\`${method.toUpperCase()} ${path}\` · permission: ${scim ? 'a SCIM token (not a REST API key)' : `\`${op['x-braze-permission'] ?? 'none documented'}\``}`);
  lines.push(`Rate limit: ${rateLimitText(op['x-braze-rate-limit'], op.operationId, groups)}.`);
  const availability = op['x-braze-availability'];
  if (Array.isArray(availability) && availability.length) lines.push(`Availability: ${availability.map((a) => AVAILABILITY[a] ?? a).join('; ')}.`);
  if (op['x-braze-idempotent'] === true) lines.push('Idempotent: retried after a 5xx or a dropped connection.');
  if (op.description) {
    lines.push('');
    lines.push(...op.description.trim().split('\n'));
  }
  const note = op['x-braze-rate-limit']?.group === 'default' ? undefined : op['x-braze-rate-limit']?.note;
  if (note) {
    lines.push('');
    lines.push(`Rate limit note: ${note.trim()}`);
  }
  lines.push('');
  lines.push(`@see {@link ${referenceLink(op)} | ${op.operationId} in the reference}`);
  const deprecated = deprecation(op, byPath);
  if (deprecated) lines.push(`@deprecated ${deprecated}`);
  return lines;
}

export function methodsSource(spec) {
  const ops = operationsOf(spec);
  const groups = new Map();
  const byPath = new Map();
  for (const { path, method, op } of ops) {
    const group = op['x-braze-rate-limit']?.group;
    if (group && group !== 'default') groups.set(group, [...(groups.get(group) ?? []), op.operationId]);
    if (!op.deprecated && !byPath.has(path)) byPath.set(path, op.operationId);
    if (!op.deprecated) byPath.set(`${method.toUpperCase()} ${path}`, op.operationId);
  }
  const namespaces = new Map();
  for (const entry of ops) {
    const [ns, ...rest] = entry.op.operationId.split('.');
    if (!rest.length) throw new Error(`gen-methods: operationId ${entry.op.operationId} has no namespace`);
    namespaces.set(ns, [...(namespaces.get(ns) ?? []), { ...entry, name: rest.join('.') }]);
  }
  const names = new Set();
  const claim = (name) => {
    if (names.has(name)) throw new Error(`gen-methods: two generated types are named ${name}`);
    names.add(name);
    return name;
  };

  let out = `// Generated by scripts/gen-methods.mjs from generated/openapi.json. Do not edit: run \`npm run build\`.
// The client's methods with their documentation, and one named type per operation.
import type { MethodOf, Input, RequestBody, QueryOf, PathOf, ResponseOf } from '../src/types.js';
`;
  const tagOf = (list) => [...new Set(list.map((e) => e.op.tags?.[0]).filter(Boolean))].join(', ');
  for (const [ns, list] of namespaces) {
    out += `\n/** \`braze.${ns}\`: ${tagOf(list)}. */\nexport interface ${claim(`${pascal(ns)}Methods`)} {\n`;
    for (const entry of list) {
      out += comment(methodDoc(entry, groups, byPath), '  ');
      out += `  ${JSON.stringify(entry.name) === `"${entry.name}"` && /^[A-Za-z_$][\w$]*$/.test(entry.name) ? entry.name : JSON.stringify(entry.name)}: MethodOf<'${entry.op.operationId}'>;\n`;
    }
    out += '}\n';
  }
  out += `\n/** \`braze.users.track(...)\`, \`braze.campaigns.list(...)\`: one method per operation, by namespace. */\nexport interface BrazeMethods {\n`;
  for (const [ns, list] of namespaces) out += `  /** ${tagOf(list)}. */\n  ${ns}: ${pascal(ns)}Methods;\n`;
  out += '}\n';

  out += '\n// One named type per operation: what it takes and what it resolves to.\n';
  for (const { op, path, method } of ops) {
    const id = op.operationId;
    const P = pascal(id);
    const params = [...(ops.find((o) => o.op === op).item.parameters ?? []), ...(op.parameters ?? [])].map((p) => (p.$ref ? p.$ref.split('/').pop() : p));
    const hasIn = (where) => params.some((p) => (typeof p === 'string' ? spec.components.parameters[p]?.in === where : p.in === where));
    out += `/** \`${method.toUpperCase()} ${path}\`: the argument of \`braze.${id}\`. */\nexport type ${claim(`${P}Input`)} = Input<'${id}'>;\n`;
    if (op.requestBody) out += `/** \`${method.toUpperCase()} ${path}\`: the JSON body. */\nexport type ${claim(`${P}Body`)} = RequestBody<'${id}'>;\n`;
    if (hasIn('query')) out += `/** \`${method.toUpperCase()} ${path}\`: the query parameters. */\nexport type ${claim(`${P}Query`)} = QueryOf<'${id}'>;\n`;
    if (hasIn('path')) out += `/** \`${method.toUpperCase()} ${path}\`: the path parameters. */\nexport type ${claim(`${P}Path`)} = PathOf<'${id}'>;\n`;
    out += `/** \`${method.toUpperCase()} ${path}\`: what \`braze.${id}\` resolves to. */\nexport type ${claim(`${P}Result`)} = ResponseOf<'${id}'>;\n`;
  }
  return out;
}

/** Writes a generated file only when its content changes: a rebuild that changes nothing leaves
 * the file alone (no torn read for a test or an editor reading it meanwhile). */
export function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}

export function writeMethods(spec = JSON.parse(readFileSync(gen('openapi.json'), 'utf8'))) {
  writeIfChanged(gen('methods.ts'), methodsSource(spec));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeMethods();
