// `validate: true`: request bodies are checked by validation.ts (the `braze-openapi/validators`
// entry, a file of its own in dist/, which compiles each operation's validators with Ajv on first
// use), loaded on the first validated call, so that a client that does not validate never loads
// it or Ajv.
import { BrazeValidationError } from './errors.js';
import type { Problem, Warning } from './validation.js';

export type Validation = {
  check(operationId: string, body: unknown): Problem | undefined;
  validateBody(operationId: string, body: unknown): { errors: Problem[]; warnings: Warning[] };
};

/** A part of a request body that Braze accepts but the strict contract does not (see `onWarning`). */
export interface BrazeValidationWarning extends Warning {
  operationId: string;
}

let loading: Promise<Validation> | undefined;

export function loadValidation(): Promise<Validation> {
  // A literal specifier, so that an application's bundler follows it; scripts/build-dist.mjs keeps
  // it out of the core client (it becomes the package's validators file, which brings Ajv and the spec).
  return (loading ??= import('./validation.js'));
}

/**
 * `validate: true` throws the core client's BrazeValidationError for the first error and hands
 * each warning to `onWarning`; `validate: 'strict'` throws for a warning too.
 */
export function throwIfInvalid(
  validation: Validation,
  operationId: string,
  body: unknown,
  mode: boolean | 'strict' = true,
  onWarning?: (warning: BrazeValidationWarning) => void,
): void {
  const { errors, warnings } = validation.validateBody(operationId, body);
  const first: Problem | undefined = errors[0] ?? (mode === 'strict' ? warnings[0] : undefined);
  if (first) {
    const why = 'why' in first ? ` (${(first as Warning).why})` : '';
    throw new BrazeValidationError(`${operationId}: ${first.field} ${first.message}${why}`, { operationId, ...first });
  }
  for (const warning of warnings) onWarning?.({ operationId, ...warning });
}
