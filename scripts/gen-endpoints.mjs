// Writes generated/endpoints.ts, the client's endpoint table, from generated/openapi.json.
// One row per operation: where it lives, what it takes, and the x-braze-* facts the client acts
// on (rate limit, idempotency, pagination, security, per-array limits). The client turns the rows
// into methods once; nothing about an endpoint is written by hand in src/.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const gen = (f) => fileURLToPath(new URL(`../generated/${f}`, import.meta.url));
const spec = JSON.parse(readFileSync(gen('openapi.json'), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const resolve = (node) => {
  let seen = 0;
  while (node && node.$ref) {
    if (++seen > 50) throw new Error(`$ref loop at ${node.$ref}`);
    node = node.$ref.slice(2).split('/').reduce((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
};

// The top-level array fields of a request body and their maxItems, following $ref and allOf, so
// that the client can refuse an oversized batch before sending it.
function arrayLimits(schema) {
  const limits = {};
  const visit = (node) => {
    node = resolve(node);
    if (!node || typeof node !== 'object') return;
    for (const part of node.allOf ?? []) visit(part);
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const p = resolve(prop);
      // A field may be "a string or an array of at most 50" (oneOf/anyOf): the array branch counts.
      const arrays = [p, ...(p?.oneOf ?? []), ...(p?.anyOf ?? [])].map(resolve).filter((b) => b && b.type === 'array' && Number.isInteger(b.maxItems));
      if (arrays.length) limits[name] = Math.min(...arrays.map((b) => b.maxItems));
    }
  };
  visit(schema);
  return limits;
}

// "One of these keys is required" rules: an anyOf whose every branch requires a single key. Found
// on the body itself (one of attributes/events/purchases) and on the items of its arrays (each
// object names its user), so that the client can refuse an anonymous object before sending.
function oneOfKeys(schema) {
  const node = resolve(schema);
  if (!node || typeof node !== 'object') return undefined;
  const branches = node.anyOf ?? node.oneOf;
  if (Array.isArray(branches) && branches.length > 1 && branches.every((b) => Array.isArray(resolve(b).required) && resolve(b).required.length === 1)) {
    return branches.map((b) => resolve(b).required[0]);
  }
  for (const part of node.allOf ?? []) {
    const found = oneOfKeys(part);
    if (found) return found;
  }
  return undefined;
}

function itemIdentifiers(schema) {
  const out = {};
  const node = resolve(schema);
  for (const [name, prop] of Object.entries(node?.properties ?? {})) {
    const p = resolve(prop);
    if (p?.type !== 'array' || !p.items) continue;
    const keys = oneOfKeys(p.items);
    if (keys) out[name] = keys;
  }
  return out;
}

function requiredFields(schema) {
  const node = resolve(schema);
  return node && Array.isArray(node.required) ? node.required : [];
}

const DEFAULT_BUDGET = { requests: 250000, windowSeconds: 3600, group: 'default' };
const isDefaultBudget = (limit) =>
  limit.requests === DEFAULT_BUDGET.requests && limit.windowSeconds === DEFAULT_BUDGET.windowSeconds && limit.group === DEFAULT_BUDGET.group && Object.keys(limit).length === 3;

const rows = [];
for (const [path, rawItem] of Object.entries(spec.paths)) {
  const item = resolve(rawItem);
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
    const body = op.requestBody && resolve(op.requestBody).content?.['application/json']?.schema;
    const security = (op.security ?? spec.security ?? []).flatMap((req) => Object.keys(req));
    // The note and the group's prose stay in the description; the client needs only numbers.
    const { note, alternatives, ...rateLimit } = op['x-braze-rate-limit'] ?? {};
    // Only what differs from the defaults is written (no path parameters, no query, no body, API
    // key auth, not idempotent): the table ships in the package, and every byte counts.
    const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
    const required = requiredFields(body);
    const limits = body ? arrayLimits(body) : {};
    // Every 2xx answer declares a JSON body except 204s: only those are marked, as `empty`.
    const answers = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2')).map(([, r]) => resolve(r));
    const empty = answers.length > 0 && answers.every((r) => !r.content?.['application/json']);
    const idempotentBody = op['x-braze-idempotent-body'];
    if (idempotentBody && op['x-braze-idempotent'] !== false) throw new Error(`${op.operationId}: x-braze-idempotent-body needs x-braze-idempotent: false`);
    rows.push({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      ...(pathParams.length ? { pathParams } : {}),
      ...(params.some((p) => p.in === 'query') ? { query: true } : {}),
      ...(body ? { body: true } : {}),
      ...(required.length ? { bodyRequired: required } : {}),
      ...(Object.keys(limits).length ? { arrayLimits: limits } : {}),
      ...(body && oneOfKeys(body) ? { requireOne: oneOfKeys(body) } : {}),
      ...(body && Object.keys(itemIdentifiers(body)).length ? { itemsRequireOne: itemIdentifiers(body) } : {}),
      ...(security.includes('ScimToken') ? { auth: 'scim' } : security.includes('BrazeClientKey') ? { auth: 'client' } : {}),
      ...(op['x-braze-idempotent'] === true ? { idempotent: true } : {}),
      ...(idempotentBody ? { idempotentBody } : {}),
      ...(empty ? { empty: true } : {}),
      // The shared 250,000/hour budget is the default and is left out (src/endpoints.ts fills it in).
      ...(isDefaultBudget(rateLimit) ? {} : { rateLimit }),
      ...(op['x-braze-pagination'] ? { pagination: op['x-braze-pagination'] } : {}),
    });
  }
}
rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const instances = Object.fromEntries(spec.servers.map((s) => [s.description, s.url]));

// The core's part (generated/operations.ts): what a client needs before its first call, as small
// as it can be written, since it ships in the core bundle. Every operationId, grouped by
// namespace, for the methods; the budget of each operation, for the synchronous
// `braze.rateLimit(id)`. The full table above is a file of its own, loaded on the first call.
const budgets = [];
const budgetIndex = (limit) => {
  const key = JSON.stringify(limit);
  let i = budgets.findIndex((b) => JSON.stringify(b) === key);
  if (i < 0) i = budgets.push(limit) - 1;
  return i;
};
const namespaces = new Map();
for (const r of rows) {
  const dot = r.id.indexOf('.');
  const ns = r.id.slice(0, dot);
  if (!namespaces.has(ns)) namespaces.set(ns, []);
  namespaces.get(ns).push(r.id.slice(dot + 1) + (r.rateLimit ? `=${budgetIndex(r.rateLimit)}` : ''));
}
const packed = [...namespaces].map(([ns, methods]) => `${ns}:${methods.join(',')}`).join(';');
const packedBudgets = budgets
  .map((b) => {
    const keys = Object.keys(b).sort().join(',');
    if (b.unlimited && keys === 'group,unlimited') return `*/${b.group}`;
    if (keys !== 'requests,windowSeconds' && keys !== 'group,requests,windowSeconds') throw new Error(`a budget the packed list cannot hold: ${JSON.stringify(b)}`);
    return [b.requests, b.windowSeconds, ...(b.group ? [b.group] : [])].join('/');
  })
  .join(';');
if (/[^\w\-/*;]/.test(packedBudgets)) throw new Error('a budget group holds a character the packed list uses');
if (/[^\w.:,;=]/.test(packed)) throw new Error('an operationId holds a character the packed list uses');

const core = `// Generated by scripts/gen-endpoints.mjs from generated/openapi.json. Do not edit: run \`npm run build\`.
/* eslint-disable */

/** The budget of every operation without a limit of its own: 250,000 requests per hour. */
export const DEFAULT_RATE_LIMIT = ${JSON.stringify(DEFAULT_BUDGET)} as const;

/** Braze REST instances and their base URLs, from the description's \`servers\`. */
export const INSTANCES = ${JSON.stringify(instances, null, 2)} as const;

export type Instance = keyof typeof INSTANCES;

/**
 * The budgets other than the default, named by their index in OPERATIONS, \`;\`-separated:
 * \`requests/windowSeconds\` or \`requests/windowSeconds/group\`; an unlimited one is a \`*\` in place of
 * \`requests\`, followed by its group.
 */
export const BUDGETS = ${JSON.stringify(packedBudgets)};

/**
 * Every operationId, by namespace: \`namespace:method,method=2;namespace:...\`, where \`=2\` says
 * that the operation's budget is BUDGETS[2] (none: DEFAULT_RATE_LIMIT). src/operations.ts reads it.
 */
export const OPERATIONS = ${JSON.stringify(packed)};
`;
writeFileSync(gen('operations.ts'), core);

// The table's declared type is a compact one (a row interface, not the literal type of every row,
// which was 66 kB in each format's endpoints.d.ts); the few facts types need from the rows are
// written as types of their own: the operationIds, the paginated operations' item fields and the
// batch operations' array fields.
const union = (names) => (names.length ? names.map((n) => `\n  | ${JSON.stringify(n)}`).join('') : ' never');
const map = (entries) => `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${v};`).join('\n')}\n}`;
const out = `// Generated by scripts/gen-endpoints.mjs from generated/openapi.json. Do not edit: run \`npm run build\`.
/* eslint-disable */

// The client's core needs these before its first call: they live in generated/operations.ts.
export { DEFAULT_RATE_LIMIT, INSTANCES, type Instance } from './operations.js';

/** Every operationId of the description. */
export type OperationId =${union(rows.map((r) => r.id))};

/** The paginated operations (x-braze-pagination) and the field of the answer that holds the items. */
export interface PaginatedItemsFields ${map(rows.filter((r) => r.pagination).map((r) => [r.id, JSON.stringify(r.pagination.itemsField)]))}

/** The operations whose body has array fields with a per-request limit (\`arrayLimits\`), and those fields. */
export interface BatchFields ${map(rows.filter((r) => r.arrayLimits).map((r) => [r.id, Object.keys(r.arrayLimits).map((f) => JSON.stringify(f)).join(' | ')]))}

/** A row of ENDPOINTS: only what differs from the defaults (see ENDPOINTS). */
export interface EndpointRow {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  readonly path: string;
  readonly pathParams?: readonly string[];
  readonly query?: true;
  readonly body?: true;
  readonly bodyRequired?: readonly string[];
  readonly arrayLimits?: Readonly<Record<string, number>>;
  readonly requireOne?: readonly string[];
  readonly itemsRequireOne?: Readonly<Record<string, readonly string[]>>;
  readonly auth?: 'scim' | 'client';
  readonly idempotent?: true;
  readonly idempotentBody?: { readonly keys?: readonly string[]; readonly nonEmpty?: readonly string[] };
  readonly empty?: true;
  readonly rateLimit?: { readonly requests?: number; readonly windowSeconds?: number; readonly group?: string; readonly unlimited?: boolean };
  readonly pagination?: {
    readonly style: 'page' | 'offset' | 'link';
    readonly pageParam?: string;
    readonly firstPage?: number;
    readonly offsetParam?: string;
    readonly limitParam?: string;
    readonly pageSize?: number;
    readonly itemsField: string;
  };
}

/**
 * One row per operation of the description, keyed by operationId. Keys at their default are left
 * out: no \`pathParams\`, \`query\`, \`body\`, \`bodyRequired\` or \`arrayLimits\` when there are none,
 * \`auth\` only for SCIM and the client-side key, \`idempotent\` only when true. src/endpoints.ts reads them with defaults.
 * The client loads this table on its first call (a file of its own in the package,
 * \`braze-openapi/endpoints\`), so that it stays out of the core bundle.
 */
export const ENDPOINTS: Readonly<Record<OperationId, EndpointRow>> = ${JSON.stringify(Object.fromEntries(rows.map(({ id, ...r }) => [id, r])), null, 2)};
`;
writeFileSync(gen('endpoints.ts'), out);
