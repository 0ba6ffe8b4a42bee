// `validate: true`: request bodies are checked by validation.ts (validators compiled at build time;
// the `braze-openapi/validators` entry, a file of its own in dist/), loaded on the first validated
// call, so that a client that does not validate never loads them and no schema compiler ships.
import { BrazeValidationError } from './errors.js';
import type { Problem } from './validation.js';

type Validation = { check(operationId: string, body: unknown): Problem | undefined };
let loading: Promise<Validation> | undefined;

export function loadValidation(): Promise<Validation> {
  // A literal specifier, so that an application's bundler follows it; scripts/build-dist.mjs keeps
  // it out of the core client (it becomes the package's validators file, ~1 MB).
  return (loading ??= import('./validation.js'));
}

/** Throws the core client's BrazeValidationError for the first problem of a body. */
export function throwIfInvalid(validation: Validation, operationId: string, body: unknown): void {
  const problem = validation.check(operationId, body);
  if (problem) {
    throw new BrazeValidationError(`${operationId}: ${problem.field} ${problem.message}`, { operationId, ...problem });
  }
}
