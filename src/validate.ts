// `validate: true`: every request body is checked against its operation's schema before it is
// sent, with the validators compiled at build time (generated/validators.mjs, shipped as the
// `braze-openapi/validators` entry). They are loaded on the first validated call, so a client that
// does not validate never loads them.
import { BrazeValidationError } from './errors.js';

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
export type Validators = Record<string, Validator>;

let loading: Promise<Validators> | undefined;

/** Loads the compiled validators (the package's own `validators` entry). */
export function loadValidators(): Promise<Validators> {
  // A variable specifier: bundlers must not inline ~1 MB of validators into the core client.
  const entry = 'braze-openapi/validators';
  return (loading ??= import(entry).then((m: Validators & { default?: Validators }) => (m.default && typeof m.default === 'object' ? m.default : m)));
}

/** `/attributes/0/visits` -> `body.attributes[0].visits` */
function fieldOf(path: string): string {
  return 'body' + path.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

export function validateBody(validators: Validators, operationId: string, body: unknown): void {
  const validate = validators[operationId.replace('.', '_')];
  if (!validate || validate(body)) return;
  const errors = validate.errors ?? [];
  // The deepest error is the most precise one; anyOf/oneOf summaries sit higher up.
  const worst = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || (a.keyword === 'anyOf' ? 1 : -1))[0];
  const field = fieldOf(worst?.instancePath ?? '');
  // Several `required` failures on one object come from an anyOf of alternatives ("one of these
  // identifiers"): name them all rather than the last one tried.
  const missing = errors.filter((e) => e.keyword === 'required' && e.instancePath === worst?.instancePath).map((e) => String(e.params.missingProperty));
  if (worst?.keyword === 'required' && missing.length > 1) {
    throw new BrazeValidationError(`${operationId}: ${field} needs one of ${[...new Set(missing)].join(', ')}`, { operationId, field });
  }
  const limit = typeof worst?.params?.limit === 'number' ? (worst.params.limit as number) : undefined;
  const extra = worst?.keyword === 'additionalProperties' ? ` (${String(worst.params.additionalProperty)})` : worst?.keyword === 'enum' ? ` (${(worst.params.allowedValues as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ')})` : '';
  throw new BrazeValidationError(`${operationId}: ${field} ${worst?.message ?? 'is invalid'}${extra}`, { operationId, field, ...(limit === undefined ? {} : { limit }) });
}
