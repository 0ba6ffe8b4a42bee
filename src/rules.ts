// Documented rules that JSON Schema cannot state (they count across fields or measure sizes),
// checked after the schema by `validate`. Each names the field and the limit, like the schema
// checks, and each is a hard rule of its page, so a broken one is always an error.

/** One problem found in a request body. */
export interface Problem {
  /** Where: `body.attributes[0].visits.inc`. */
  field: string;
  /** What, after the field: `must be integer`, `needs one of a, b`. */
  message: string;
  limit?: number;
  actual?: number;
}

type Rule = (body: Record<string, unknown>) => Problem | undefined;

const lengthOf = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** Braze allows 50 users per send in all: external ids and aliases together. */
const fiftyUsersInAll: Rule = (body) => {
  const total = lengthOf(body.external_user_ids) + lengthOf(body.user_aliases);
  return total > 50
    ? { field: 'body.external_user_ids+user_aliases', message: `hold ${total} users together; Braze accepts at most 50 per request`, limit: 50, actual: total }
    : undefined;
};

/** A nested custom attribute (an object, or an array of objects) holds at most 100 KB. */
export const NESTED_ATTRIBUTE_MAX_BYTES = 100 * 1024;
const encoder = /* @__PURE__ */ new TextEncoder();
const nestedAttributesUnder100KB: Rule = (body) => {
  const attributes = Array.isArray(body.attributes) ? body.attributes : [];
  for (const [i, object] of attributes.entries()) {
    if (!object || typeof object !== 'object') continue;
    for (const [name, value] of Object.entries(object as Record<string, unknown>)) {
      const nested = value !== null && typeof value === 'object' && (!Array.isArray(value) || value.some((v) => v !== null && typeof v === 'object'));
      if (!nested) continue;
      const bytes = encoder.encode(JSON.stringify(value)).length;
      if (bytes > NESTED_ATTRIBUTE_MAX_BYTES) {
        return {
          field: `body.attributes[${i}].${name}`,
          message: `is ${bytes} bytes; a nested custom attribute holds at most ${NESTED_ATTRIBUTE_MAX_BYTES} (100 KB), and Braze drops a larger update without an error`,
          limit: NESTED_ATTRIBUTE_MAX_BYTES,
          actual: bytes,
        };
      }
    }
  }
  return undefined;
};

export const RULES: Record<string, Rule[]> = {
  'messages.send': [fiftyUsersInAll],
  'messages.scheduleCreate': [fiftyUsersInAll],
  'users.track': [nestedAttributesUnder100KB],
  'users.trackSync': [nestedAttributesUnder100KB],
};
