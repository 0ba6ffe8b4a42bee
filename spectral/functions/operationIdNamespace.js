// operationId must be `<namespace>.<verb>`, both camelCase, where the namespace is the camelCased
// first segment of the URL that is not a version (`/v2/subscription/...` -> `subscription`,
// `/preference_center/v1` -> `preferenceCenter`). The client's method tree is built from it.
const camel = (s) => s.replace(/[_-]([a-z])/g, (_, c) => c.toUpperCase());

export default function operationIdNamespace(operation, _options, context) {
  const id = operation && operation.operationId;
  if (typeof id !== 'string') return [{ message: 'Operation has no operationId.' }];
  if (!/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/.test(id)) {
    return [{ message: `operationId "${id}" is not <namespace>.<verb> in camelCase.` }];
  }
  const url = context.path[1];
  const first = String(url).split('/').filter((s) => s && !/^v\d+$/.test(s))[0] || '';
  const namespace = camel(first.replace(/[{}]/g, ''));
  if (id.split('.')[0] !== namespace) {
    return [{ message: `operationId "${id}" should start with "${namespace}." (from ${url}).` }];
  }
  return [];
}
