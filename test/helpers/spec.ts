// Loads the bundled description once and hands out Ajv 2020 validators for its schemas, so that a
// test can prove a schema rule (`validatorFor('UsersTrackRequest')`) or an operation's request
// body (`requestValidator('users.track')`) with the same engine a user's tooling would use. Every
// function takes the view last: 'strict' (generated/openapi.json, the default) or 'tolerant'
// (generated/openapi.tolerant.json).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { expect } from 'vitest';

const SPEC_ID = 'https://braze-openapi.local/openapi.json';
// BRAZE_SPEC points the tests at another bundle (see `npm run build -- --out DIR`).
const specFile = process.env.BRAZE_SPEC ?? fileURLToPath(new URL('../../generated/openapi.json', import.meta.url));
const tolerantFile = specFile.replace(/openapi\.json$/, 'openapi.tolerant.json');

export type View = 'strict' | 'tolerant';
export const spec = JSON.parse(readFileSync(specFile, 'utf8'));
export const tolerantSpec = JSON.parse(readFileSync(tolerantFile, 'utf8'));

export type Operation = {
  method: string;
  path: string;
  operationId: string;
  pointer: string;
  operation: any;
  /** Path-item and operation parameters together, `$ref`s left as they are. */
  parameters: any[];
};

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export const operations: Operation[] = Object.entries<any>(spec.paths ?? {}).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    method,
    path,
    operationId: item[method].operationId,
    pointer: `/paths/${escape(path)}/${method}`,
    operation: item[method],
    parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])],
  })),
);

export function escape(segment: string) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function operation(operationId: string): Operation {
  const found = operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in generated/openapi.json`);
  return found;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext resolution.
const addFormats = ((formatsModule as any).default ?? formatsModule) as (a: Ajv2020) => void;
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, paths: spec.paths, components: spec.components });
const TOLERANT_ID = 'https://braze-openapi.local/openapi.tolerant.json';
ajv.addSchema({ $id: TOLERANT_ID, paths: tolerantSpec.paths, components: tolerantSpec.components });

const cache = new Map<string, ValidateFunction>();

/** A validator for a JSON pointer inside the bundle (`/components/schemas/UserAlias`). */
export function validatorAt(pointer: string, view: View = 'strict'): ValidateFunction {
  const key = `${view} ${pointer}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.getSchema(`${view === 'strict' ? SPEC_ID : TOLERANT_ID}#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    cache.set(key, validate);
  }
  return validate;
}

/** A validator for a named component schema (`validatorFor('UsersTrackRequest')`). */
export function validatorFor(schemaName: string, view: View = 'strict'): ValidateFunction {
  if (!spec.components?.schemas?.[schemaName]) throw new Error(`no component schema ${schemaName}`);
  return validatorAt(`/components/schemas/${escape(schemaName)}`, view);
}

/** The validator of an operation's JSON request body (`requestValidator('users.track')`). */
export function requestValidator(operationId: string, view: View = 'strict'): ValidateFunction {
  const op = operation(operationId);
  if (!op.operation.requestBody) throw new Error(`${operationId} has no request body`);
  return validatorAt(`${op.pointer}/requestBody/content/application~1json/schema`, view);
}

/** The validator of an operation's response body for one status code. */
export function responseValidator(operationId: string, status: string): ValidateFunction {
  const op = operation(operationId);
  return validatorAt(`${op.pointer}/responses/${status}/content/application~1json/schema`);
}

/** Validates and returns Ajv's errors as `instancePath keyword message` lines ([] when valid). */
export function problems(validate: ValidateFunction, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''}`.trim());
}

/** Follows `$ref`s inside the bundle until a node that is not a reference. */
export function resolve(node: any): any {
  while (node?.$ref) node = node.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  return node;
}

/** Fails unless the operation's request body schema accepts the body, printing every problem. */
export function expectBodyValid(operationId: string, body: unknown) {
  expect(problems(requestValidator(operationId), body)).toEqual([]);
}

/** Fails unless one of the problems is exactly the rule under test (`<instancePath> <keyword>`). */
export function expectBodyRejected(operationId: string, body: unknown, rule: string) {
  const found = problems(requestValidator(operationId), body);
  expect(found.some((p) => p.startsWith(rule)), `expected "${rule}" among ${JSON.stringify(found)}`).toBe(true);
}
