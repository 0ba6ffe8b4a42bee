// Where the run-time code finds the spec documents: the strict bundle and the patch that turns it
// into the tolerant view. In the repository (tests, tsx) they are read from ../generated/; in dist/
// scripts/build-dist.mjs puts in place of this module one that require()s the package's copies in
// dist/spec/, with literal specifiers that an application's bundler follows.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** The strict bundle, shared: callers must not change it. */
export const loadStrict = (): unknown => load('../generated/openapi.json');
/** The tolerant view's patch on the strict bundle, shared: callers must not change it. */
export const loadTolerantPatch = (): unknown => load('../generated/openapi.tolerant.patch.json');
