// The two views of the description at run time (README, "Two views"): the strict bundle as shipped,
// and the tolerant view made from it by applying generated/openapi.tolerant.patch.json (JSON Patch,
// written by scripts/tolerant.mjs), so that the package carries the document once.
import { loadStrict, loadTolerantPatch } from './spec-files.js';

/** An OpenAPI 3.1 document as the package ships it (JSON, internal `$ref`s). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, any>;
  components: Record<string, any>;
  /** The tolerant view only: what each relaxation loosened (JSON pointers into the strict bundle). */
  'x-braze-relaxations'?: { id: string; warning: string; pointers: string[] }[];
  [key: string]: unknown;
}

/** One RFC 6902 operation; the patch uses these three. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Applies JSON Patch operations to `doc` in place and returns it; throws on a path that is not there. */
export function applyPatch<T>(doc: T, patch: readonly PatchOperation[]): T {
  let root: any = doc;
  for (const { op, path, value } of patch) {
    if (path === '') {
      if (op === 'remove') throw new Error('applyPatch: cannot remove the whole document');
      root = structuredClone(value);
      continue;
    }
    const keys = path.split('/').slice(1).map(unescape);
    const last = keys.pop()!;
    let parent = root;
    for (const key of keys) {
      parent = parent?.[key];
      if (!parent || typeof parent !== 'object') throw new Error(`applyPatch: no ${path}`);
    }
    const copy = op === 'remove' ? undefined : structuredClone(value);
    if (Array.isArray(parent)) {
      const index = last === '-' && op === 'add' ? parent.length : Number(last);
      const inRange = Number.isInteger(index) && index >= 0 && index < parent.length + (op === 'add' ? 1 : 0);
      if (!inRange) throw new Error(`applyPatch: no ${path}`);
      if (op === 'add') parent.splice(index, 0, copy);
      else if (op === 'remove') parent.splice(index, 1);
      else parent[index] = copy;
    } else {
      if (op !== 'add' && !Object.prototype.hasOwnProperty.call(parent, last)) throw new Error(`applyPatch: no ${path}`);
      if (op === 'remove') delete parent[last];
      else parent[last] = copy;
    }
  }
  return root;
}

let shared: { strict: OpenApiDocument; tolerant: OpenApiDocument } | undefined;

/**
 * Both views, made once, for code that only reads them (the validators). Copies, taken on first
 * use: in the package the loaded openapi.json is the object that a user's
 * `require('braze-openapi/openapi.json')` returns too (one module cache), which the user may change.
 */
export function sharedViews(): { readonly strict: OpenApiDocument; readonly tolerant: OpenApiDocument } {
  shared ??= { strict: strictSpec(), tolerant: tolerantSpec() };
  return shared;
}

/** The strict contract (`braze-openapi/openapi.json`), as a copy the caller may change. */
export function strictSpec(): OpenApiDocument {
  return structuredClone(loadStrict() as OpenApiDocument);
}

/**
 * The tolerant view: everything Braze is known to accept (openapi/TOLERANT.md). The package derives
 * it from the strict bundle on each call and returns a document the caller may change; for a file
 * (Prism, a gateway), run `braze-openapi spec --view tolerant > openapi.tolerant.json`.
 */
export function tolerantSpec(): OpenApiDocument {
  return applyPatch(structuredClone(loadStrict() as OpenApiDocument), loadTolerantPatch() as PatchOperation[]);
}
