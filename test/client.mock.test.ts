// The client against the real mock (Prism on the bundled spec, started by test/setup/prism.ts on
// 127.0.0.1): every operation of the description is called through the generated client with its
// documented example, and its answer must match the operation's success schema. Prism checks
// each request against the spec, so a client that serialised a path, query or body wrongly fails.
import { describe, expect, inject, it } from 'vitest';
import { BrazeApiError, createBrazeClient, type OperationId } from '../src/index.js';
import { operations, problems, responseValidator, spec } from './helpers/spec.js';

const KEY = 'test-key-7f3a';
const mockUrl = inject('mockUrl');

const resolve = (node: any): any => {
  while (node?.$ref) node = node.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k.replace(/~1/g, '/')], spec);
  return node;
};
const exampleOf = (param: any) => param.example ?? param.schema?.example ?? param.schema?.examples?.[0] ?? param.schema?.enum?.[0];

/** The method input built from the operation's documented examples. */
export function exampleInput(op: (typeof operations)[number]) {
  const params = op.parameters.map(resolve);
  const path = Object.fromEntries(params.filter((p: any) => p.in === 'path').map((p: any) => [p.name, exampleOf(p)]));
  const query = Object.fromEntries(
    // Prism 5.14 cannot match bracketed names (it renames them at start-up), so they are left out.
    params.filter((p: any) => p.in === 'query' && !/[[\]]/.test(p.name) && exampleOf(p) !== undefined).map((p: any) => [p.name, exampleOf(p)]),
  );
  const body = op.operation.requestBody ? resolve(op.operation.requestBody).content['application/json'].example : undefined;
  const hasPath = Object.keys(path).length > 0;
  const hasQuery = params.some((p: any) => p.in === 'query');
  if (hasPath || (body !== undefined && hasQuery)) return { path, query, ...(body === undefined ? {} : { body }) };
  if (body !== undefined) return body;
  return hasQuery ? query : undefined;
}

function clientRecordingHeaders() {
  const seen: Headers[] = [];
  const braze = createBrazeClient({
    apiKey: KEY,
    baseUrl: mockUrl,
    scim: { token: 'scim-token-1', origin: 'idp.example.com' },
    fetch: async (request: Request) => {
      seen.push(new Headers(request.headers));
      return fetch(request);
    },
  });
  return { braze, seen };
}

describe('every operation, called through the client against the mock', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (operationId, op) => {
    const { braze, seen } = clientRecordingHeaders();
    const data = await braze.call(operationId as OperationId, exampleInput(op) as never);
    const status = Object.keys(op.operation.responses).find((s) => s.startsWith('2'))!;
    if (resolve(op.operation.responses[status]).content) {
      expect(problems(responseValidator(operationId, status), data)).toEqual([]);
    }
    const scim = (op.operation.security ?? spec.security).some((req: object) => 'ScimToken' in req);
    expect(seen[0].get('authorization')).toBe(scim ? 'Bearer scim-token-1' : `Bearer ${KEY}`);
    if (scim) expect(seen[0].get('x-request-origin')).toBe('idp.example.com');
  });
});

describe('answers the mock refuses come back as typed errors', () => {
  it('a body that breaks the schema is a BrazeApiError naming the field', async () => {
    const { braze } = clientRecordingHeaders();
    const error = await braze.users
      .createAlias({ user_aliases: [{ alias_name: 'cust-1' } as never] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrazeApiError);
    expect(error).toMatchObject({ status: 400, operationId: 'users.createAlias' });
    expect((error as BrazeApiError).brazeMessage).toMatch(/alias_label/);
    expect((error as BrazeApiError).rateLimit.limit).toBeTypeOf('number');
  });

  it('a call without the key is refused by the mock with 401', async () => {
    const response = await fetch(`${mockUrl}/users/alias/new`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_aliases: [{ alias_name: 'a', alias_label: 'b' }] }),
    });
    expect(response.status).toBe(401);
  });
});
