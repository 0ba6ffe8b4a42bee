// The `braze-openapi/validators` entry: request bodies checked against both views of the
// description, plus the cross-field rules of rules.ts, behind one function. The core client loads
// it on its first call with `validate`; it returns descriptions instead of throwing, so that the
// error the caller sees is the core client's own BrazeValidationError class (an entry bundled
// separately has its own copies of the classes).
//
// - An error: the body fails the tolerant view (views.ts: the strict bundle with the tolerant patch
//   applied) or a rule of rules.ts. Braze refuses it, or a page states the rule as a hard one.
// - A warning: the body passes the tolerant view but not the strict contract (openapi.json):
//   Braze takes it, and ignores or coerces that part. Each warning says which field and why.
//
// Ajv 2020 compiles an operation's two validators on the first validateBody call for it (so this
// needs a runtime that allows `new Function`) and keeps them; bench/validators.mjs measures the cost.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createAjv } from './ajv.js';
import { RULES, type Problem } from './rules.js';
import { sharedViews } from './views.js';

export type { Problem } from './rules.js';
export { strictSpec, tolerantSpec, type OpenApiDocument } from './views.js';

/** A part of a body that Braze accepts but that the strict contract refuses. */
export interface Warning extends Problem {
  /** The relaxation that lets it through (a row of openapi/TOLERANT.md), or `strict` when none is named. */
  rule: string;
  /** Why it is still discouraged. */
  why: string;
}

type AjvError = { instancePath: string; schemaPath: string; keyword: string; message?: string; params: Record<string, unknown> };
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
type Relaxation = { id: string; warning: string; pointers: string[]; required?: string[] };

const STRICT_ID = 'https://braze-openapi.local/strict.json';
const TOLERANT_ID = 'https://braze-openapi.local/tolerant.json';

/** Both views in one Ajv, each operation's request-body pointer, and the relaxations; made on first use. */
let engine: { ajv: Ajv2020; bodies: Map<string, string>; relaxations: Relaxation[] } | undefined;
const compiled = new Map<string, { tolerant?: Validator; strict?: Validator }>();

/** The value at a JSON pointer of a document. */
const at = (doc: unknown, pointer: string): any =>
  pointer.split('/').slice(1).reduce((node: any, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function setUp() {
  const { strict, tolerant } = sharedViews();
  // `inlineRefs: false`: a schema used in many places is one function, compiled once and called
  // from each operation that uses it; Ajv's schema paths then start at that schema.
  // `validateSchema: false`: the meta-schema would look at nothing but `$id` in these wrappers
  // (`paths` and `components` are no JSON Schema keywords), yet compiling it is a third of the set-up.
  // `optimize: false` halves the compile time of an operation; the cached calls take as long.
  // Neither changes a verdict or an error.
  const ajv = createAjv({ inlineRefs: false, validateSchema: false, code: { optimize: false } });
  ajv.addSchema({ $id: STRICT_ID, components: strict.components, paths: strict.paths });
  ajv.addSchema({ $id: TOLERANT_ID, components: tolerant.components, paths: tolerant.paths });
  // Operations with a JSON request body: the same paths and operations in both views.
  const bodies = new Map<string, string>();
  for (const [path, item] of Object.entries<any>(strict.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (op?.requestBody?.content?.['application/json']?.schema) bodies.set(op.operationId, `/paths/${escape(path)}/${method}/requestBody/content/application~1json/schema`);
    }
  }
  // A relaxed `required` matches a strict error only for the properties it names (`required` is a
  // keyword of almost every schema): the names go with the relaxation.
  const relaxations = (tolerant['x-braze-relaxations'] ?? []).map((r): Relaxation => {
    const required = r.pointers.filter((p) => p.endsWith('/required')).flatMap((p) => at(strict, p) ?? []);
    return required.length ? { ...r, required } : r;
  });
  return { ajv, bodies, relaxations };
}

/** An operation's validators (tolerant view, strict contract), compiled on its first use. */
function validatorsOf(operationId: string) {
  let pair = compiled.get(operationId);
  if (!pair) {
    engine ??= setUp();
    const pointer = engine.bodies.get(operationId);
    pair = pointer
      ? { tolerant: engine.ajv.getSchema(`${TOLERANT_ID}#${pointer}`) as Validator, strict: engine.ajv.getSchema(`${STRICT_ID}#${pointer}`) as Validator }
      : {};
    compiled.set(operationId, pair);
  }
  return pair;
}

/** `/attributes/0/visits` -> `body.attributes[0].visits` */
function fieldOf(path: string): string {
  return 'body' + path.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

/** The key an error is about, when it names one (an unknown key, a missing one). */
function keyOf(error: AjvError): string | undefined {
  const key = error.params.additionalProperty ?? error.params.unevaluatedProperty ?? error.params.missingProperty;
  return key === undefined ? undefined : String(key);
}

/** The single most precise problem among Ajv's errors for one body. */
function describe(errors: AjvError[]): Problem {
  // The deepest error is the most precise one; anyOf/oneOf summaries sit higher up.
  const worst = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || (a.keyword === 'anyOf' ? 1 : -1))[0];
  const field = fieldOf(worst?.instancePath ?? '');
  // Several `required` failures on one object come from an anyOf of alternatives ("one of these
  // identifiers"): name them all rather than the last one tried.
  const missing = errors.filter((e) => e.keyword === 'required' && e.instancePath === worst?.instancePath).map((e) => String(e.params.missingProperty));
  if (worst?.keyword === 'required' && missing.length > 1) return { field, message: `needs one of ${[...new Set(missing)].join(', ')}` };
  const limit = typeof worst?.params?.limit === 'number' ? (worst.params.limit as number) : undefined;
  const extra =
    worst?.keyword === 'additionalProperties' || worst?.keyword === 'unevaluatedProperties'
      ? ` (${keyOf(worst)})`
      : worst?.keyword === 'enum'
        ? ` (${(worst.params.allowedValues as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ')})`
        : '';
  return { field, message: `${worst?.message ?? 'is invalid'}${extra}`, ...(limit === undefined ? {} : { limit }) };
}

/** The relaxation whose loosened keyword produced a strict-only error (matched on the end of its schema path). */
function relaxationOf(error: AjvError) {
  // Ajv percent-encodes some characters of its schema paths (`$time` is `%24time`).
  let at = error.schemaPath.replace(/^#/, '');
  try {
    at = decodeURIComponent(at);
  } catch {
    // not encoded
  }
  const missing = error.keyword === 'required' ? String(error.params.missingProperty ?? '') : undefined;
  // The relaxation whose loosened keyword is the longest match of the error's place: the most
  // specific one (several schemas share short paths such as `/required`).
  let best: Relaxation | undefined;
  let bestLength = -1;
  for (const r of engine?.relaxations ?? []) {
    for (const pointer of r.pointers) {
      const inSchema = pointer.replace(/^\/components\/schemas\/[^/]+/, '');
      if (!(at === inSchema || at.startsWith(`${inSchema}/`))) continue;
      // A relaxed `required` is about the properties it names, not any missing property.
      if (missing !== undefined && pointer.endsWith('/required') && !(r.required ?? []).includes(missing)) continue;
      if (inSchema.length > bestLength) {
        best = r;
        bestLength = inSchema.length;
      }
    }
  }
  return best;
}

/** Turns the strict contract's errors, for a body the tolerant view accepts, into warnings. */
function warningsOf(errors: AjvError[]): Warning[] {
  const found = new Map<string, Warning>();
  for (const error of errors) {
    const relaxation = relaxationOf(error);
    if (!relaxation) continue;
    const key = keyOf(error);
    const field = fieldOf(error.instancePath) + (key ? `.${key}` : '');
    const message =
      error.keyword === 'required'
        ? 'is missing'
        : error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
          ? 'is not a documented field'
          : `${error.message ?? 'is refused by the strict contract'}`;
    const id = `${field} ${error.keyword}`;
    if (!found.has(id)) found.set(id, { field, message, rule: relaxation.id, why: relaxation.warning });
  }
  // One warning per field, where the problem is: a field whose part already has a warning is only
  // failing because of that part (the branches of a oneOf/anyOf above it report it again), and of
  // several warnings on one field the one of a specific rule says more than "not a documented field".
  const all = [...found.values()];
  const fields = all.map((w) => w.field);
  const leaf = all.filter((w) => !fields.some((f) => f !== w.field && (f.startsWith(`${w.field}.`) || f.startsWith(`${w.field}[`))));
  const byField = new Map<string, Warning>();
  for (const w of leaf) {
    const seen = byField.get(w.field);
    if (!seen || (seen.rule === 'unknown-keys' && w.rule !== 'unknown-keys')) byField.set(w.field, w);
  }
  if (byField.size) return [...byField.values()];
  // A strict-only failure that no relaxation names (should not happen): report it plainly.
  if (!found.size && errors.length) {
    const problem = describe(errors);
    found.set('', { ...problem, rule: 'strict', why: 'the strict contract (openapi.json) refuses it, though Braze accepts it' });
  }
  return [...found.values()];
}

/**
 * Checks one request body against both views: `errors` (Braze refuses it, or a page states the
 * rule as a hard one) and `warnings` (Braze takes it, the strict contract does not). Both are
 * empty for a body that follows the strict contract. The import command's `--dry-run` and the
 * client's `validate` option use it.
 */
export function validateBody(operationId: string, body: unknown): { errors: Problem[]; warnings: Warning[] } {
  const { tolerant, strict } = validatorsOf(operationId);
  const errors: Problem[] = [];
  if (tolerant && !tolerant(body)) errors.push(describe(tolerant.errors ?? []));
  if (body && typeof body === 'object') {
    for (const rule of RULES[operationId] ?? []) {
      const problem = rule(body as Record<string, unknown>);
      if (problem) errors.push(problem);
    }
  }
  const warnings = !errors.length && strict && !strict(body) ? warningsOf(strict.errors ?? []) : [];
  return { errors, warnings };
}

/** The first error of a request body, or undefined when Braze would take it (warnings aside). */
export function check(operationId: string, body: unknown): Problem | undefined {
  return validateBody(operationId, body).errors[0];
}
