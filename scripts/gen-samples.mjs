// Adds `x-codeSamples` to every operation of the bundle (generated/openapi.yaml, before
// postbundle.mjs writes the JSON files from it): a curl command, a Python script with `requests`,
// and a TypeScript call through our client, all built from the operation's documented examples,
// the same way the tests build their requests. Never write samples by hand: change the examples and
// rebuild. Paginated operations (`x-braze-pagination`) ask for the first page, and the Python and
// TypeScript samples walk every page (a loop; `braze.paginate`). Redoc shows them in the reference;
// test/samples.test.ts runs every curl and Python sample against the mock and type-checks every
// TypeScript sample against src/.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The samples of one operation, from the bundled spec (`spec`, plain JSON). */
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
  // A paginated operation's sample asks for the first page: the examples may show a later one.
  const pagination = op['x-braze-pagination'];
  if (pagination?.style === 'page') query[pagination.pageParam ?? 'page'] = pagination.firstPage ?? 0;
  if (pagination?.style === 'offset') query[pagination.offsetParam ?? 'offset'] = 0;
  if (pagination?.style === 'link') delete query.cursor;
  const body = op.requestBody ? resolveRef(op.requestBody).content?.['application/json']?.example : undefined;
  const scim = (op.security ?? spec.security ?? []).some((req) => 'ScimToken' in req);
  const url = urlOf(spec, path, pathParams);
  const answersJson = Object.entries(op.responses ?? {}).some(([code, r]) => code.startsWith('2') && resolveRef(r).content?.['application/json']);
  const clientKey = (op.security ?? spec.security ?? []).some((req) => 'BrazeClientKey' in req);
  const input = { spec, path, method, op, params, pathParams, query, body, scim, clientKey, url, pagination, answersJson };
  return [
    { lang: 'Shell', label: 'curl', source: curl(input) },
    { lang: 'Python', label: 'Python', source: python(input) },
    { lang: 'TypeScript', label: 'TypeScript', source: typescript(input) },
  ];
}

function urlOf(spec, path, pathParams) {
  return spec.servers[0].url + path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(pathParams[name])));
}

function curl({ method, query, body, scim, clientKey, url: address }) {
  const url = new URL(address);
  const pairs = Object.entries(query).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, String(v)]));
  // A GET's query is one readable line per parameter (`-G --data-urlencode`, which curl encodes
  // and appends to the address); other methods keep it in the address, beside their body.
  const readable = method === 'get' && pairs.length > 0;
  if (!readable) for (const [name, v] of pairs) url.searchParams.append(name, v);
  const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
  const lines = [readable ? `curl -G '${url.href}'` : `curl -X ${method.toUpperCase()} '${url.href}'`];
  if (readable) for (const [name, v] of pairs) lines.push(`--data-urlencode ${quote(`${name}=${v}`)}`);
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

/**
 * A printer of JSON values as source literals, indented like Prettier would (`step` per level):
 * arrays of scalars on one line when short, objects and other arrays one entry per line.
 */
function literalPrinter({ step, key, scalar }) {
  const print = (value, indent = '') => {
    const inner = indent + step;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      if (value.every((v) => v === null || typeof v !== 'object')) {
        const flat = `[${value.map((v) => print(v)).join(', ')}]`;
        if (flat.length <= 80) return flat;
      }
      return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')},\n${indent}]`;
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${print(v, inner)}`).join(',\n')},\n${indent}}`;
    }
    return scalar(value);
  };
  return print;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const tsString = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
/** A TypeScript literal of a JSON value (single-quoted strings, bare keys where they can be). */
const literal = literalPrinter({
  step: '  ',
  key: (k) => (IDENTIFIER.test(k) ? k : tsString(k)),
  scalar: (v) => (typeof v === 'string' ? tsString(v) : JSON.stringify(v)),
});

function typescript({ op, params, pathParams, query, body, scim, clientKey, pagination }) {
  // The method's input follows the client's rule: the body alone, the query alone, or
  // `{ path, query?, body? }` when there are path parameters or both a body and a query.
  const hasPath = Object.keys(pathParams).length > 0;
  const hasQuery = params.some((p) => p.in === 'query');
  const inputOf = (q) => {
    if (hasPath || (body !== undefined && hasQuery)) {
      const input = { path: pathParams, ...(Object.keys(q).length ? { query: q } : {}), ...(body === undefined ? {} : { body }) };
      if (!hasPath) delete input.path;
      return input;
    }
    if (body !== undefined) return body;
    if (hasQuery) return q;
    return undefined;
  };
  const input = inputOf(query);
  const [namespace, name] = op.operationId.split('.');
  const options = [
    `  apiKey: process.env.BRAZE_API_KEY!,`,
    `  instance: 'US-01',`,
    ...(scim ? [`  scim: { token: process.env.BRAZE_SCIM_TOKEN!, origin: 'idp.example.com' },`] : []),
    ...(clientKey ? [`  clientKey: process.env.BRAZE_CLIENT_KEY!,`] : []),
  ];
  const call = `braze.${namespace}.${name}(${input === undefined ? '' : literal(input)})`;
  const lines = [`import { createBrazeClient } from 'braze-openapi';`, ``, `const braze = createBrazeClient({`, ...options, `});`, ``];
  if (!pagination) {
    lines.push(`const result = await ${call};`, `console.log(result);`);
  } else {
    // paginate() sets the page position itself, from the first page on.
    const position = { page: [pagination.pageParam ?? 'page'], offset: [pagination.offsetParam ?? 'offset'], link: ['cursor'] }[pagination.style] ?? [];
    const rest = Object.fromEntries(Object.entries(query).filter(([k]) => !position.includes(k)));
    const walkInput = inputOf(rest);
    lines.push(
      `// The first page:`,
      `const firstPage = await ${call};`,
      `console.log(firstPage.${pagination.itemsField});`,
      ``,
      `// Every item, page after page:`,
      `for await (const item of braze.paginate('${op.operationId}'${walkInput === undefined ? '' : `, ${literal(walkInput)}`})) {`,
      `  console.log(item);`,
      `}`,
    );
  }
  return [...lines, ``].join('\n');
}

/** A Python literal of a JSON value (`True`, `False`, `None`), indented by 4. */
export const pythonLiteral = literalPrinter({
  step: '    ',
  key: (k) => JSON.stringify(k),
  // A JSON string or number is a valid Python literal.
  scalar: (v) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : JSON.stringify(v)),
});

function python({ method, query, body, scim, clientKey, url, pagination, answersJson }) {
  const headers = scim
    ? `{\n    "Authorization": f"Bearer {os.environ['BRAZE_SCIM_TOKEN']}",\n    "X-Request-Origin": "idp.example.com",\n}`
    : clientKey
      ? `{"Authorization": f"Bearer {os.environ['BRAZE_CLIENT_KEY']}"}`
      : `{"Authorization": f"Bearer {os.environ['BRAZE_API_KEY']}"}`;
  const hasQuery = Object.keys(query).length > 0;
  const lines = [`import os`, ``, `import requests`, ``, `headers = ${headers}`];
  // requests writes a boolean query value as `True`; Braze, like the spec, expects `true`.
  const queryText = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
  if (hasQuery) lines.push(`params = ${pythonLiteral(queryText)}`);
  if (body !== undefined) lines.push(`body = ${pythonLiteral(body)}`);
  lines.push(``);
  const args = (target, indent) => [
    `${indent}    ${target},`,
    `${indent}    headers=headers,`,
    ...(hasQuery && target === JSON.stringify(url) ? [`${indent}    params=params,`] : []),
    ...(body !== undefined ? [`${indent}    json=body,`] : []),
    `${indent}    timeout=30,`,
  ];
  const call = (target, indent = '') => [`${indent}response = requests.${method}(`, ...args(target, indent), `${indent})`, `${indent}response.raise_for_status()`];
  if (!pagination) {
    lines.push(...call(JSON.stringify(url)), answersJson ? `print(response.json())` : `print(response.status_code)`);
  } else if (pagination.style === 'link') {
    // The first address carries the query; the Link header's next address (relative or absolute)
    // carries everything after that, cursor included.
    const first = new URL(url);
    for (const [name, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) first.searchParams.append(name, String(v));
    }
    lines.splice(lines.indexOf('params = ' + pythonLiteral(queryText)), hasQuery ? 1 : 0);
    lines.splice(1, 0, `from urllib.parse import urljoin`);
    lines.push(
      `url = ${JSON.stringify(first.href)}`,
      `while url:`,
      `    response = requests.get(url, headers=headers, timeout=30)`,
      `    response.raise_for_status()`,
      `    for item in response.json()[${JSON.stringify(pagination.itemsField)}]:`,
      `        print(item)`,
      `    next_page = response.links.get("next")`,
      `    url = urljoin(response.url, next_page["url"]) if next_page else None`,
    );
  } else {
    const key = pagination.style === 'page' ? pagination.pageParam ?? 'page' : pagination.offsetParam ?? 'offset';
    const limit = pagination.style === 'offset' && query[pagination.limitParam ?? 'limit'] !== undefined
      ? `params[${JSON.stringify(pagination.limitParam ?? 'limit')}]`
      : String(pagination.pageSize ?? 1);
    lines.push(
      `while True:`,
      ...call(JSON.stringify(url), '    '),
      `    items = response.json()[${JSON.stringify(pagination.itemsField)}]`,
      `    for item in items:`,
      `        print(item)`,
      `    if len(items) < ${limit}:`,
      `        break  # a short page is the last one`,
      `    params[${JSON.stringify(key)}] += ${pagination.style === 'page' ? '1' : 'len(items)'}`,
    );
  }
  return [...lines, ``].join('\n');
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
