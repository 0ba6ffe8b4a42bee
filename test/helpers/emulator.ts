// Builds each operation's documented example request (as scripts/gen-samples.mjs does for the
// reference's samples) and sends it to an emulator, for the emulator's tests.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { resolve as resolveRef, spec, type Operation } from './spec.js';

export { resolveRef };

/**
 * Starts one emulator for the test file (no rate limit, every answer checked against the spec by
 * default), resets it before each test and closes it after the file. The handle forwards to the
 * emulator once `beforeAll` has started it.
 */
export function useEmulator(options: EmulatorOptions = {}): Emulator {
  let live: Emulator | undefined;
  beforeAll(async () => {
    live = await startEmulator({ rateLimit: false, checkResponses: true, ...options });
  });
  afterAll(() => live?.close());
  beforeEach(() => live!.reset());
  return new Proxy({} as Emulator, {
    get(_target, key) {
      if (!live) throw new Error('the emulator starts in beforeAll: use it inside a test or hook');
      const value = (live as any)[key];
      return typeof value === 'function' ? value.bind(live) : value;
    },
  });
}

const exampleOf = (p: any) => p.example ?? p.schema?.example ?? p.schema?.examples?.[0] ?? p.schema?.enum?.[0];

export function exampleRequest(op: Operation): { url: string; init: RequestInit & { headers: Record<string, string> } } {
  const params = op.parameters.map(resolveRef);
  let path = op.path;
  for (const p of params.filter((p: any) => p.in === 'path')) path = path.replace(`{${p.name}}`, encodeURIComponent(String(exampleOf(p))));
  const query = new URLSearchParams();
  for (const p of params.filter((p: any) => p.in === 'query' && exampleOf(p) !== undefined)) {
    const v = exampleOf(p);
    for (const one of Array.isArray(v) ? v : [v]) query.append(p.name, String(one));
  }
  const body = op.operation.requestBody ? resolveRef(op.operation.requestBody).content?.['application/json']?.example : undefined;
  const scim = (op.operation.security ?? spec.security ?? []).some((req: any) => 'ScimToken' in req);
  const headers: Record<string, string> = { authorization: 'Bearer test-key' };
  if (scim) headers['x-request-origin'] = 'idp.example.com';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const qs = query.toString();
  return { url: `${path}${qs ? `?${qs}` : ''}`, init: { method: op.method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) } };
}

export async function call(base: string, method: string, path: string, body?: unknown, key: string | null = 'test-key') {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** The JSON pointer of an operation's response schema for a status key, through a `$ref`'d response. */
export function responsePointer(op: Operation, key: string): string | undefined {
  let pointer = `${op.pointer}/responses/${key}`;
  let node = op.operation.responses[key];
  while (node?.$ref) {
    pointer = node.$ref.slice(1);
    node = resolveRef({ $ref: node.$ref });
  }
  return node?.content?.['application/json']?.schema ? `${pointer}/content/application~1json/schema` : undefined;
}

/** The JSON pointer of an operation's request body schema in a view, through a `$ref`'d request body. */
export function requestPointer(op: Operation, view: any = spec): string {
  const escapePath = op.path.replace(/~/g, '~0').replace(/\//g, '~1');
  let pointer = `/paths/${escapePath}/${op.method}/requestBody`;
  let node = view.paths[op.path][op.method].requestBody;
  while (node?.$ref) {
    pointer = node.$ref.slice(1);
    node = node.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], view);
  }
  return `${pointer}/content/application~1json/schema`;
}

/** The client method input built from the operation's documented examples (as client.mock.test.ts does). */
export function exampleInput(op: Operation) {
  const params = op.parameters.map(resolveRef);
  const path = Object.fromEntries(params.filter((p: any) => p.in === 'path').map((p: any) => [p.name, exampleOf(p)]));
  const query = Object.fromEntries(params.filter((p: any) => p.in === 'query' && exampleOf(p) !== undefined).map((p: any) => [p.name, exampleOf(p)]));
  const body = op.operation.requestBody ? resolveRef(op.operation.requestBody).content['application/json'].example : undefined;
  const hasPath = Object.keys(path).length > 0;
  const hasQuery = params.some((p: any) => p.in === 'query');
  if (hasPath || (body !== undefined && hasQuery)) return { path, query, ...(body === undefined ? {} : { body }) };
  if (body !== undefined) return body;
  return hasQuery ? query : undefined;
}
