// Documented rules that JSON Schema cannot state (they count across fields); `validate: true`
// checks them after the schema. Each names the field and the limit, like the schema checks.
import { BrazeValidationError } from './errors.js';

type Rule = (body: Record<string, unknown>, operationId: string) => void;

const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** Braze allows 50 users per send in all: external ids and aliases together. */
const fiftyUsersInAll: Rule = (body, operationId) => {
  const total = lengthOf(body.external_user_ids) + lengthOf(body.user_aliases);
  if (total > 50) {
    throw new BrazeValidationError(`${operationId}: body.external_user_ids and body.user_aliases hold ${total} users together; Braze accepts at most 50 per request`, {
      operationId,
      field: 'body.external_user_ids+user_aliases',
      limit: 50,
      actual: total,
    });
  }
};

export const RULES: Record<string, Rule[]> = {
  'messages.send': [fiftyUsersInAll],
  'messages.scheduleCreate': [fiftyUsersInAll],
};

export function checkRules(operationId: string, body: unknown): void {
  if (!body || typeof body !== 'object') return;
  for (const rule of RULES[operationId] ?? []) rule(body as Record<string, unknown>, operationId);
}
