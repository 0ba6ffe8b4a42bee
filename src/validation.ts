// The `braze-openapi/validators` entry: the request-body validators compiled at build time
// (generated/validators.mjs) and the cross-field rules of rules.ts, behind one function. The core
// client loads it on its first call with `validate: true`; it returns a description of the first
// problem instead of throwing, so that the error the caller sees is the core client's own
// BrazeValidationError class (an entry bundled separately has its own copies of the classes).
import * as validators from '../generated/validators.mjs';
import { RULES } from './rules.js';

export interface Problem {
  /** Where: `body.attributes[0].visits.inc`. */
  field: string;
  /** What, after the field: `must be integer`, `needs one of a, b`. */
  message: string;
  limit?: number;
  actual?: number;
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** `/attributes/0/visits` -> `body.attributes[0].visits` */
function fieldOf(path: string): string {
  return 'body' + path.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

/** The first problem of a request body, or undefined when it is valid. */
export function check(operationId: string, body: unknown): Problem | undefined {
  const validate = (validators as unknown as Record<string, Validator>)[operationId.replace('.', '_')];
  if (validate && !validate(body)) {
    const errors = validate.errors ?? [];
    // The deepest error is the most precise one; anyOf/oneOf summaries sit higher up.
    const worst = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || (a.keyword === 'anyOf' ? 1 : -1))[0];
    const field = fieldOf(worst?.instancePath ?? '');
    // Several `required` failures on one object come from an anyOf of alternatives ("one of these
    // identifiers"): name them all rather than the last one tried.
    const missing = errors.filter((e) => e.keyword === 'required' && e.instancePath === worst?.instancePath).map((e) => String(e.params.missingProperty));
    if (worst?.keyword === 'required' && missing.length > 1) return { field, message: `needs one of ${[...new Set(missing)].join(', ')}` };
    const limit = typeof worst?.params?.limit === 'number' ? (worst.params.limit as number) : undefined;
    const extra =
      worst?.keyword === 'additionalProperties'
        ? ` (${String(worst.params.additionalProperty)})`
        : worst?.keyword === 'enum'
          ? ` (${(worst.params.allowedValues as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ')})`
          : '';
    return { field, message: `${worst?.message ?? 'is invalid'}${extra}`, ...(limit === undefined ? {} : { limit }) };
  }
  if (body && typeof body === 'object') {
    for (const rule of RULES[operationId] ?? []) {
      const problem = rule(body as Record<string, unknown>);
      if (problem) return problem;
    }
  }
  return undefined;
}
