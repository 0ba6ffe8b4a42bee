// Checks `x-braze-rate-limit` against the shape documented in openapi/EXTENSIONS.md; the client's
// limiter reads these numbers, so a typo here would silently unpace an operation.
const positiveInt = (v) => Number.isInteger(v) && v > 0;

export default function rateLimitShape(operation) {
  const limit = operation && operation['x-braze-rate-limit'];
  if (!limit || typeof limit !== 'object') return [{ message: 'Operation has no `x-braze-rate-limit`.' }];
  const problems = [];
  if (limit.unlimited === true) {
    if ('requests' in limit) problems.push('`x-braze-rate-limit` is unlimited but has `requests`.');
  } else {
    if (!positiveInt(limit.requests)) problems.push('`x-braze-rate-limit.requests` must be a positive integer.');
    if (!positiveInt(limit.windowSeconds)) problems.push('`x-braze-rate-limit.windowSeconds` must be a positive integer.');
  }
  if ('group' in limit && !/^[a-z0-9-]+$/.test(limit.group)) problems.push('`x-braze-rate-limit.group` must be lower-case kebab-case.');
  for (const alt of limit.alternatives || []) {
    if (typeof alt.when !== 'string' || !positiveInt(alt.requests) || !positiveInt(alt.windowSeconds)) {
      problems.push('each `x-braze-rate-limit.alternatives` entry needs `when`, `requests` and `windowSeconds`.');
    }
  }
  const known = new Set(['requests', 'windowSeconds', 'group', 'unlimited', 'note', 'alternatives']);
  for (const key of Object.keys(limit)) if (!known.has(key)) problems.push(`unknown key \`${key}\` in \`x-braze-rate-limit\`.`);
  return problems.map((message) => ({ message }));
}
