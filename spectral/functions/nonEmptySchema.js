// Two checks over one operation, chosen by `check`:
// - `schemas`: every 2xx response body has a schema that says something. A bare `type: object`
//   with no properties, no composition and no additionalProperties schema is a stub.
// - `examples`: the success answer has an example, and so does the request body when there is one.
const SAYS_SOMETHING = ['properties', 'items', 'oneOf', 'anyOf', 'allOf', '$ref', 'enum', 'const', 'patternProperties', 'prefixItems'];

function isStub(schema) {
  if (!schema || typeof schema !== 'object') return true;
  if (SAYS_SOMETHING.some((k) => k in schema)) return false;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return false;
  if (schema.type && schema.type !== 'object' && schema.type !== 'array') return false;
  return true;
}

const hasExample = (media) => Boolean(media && (media.example !== undefined || (media.examples && Object.keys(media.examples).length)));

export default function nonEmptySchema(operation, options) {
  const problems = [];
  const responses = (operation && operation.responses) || {};
  const success = Object.entries(responses).filter(([code]) => /^2/.test(code));
  if (success.length === 0) problems.push('Operation has no 2xx response.');
  for (const [code, response] of success) {
    for (const [type, media] of Object.entries((response && response.content) || {})) {
      if (options.check === 'schemas' && isStub(media.schema)) problems.push(`${code} ${type} response schema is empty or a bare object.`);
      if (options.check === 'examples' && !hasExample(media)) problems.push(`${code} ${type} response has no example.`);
    }
  }
  if (options.check === 'examples' && operation.requestBody) {
    for (const [type, media] of Object.entries(operation.requestBody.content || {})) {
      if (!hasExample(media)) problems.push(`${type} request body has no example.`);
    }
  }
  return problems.map((message) => ({ message }));
}
