// `validate: true`: request bodies are checked by the `braze-openapi/validators` entry (validators
// compiled at build time, see validation.ts), loaded on the first validated call, so that a client
// that does not validate never loads them and no schema compiler ships at all.
import { BrazeValidationError } from './errors.js';
import type { Problem } from './validation.js';

type Validation = { check(operationId: string, body: unknown): Problem | undefined };
let loading: Promise<Validation> | undefined;

export function loadValidation(): Promise<Validation> {
  // A variable specifier keeps bundlers from inlining ~1 MB of validators into the core client.
  const entry = 'braze-openapi/validators';
  return (loading ??= import(entry) as Promise<Validation>);
}

/** Throws the core client's BrazeValidationError for the first problem of a body. */
export function throwIfInvalid(validation: Validation, operationId: string, body: unknown): void {
  const problem = validation.check(operationId, body);
  if (problem) {
    throw new BrazeValidationError(`${operationId}: ${problem.field} ${problem.message}`, { operationId, ...problem });
  }
}
