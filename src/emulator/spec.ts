// Reads the bundled description once: the route table (method + path template → operation), each
// operation's permission, rate limit and example answer, and Ajv 2020 validators for its request.
// The description is a parameter so that the emulator can check requests against another view of
// it (the strict contract, a changed copy) without code changes.
import { readFileSync } from 'node:fs';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../ajv.js';
import { tolerantSpec } from '../views.js';

const SPEC_ID = 'https://braze-openapi.local/emulator/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface RateLimit {
  requests?: number;
  windowSeconds?: number;
  group?: string;
  unlimited?: boolean;
}

export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  permission: string;
  rateLimit: RateLimit;
  /** The first 2xx status the operation documents. */
  successStatus: number;
  pointer: string;
  parameters: any[];
  /** JSON pointers of each parameter's schema, in the same order. */
  parameterPointers: string[];
  hasBody: boolean;
  /** The operation takes a client-side key (`BrazeClientKey`, the Device Messaging API), not a REST key. */
  clientSide: boolean;
  /** The response status keys the operation documents (`200`, `401`, `5XX`...). */
  statuses: string[];
  regex: RegExp;
  paramNames: string[];
}

function escapePointer(segment: string) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

// By default requests are checked against the tolerant view (everything Braze is known to accept,
// openapi/TOLERANT.md), since an emulator must not refuse what Braze takes: the strict bundle with
// the tolerant patch applied (../views.ts). `{ spec }` (a file or a document) gives another, e.g.
// the strict `openapi.json`.
export class Spec {
  readonly doc: any;
  readonly operations: SpecOperation[];
  private ajv: Ajv2020;
  private validators = new Map<string, ValidateFunction>();

  constructor(source?: string | object) {
    this.doc = typeof source === 'object' && source ? source : source ? JSON.parse(readFileSync(source, 'utf8')) : tolerantSpec();
    this.operations = [];
    for (const [path, item] of Object.entries<any>(this.doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const paramNames: string[] = [];
        const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name) => {
          paramNames.push(name);
          return '([^/]+)';
        });
        const success = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s)) ?? '200';
        this.operations.push({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId,
          permission: op['x-braze-permission'] ?? '',
          rateLimit: op['x-braze-rate-limit'] ?? { unlimited: true },
          successStatus: Number(success),
          pointer: `/paths/${escapePointer(path)}/${method}`,
          parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => this.resolve(p)),
          parameterPointers: [
            ...(item.parameters ?? []).map((p: any, i: number) => paramPointer(p, `/paths/${escapePointer(path)}/parameters/${i}`)),
            ...(op.parameters ?? []).map((p: any, i: number) => paramPointer(p, `/paths/${escapePointer(path)}/${method}/parameters/${i}`)),
          ],
          hasBody: Boolean(op.requestBody),
          clientSide: (op.security ?? this.doc.security ?? []).some((req: Record<string, unknown>) => 'BrazeClientKey' in req),
          statuses: Object.keys(op.responses ?? {}),
          regex: new RegExp(`^${pattern}$`),
          paramNames,
        });
      }
    }
    // Literal paths first, so that /catalogs/{catalog_name}/items never shadows a fixed path.
    this.operations.sort((a, b) => a.paramNames.length - b.paramNames.length);
    this.ajv = createAjv({ validateFormats: true });
    this.ajv.addSchema({ $id: SPEC_ID, paths: this.doc.paths, components: this.doc.components });
  }

  /** Follows a local `$ref` (`#/components/...`) until it reaches an object without one. */
  resolve(node: any): any {
    let current = node;
    for (let i = 0; current && typeof current === 'object' && typeof current.$ref === 'string' && i < 20; i++) {
      current = this.at(current.$ref.replace(/^#/, ''));
    }
    return current;
  }

  at(pointer: string): any {
    return pointer
      .split('/')
      .slice(1)
      .reduce((node: any, raw) => node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
  }

  match(method: string, pathname: string): { op: SpecOperation; params: Record<string, string> } | undefined {
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const m = op.regex.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { op, params };
    }
    return undefined;
  }

  byId(operationId: string): SpecOperation | undefined {
    return this.operations.find((o) => o.operationId === operationId);
  }

  validator(pointer: string): ValidateFunction {
    let v = this.validators.get(pointer);
    if (!v) {
      v = this.ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (!v) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, v);
    }
    return v;
  }

  /** Ajv's problems with a request body as `path message` lines ([] when valid). */
  checkBody(op: SpecOperation, body: unknown): ErrorObject[] {
    const raw = this.at(`${op.pointer}/requestBody`);
    if (!raw) return [];
    // A request body may itself be a `$ref` to #/components/requestBodies/...
    const base = typeof raw.$ref === 'string' ? raw.$ref.replace(/^#/, '') : `${op.pointer}/requestBody`;
    if (!this.at(`${base}/content/application~1json/schema`)) return [];
    const pointer = `${base}/content/application~1json/schema`;
    const validate = this.validator(pointer);
    return validate(body) ? [] : [...(validate.errors ?? [])];
  }

  /** Checks the query and path parameters; returns one line per problem. */
  checkParameters(op: SpecOperation, query: URLSearchParams, pathParams: Record<string, string>): string[] {
    const problems: string[] = [];
    op.parameters.forEach((param: any, idx: number) => {
      if (!param || (param.in !== 'query' && param.in !== 'path')) return;
      const raw = param.in === 'path' ? (pathParams[param.name] !== undefined ? [pathParams[param.name]] : []) : query.getAll(param.name);
      if (raw.length === 0) {
        if (param.required) problems.push(`query parameter "${param.name}" is required`);
        return;
      }
      const schema = this.resolve(param.schema) ?? {};
      const value = coerce(schema, raw, this);
      if (!param.schema) return;
      const validate = this.validator(op.parameterPointers[idx]);
      if (!validate(value)) {
        for (const e of validate.errors ?? []) problems.push(`${param.in} parameter "${param.name}" ${e.message ?? 'is invalid'}`);
      }
    });
    return problems;
  }

  /** The name of the component schema of an answer (`CatalogError`), through `$ref`'d responses. */
  responseSchemaName(op: SpecOperation, status: number): string | undefined {
    const responses = this.at(`${op.pointer}/responses`) ?? {};
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX`;
    const schema = this.resolve(responses[key])?.content?.['application/json']?.schema;
    return typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  }

  /** Problems of an answer against the operation's response schema for its status ([] when valid). */
  checkResponse(op: SpecOperation, status: number, body: unknown): string[] {
    const responses = this.at(`${op.pointer}/responses`) ?? {};
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX`;
    if (!(key in responses)) return [`status ${status} is not documented for ${op.operationId}`];
    let pointer = `${op.pointer}/responses/${key}`;
    let node = responses[key];
    while (node && typeof node.$ref === 'string') {
      pointer = node.$ref.replace(/^#/, '');
      node = this.at(pointer);
    }
    if (!node?.content?.['application/json']?.schema) return body === undefined ? [] : [`${op.operationId} ${status} documents no JSON body`];
    const validate = this.validator(`${pointer}/content/application~1json/schema`);
    return validate(body) ? [] : describeErrors([...(validate.errors ?? [])]);
  }

  /** The documented example of an operation's answer for a status, or of its schema. */
  example(op: SpecOperation, status: number): unknown {
    const response = this.resolve(this.at(`${op.pointer}/responses/${status}`));
    const media = response?.content?.['application/json'];
    if (!media) return undefined;
    if (media.example !== undefined) return media.example;
    const first = media.examples && Object.values<any>(media.examples)[0];
    if (first) return this.resolve(first).value;
    const schema = this.resolve(media.schema);
    return schema?.example ?? schema?.examples?.[0];
  }
}

function paramPointer(param: any, own: string): string {
  // A parameter written as `$ref: '#/components/parameters/X'` keeps its schema there.
  return typeof param?.$ref === 'string' ? `${param.$ref.replace(/^#/, '')}/schema` : `${own}/schema`;
}

function coerce(schema: any, raw: string[], spec: Spec): unknown {
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) {
    const items = spec.resolve(schema.items) ?? {};
    return raw.flatMap((r) => r.split(',')).map((r) => coerce(items, [r], spec));
  }
  const value = raw[raw.length - 1];
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function describeErrors(errors: ErrorObject[], prefix = ''): string[] {
  return errors
    .filter((e) => !['anyOf', 'oneOf', 'if', 'allOf'].includes(e.keyword) || errors.length === 1)
    .map((e) => {
      const where = `${prefix}${e.instancePath}` || '/';
      const extra = e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties'
        ? ` (${(e.params as any).additionalProperty ?? (e.params as any).unevaluatedProperty})`
        : '';
      return `${where} ${e.message ?? 'is invalid'}${extra}`;
    });
}
