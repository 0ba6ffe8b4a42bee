// Documented rules that JSON Schema cannot state (they count across fields), checked after the
// schema by `validate: true`. Each names the field and the limit, like the schema checks.
import type { Problem } from './validation.js';

type Rule = (body: Record<string, unknown>) => Problem | undefined;

const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** Braze allows 50 users per send in all: external ids and aliases together. */
const fiftyUsersInAll: Rule = (body) => {
  const total = lengthOf(body.external_user_ids) + lengthOf(body.user_aliases);
  return total > 50
    ? { field: 'body.external_user_ids+user_aliases', message: `hold ${total} users together; Braze accepts at most 50 per request`, limit: 50, actual: total }
    : undefined;
};

export const RULES: Record<string, Rule[]> = {
  'messages.send': [fiftyUsersInAll],
  'messages.scheduleCreate': [fiftyUsersInAll],
};
