// Adds `x-codeSamples` to every operation of the bundle (generated/openapi.yaml, before
// postbundle.mjs writes the JSON files from it): a curl command and a TypeScript call through our
// client, both built from the operation's documented examples, the same way the tests build their
// requests. Never write samples by hand: change the examples and rebuild. Redoc shows them in the
// reference; test/samples.test.ts type-checks every TypeScript sample against src/.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Both samples of one operation, from the bundled spec (`spec`, plain JSON). */
export function samplesFor(spec, path, method) {
  const item = spec.paths[path];
  const op = item[method];
  const resolveRef = (node) => {
    while (node?.$ref) node = node.$ref.slice(2).split('/').reduce((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    return node;
  };
  const exampleOf = (p) => p.example ?? p.schema?.example ?? p.schema?.examples?.[0] ?? p.schema?.enum?.[0];
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolveRef);
  const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, exampleOf(p)]));
  const query = Object.fromEntries(params.filter((p) => p.in === 'query' && exampleOf(p) !== undefined).map((p) => [p.name, exampleOf(p)]));
  const body = op.requestBody ? resolveRef(op.requestBody).content?.['application/json']?.example : undefined;
  const scim = (op.security ?? spec.security ?? []).some((req) => 'ScimToken' in req);
  const clientKey = (op.security ?? spec.security ?? []).some((req) => 'BrazeClientKey' in req);
  return [
    { lang: 'Shell', label: 'curl', source: curl({ spec, path, method, pathParams, query, body, scim, clientKey }) },
    { lang: 'TypeScript', label: 'braze-openapi', source: typescript({ op, params, pathParams, query, body, scim, clientKey }) },
  ];
}

function curl({ spec, path, method, pathParams, query, body, scim, clientKey }) {
  const server = spec.servers[0].url;
  const url = new URL(server + path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(pathParams[name]))));
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  const lines = [`curl -X ${method.toUpperCase()} '${url.href}'`];
  if (scim) {
    lines.push(`-H "Authorization: Bearer $BRAZE_SCIM_TOKEN"`, `-H 'X-Request-Origin: idp.example.com'`);
  } else if (clientKey) {
    lines.push(`-H "Authorization: Bearer $BRAZE_CLIENT_KEY"`);
  } else {
    lines.push(`-H "Authorization: Bearer $BRAZE_API_KEY"`);
  }
  if (body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`--data '${JSON.stringify(body, null, 2).replace(/'/g, `'\\''`)}'`);
  }
  return lines.join(' \\\n  ') + '\n';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** A TypeScript literal of a JSON value, indented like Prettier would. */
function literal(value, indent = '') {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => literal(v)).join(', ')}]`;
      if (flat.length <= 80) return flat;
    }
    return `[\n${value.map((v) => inner + literal(v, inner)).join(',\n')},\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const key = (k) => (IDENTIFIER.test(k) ? k : `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return JSON.stringify(value);
}

function typescript({ op, params, pathParams, query, body, scim, clientKey }) {
  // The method's input follows the client's rule: the body alone, the query alone, or
  // `{ path, query?, body? }` when there are path parameters or both a body and a query.
  const hasPath = Object.keys(pathParams).length > 0;
  const hasQuery = params.some((p) => p.in === 'query');
  let input;
  if (hasPath || (body !== undefined && hasQuery)) {
    input = { path: pathParams, ...(Object.keys(query).length ? { query } : {}), ...(body === undefined ? {} : { body }) };
    if (!hasPath) delete input.path;
  } else if (body !== undefined) input = body;
  else if (hasQuery) input = query;
  const [namespace, name] = op.operationId.split('.');
  const options = [
    `  apiKey: process.env.BRAZE_API_KEY!,`,
    `  instance: 'US-01',`,
    ...(scim ? [`  scim: { token: process.env.BRAZE_SCIM_TOKEN!, origin: 'idp.example.com' },`] : []),
    ...(clientKey ? [`  clientKey: process.env.BRAZE_CLIENT_KEY!,`] : []),
  ];
  return [
    `import { createBrazeClient } from 'braze-openapi';`,
    ``,
    `const braze = createBrazeClient({`,
    ...options,
    `});`,
    ``,
    `const result = await braze.${namespace}.${name}(${input === undefined ? '' : literal(input)});`,
    `console.log(result);`,
    ``,
  ].join('\n');
}

/** Rewrites generated/openapi.yaml (or DIR/openapi.yaml) with the samples, keeping its layout. */
function main() {
  const dir = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('../generated/', import.meta.url));
  const file = resolve(dir, 'openapi.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const spec = doc.toJS();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS.filter((m) => item[m])) {
      doc.setIn(['paths', path, method, 'x-codeSamples'], doc.createNode(samplesFor(spec, path, method)));
    }
  }
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
