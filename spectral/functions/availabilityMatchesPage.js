// `x-braze-availability` must say what the operation's page says: every status of an early-access,
// beta or hidden page (spectral/availability-pages.js, generated from Braze's reference pages by
// scripts/gen-availability.mjs), and no status that no page gives. The value is a non-empty array
// of distinct values among early-access, beta and hidden (see openapi/EXTENSIONS.md).
import pages from '../availability-pages.js';

const STATUSES = ['early-access', 'beta', 'hidden'];
// Braze spells path parameters several ways ({CAMPAIGN_ID}, {campaign_id}); compare shapes.
const shape = (path) => path.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/$/, '$1');
const byShape = new Map(Object.entries(pages).map(([key, entry]) => {
  const [method, path] = key.split(' ');
  return [`${method} ${shape(path)}`, entry];
}));

export default function availabilityMatchesPage(operation, _options, context) {
  const [, path, method] = context.path;
  const page = byShape.get(`${String(method).toUpperCase()} ${shape(String(path))}`);
  const expected = page ? page.availability : [];
  const actual = operation ? operation['x-braze-availability'] : undefined;
  if (actual !== undefined) {
    if (!Array.isArray(actual) || actual.length === 0) return [{ message: '`x-braze-availability` must be a non-empty array, for example [early-access].' }];
    const unknown = actual.filter((s) => !STATUSES.includes(s));
    if (unknown.length) return [{ message: `\`x-braze-availability\` has unknown value(s) ${unknown.join(', ')}: use ${STATUSES.join(', ')}.` }];
    if (new Set(actual).size !== actual.length) return [{ message: '`x-braze-availability` repeats a value.' }];
  }
  const have = actual ?? [];
  const missing = expected.filter((s) => !have.includes(s));
  if (missing.length) {
    return [{ message: `Braze's page (${page.page}) marks this operation ${missing.join(' and ')}: add it to \`x-braze-availability\` (expected [${expected.join(', ')}]).` }];
  }
  const extra = have.filter((s) => !expected.includes(s));
  if (extra.length) {
    return [{ message: `\`x-braze-availability\` says ${extra.join(' and ')}, but no page says so${page ? ` (${page.page} says [${expected.join(', ')}])` : ''}; regenerate spectral/availability-pages.js if the pages changed.` }];
  }
  return [];
}
