// Every example in the description validates against the schema it illustrates: request and
// response examples of every operation, parameter examples, and examples written on schemas.
// An example that lies is worse than none: users copy them, and Prism serves them as answers.
import { describe, expect, it } from 'vitest';
import { escape, operations, problems, spec, validatorAt } from './helpers/spec.js';

type Case = { name: string; pointer: string; value: unknown };

function mediaCases(where: string, pointer: string, content: Record<string, any> | undefined): Case[] {
  const media = content?.['application/json'];
  if (!media?.schema) return [];
  const schemaPointer = `${pointer}/content/application~1json/schema`;
  const cases: Case[] = [];
  if (media.example !== undefined) cases.push({ name: `${where} example`, pointer: schemaPointer, value: media.example });
  for (const [key, ex] of Object.entries<any>(media.examples ?? {})) {
    const value = ex.$ref ? undefined : ex.value;
    if (value !== undefined) cases.push({ name: `${where} example "${key}"`, pointer: schemaPointer, value });
  }
  return cases;
}

const cases: Case[] = operations.flatMap(({ operationId, pointer, operation }) => {
  const out: Case[] = [];
  if (operation.requestBody) out.push(...mediaCases(`${operationId} request`, `${pointer}/requestBody`, operation.requestBody.content));
  for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
    if (response.$ref) continue; // shared responses are checked once, below
    out.push(...mediaCases(`${operationId} ${status}`, `${pointer}/responses/${status}`, response.content));
  }
  (operation.parameters ?? []).forEach((param: any, i: number) => {
    if (param.$ref || param.example === undefined) return;
    out.push({ name: `${operationId} parameter ${param.name}`, pointer: `${pointer}/parameters/${i}/schema`, value: param.example });
  });
  return out;
});

for (const [name, response] of Object.entries<any>(spec.components?.responses ?? {})) {
  cases.push(...mediaCases(`response ${name}`, `/components/responses/${escape(name)}`, response.content));
}
for (const [name, param] of Object.entries<any>(spec.components?.parameters ?? {})) {
  if (param.example !== undefined) cases.push({ name: `parameter ${name}`, pointer: `/components/parameters/${escape(name)}/schema`, value: param.example });
}
for (const [name, schema] of Object.entries<any>(spec.components?.schemas ?? {})) {
  const pointer = `/components/schemas/${escape(name)}`;
  if (schema.example !== undefined) cases.push({ name: `schema ${name} example`, pointer, value: schema.example });
  (schema.examples ?? []).forEach((value: unknown, i: number) => cases.push({ name: `schema ${name} examples[${i}]`, pointer, value }));
}

describe('every example validates against its schema', () => {
  it('the description has examples to check', () => {
    expect(cases.length).toBeGreaterThan(operations.length);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(problems(validatorAt(c.pointer), c.value)).toEqual([]);
  });
});

describe('every operation has examples', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s has a request example (when it takes a body) and a success example', (_id, op) => {
    const names = cases.map((c) => c.name);
    if (op.operation.requestBody) expect(names.some((n) => n.startsWith(`${op.operationId} request example`))).toBe(true);
    // A success without a body (204) has nothing to illustrate.
    const success = Object.entries<any>(op.operation.responses).filter(([s, r]) => s.startsWith('2') && (r.$ref || r.content));
    if (success.length === 0) return;
    expect(success.some(([s]) => names.some((n) => n.startsWith(`${op.operationId} ${s} example`)))).toBe(true);
  });
});
