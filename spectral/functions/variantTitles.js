// Every branch of every `oneOf` / `anyOf` in the document has a `title` saying what it is ("by
// external_id", "Silent push"), its own or, for a `$ref` branch, the referenced schema's. Without
// one, the reference shows the variants as "object", "object (2)", "object (3)", and generators
// name them Variant1, Variant2. Runs on the unresolved document (the rule sets `resolved: false`),
// so that recursive schemas are walked once and each problem points at the branch in the bundle.
const SKIP = new Set(['example', 'examples', 'x-codeSamples', 'default', 'const', 'enum']);

function target(root, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), root);
}

function titleOf(root, branch) {
  const seen = new Set();
  while (branch && typeof branch === 'object') {
    if (typeof branch.title === 'string' && branch.title.trim()) return branch.title;
    if (!branch.$ref || seen.has(branch.$ref)) return undefined;
    seen.add(branch.$ref);
    branch = target(root, branch.$ref);
  }
  return undefined;
}

export default function variantTitles(root) {
  const problems = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, [...path, i]));
    if (!node || typeof node !== 'object') return;
    for (const keyword of ['oneOf', 'anyOf']) {
      if (!Array.isArray(node[keyword])) continue;
      node[keyword].forEach((branch, i) => {
        if (!titleOf(root, branch)) {
          problems.push({ message: `Branch ${i + 1} of this ${keyword} has no title (say what it is, e.g. "by external_id").`, path: [...path, keyword, i] });
        }
      });
    }
    for (const [key, child] of Object.entries(node)) if (!SKIP.has(key)) walk(child, [...path, key]);
  };
  walk(root, []);
  return problems;
}
