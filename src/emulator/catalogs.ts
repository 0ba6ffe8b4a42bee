// Catalogs and their items. The asynchronous (bulk) operations answer 202 as Braze does but take
// effect at once, so a test can read its writes immediately. Item lists page by 50 with a cursor in
// the `Link` header.
import { ok, type Ctx, type Reply, type Route } from './context.js';
import { parseBrazeDate } from './dates.js';
import type { Catalog } from './store.js';

const PAGE = 50;

interface CatalogProblem {
  id: string;
  message: string;
  parameters?: string[];
  parameter_values?: unknown[];
}

const catalogError = (status: number, errors: CatalogProblem[]): Reply => ({ status, body: { message: 'Invalid Request', errors } });
const notFound = (name: string) => catalogError(404, [{ id: 'catalog-not-found', message: 'Could not find catalog', parameters: ['catalog_name'], parameter_values: [name] }]);
const itemNotFound = (id: string) => catalogError(404, [{ id: 'item-not-found', message: 'Could not find item', parameters: ['item_id'], parameter_values: [id] }]);

function describe(c: Catalog) {
  return { name: c.name, description: c.description, fields: c.fields, num_items: c.items.size, updated_at: c.updated_at.replace('Z', '+00:00') };
}

function fitsType(type: string, value: unknown): boolean {
  if (value === null) return true;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'time':
      return parseBrazeDate(value) !== undefined;
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

/** Problems of one item's fields against the catalog's declared fields. */
function checkFields(catalog: Catalog, fields: Record<string, unknown>, patch: boolean): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const declared = new Map(catalog.fields.map((f) => [f.name, f.type]));
  const unknown = Object.keys(fields).filter((k) => k !== 'id' && !declared.has(k));
  if (unknown.length) problems.push({ id: 'invalid-fields', message: 'Some of the fields given do not exist in the catalog', parameters: unknown, parameter_values: unknown.map((k) => fields[k] as never) });
  for (const [k, v] of Object.entries(fields)) {
    const type = declared.get(k);
    if (!type || k === 'id') continue;
    const isOperator = patch && type === 'array' && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((o) => o === '$add' || o === '$remove');
    if (!isOperator && !fitsType(type, v)) problems.push({ id: 'unable-to-coerce-value', message: `${k} cannot be coerced to ${type}`, parameters: [k], parameter_values: [typeof v === 'object' ? JSON.stringify(v) : (v as never)] });
  }
  return problems;
}

function applyPatch(item: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'id') continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((o) => o === '$add' || o === '$remove')) {
      let list = Array.isArray(out[k]) ? [...(out[k] as unknown[])] : [];
      for (const a of ((v as any).$add ?? []) as unknown[]) list.push(a);
      for (const r of ((v as any).$remove ?? []) as unknown[]) list = list.filter((x) => JSON.stringify(x) !== JSON.stringify(r));
      out[k] = list;
    } else if (v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k])) {
      out[k] = { ...(out[k] as object), ...(v as object) };
    } else out[k] = v;
  }
  return out;
}

function touch(c: Catalog) {
  c.updated_at = new Date().toISOString();
}

function list(ctx: Ctx): Reply {
  return ok(200, { catalogs: [...ctx.store.catalogs.values()].map(describe), message: 'success' });
}

function create(ctx: Ctx): Reply {
  const defs: any[] = ctx.body.catalogs;
  const problems: CatalogProblem[] = [];
  if (defs.length !== 1) problems.push({ id: 'catalog-array-invalid', message: 'catalogs must hold exactly one catalog' });
  const def = defs[0];
  if (def && ctx.store.catalogs.has(def.name)) problems.push({ id: 'catalog-name-already-exists', message: 'A catalog with that name already exists', parameters: ['name'], parameter_values: [def.name] });
  if (def && def.fields?.[0]?.name !== 'id') problems.push({ id: 'id-not-first-column', message: 'The first field must be id', parameters: ['fields'] });
  const names = (def?.fields ?? []).map((f: any) => f.name);
  if (new Set(names).size !== names.length) problems.push({ id: 'field-names-not-unique', message: 'Field names must be unique', parameters: ['fields'] });
  if (problems.length) return catalogError(400, problems);
  const catalog: Catalog = { name: def.name, description: def.description ?? '', fields: def.fields.map((f: any) => ({ name: f.name, type: f.type })), items: new Map(), updated_at: new Date().toISOString() };
  ctx.store.catalogs.set(catalog.name, catalog);
  return ok(201, { catalogs: [describe(catalog)], message: 'success' });
}

function remove(ctx: Ctx): Reply {
  const name = ctx.params.catalog_name;
  if (!ctx.store.catalogs.delete(name)) return notFound(name);
  return ok(200, { message: 'success' });
}

function listItems(ctx: Ctx): Reply {
  const name = ctx.params.catalog_name;
  const catalog = ctx.store.catalogs.get(name);
  if (!catalog) return notFound(name);
  let skip = 0;
  const cursor = ctx.query.get('cursor');
  if (cursor !== null) {
    const m = /^skip:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!m) return catalogError(400, [{ id: 'invalid-cursor', message: "'cursor' is not valid", parameters: ['cursor'], parameter_values: [cursor] }]);
    skip = Number(m[1]);
  }
  const all = [...catalog.items.values()];
  const items = all.slice(skip, skip + PAGE);
  const link = (n: number) => `</catalogs/${encodeURIComponent(name)}/items?cursor=${Buffer.from(`skip:${n}`).toString('base64')}>`;
  const parts: string[] = [];
  // No Link header when everything fits in one page; no prev on the first page, no next on the last.
  if (all.length > PAGE) {
    if (cursor !== null && skip > 0) parts.push(`${link(Math.max(0, skip - PAGE))}; rel="prev"`);
    if (skip + PAGE < all.length) parts.push(`${link(skip + PAGE)}; rel="next"`);
  }
  return ok(200, { items, message: 'success' }, parts.length ? { Link: parts.join(',') } : undefined);
}

type BulkMode = 'create' | 'edit' | 'replace' | 'delete';

function bulk(mode: BulkMode) {
  return (ctx: Ctx): Reply => {
    const name = ctx.params.catalog_name;
    const catalog = ctx.store.catalogs.get(name);
    if (!catalog) return notFound(name);
    const items: any[] = ctx.body.items;
    const problems: CatalogProblem[] = [];
    const ids = items.map((i) => i.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dupes.length) problems.push({ id: 'ids-not-unique', message: 'Item ids must be unique', parameters: ['id'], parameter_values: dupes });
    if (mode === 'create') {
      const existing = ids.filter((id) => catalog.items.has(id));
      if (existing.length) problems.push({ id: 'item-already-exists', message: 'The item already exists', parameters: ['id'], parameter_values: existing });
    }
    if (mode === 'edit' || mode === 'delete') {
      const missing = ids.filter((id) => !catalog.items.has(id));
      if (missing.length) problems.push({ id: 'item-not-found', message: 'Could not find item', parameters: ['id'], parameter_values: missing });
    }
    if (mode !== 'delete') for (const item of items) problems.push(...checkFields(catalog, item, mode === 'edit'));
    if (problems.length) return catalogError(400, problems);
    for (const item of items) {
      if (mode === 'delete') catalog.items.delete(item.id);
      else if (mode === 'edit') catalog.items.set(item.id, applyPatch(catalog.items.get(item.id)!, item));
      else catalog.items.set(item.id, { ...item });
    }
    touch(catalog);
    return ok(202, { message: 'success' });
  };
}

function getItem(ctx: Ctx): Reply {
  const { catalog_name: name, item_id: id } = ctx.params;
  const catalog = ctx.store.catalogs.get(name);
  if (!catalog) return notFound(name);
  const item = catalog.items.get(id);
  if (!item) return itemNotFound(id);
  return ok(200, { items: [item], message: 'success' });
}

function single(mode: 'create' | 'edit' | 'replace' | 'delete') {
  return (ctx: Ctx): Reply => {
    const { catalog_name: name, item_id: id } = ctx.params;
    const catalog = ctx.store.catalogs.get(name);
    if (!catalog) return notFound(name);
    const exists = catalog.items.has(id);
    if (mode === 'delete') {
      if (!exists) return itemNotFound(id);
      catalog.items.delete(id);
      touch(catalog);
      return ok(202, { message: 'success' });
    }
    if (mode === 'create' && exists) return catalogError(400, [{ id: 'item-already-exists', message: 'The item already exists', parameters: ['id'], parameter_values: [id] }]);
    if (mode === 'edit' && !exists) return itemNotFound(id);
    const fields = (ctx.body.items?.[0] ?? {}) as Record<string, unknown>;
    if ('id' in fields) return catalogError(400, [{ id: 'id-in-body', message: 'The item id belongs in the path, not the body', parameters: ['id'], parameter_values: [fields.id as never] }]);
    const problems = checkFields(catalog, fields, mode === 'edit');
    if (problems.length) return catalogError(400, problems);
    catalog.items.set(id, mode === 'edit' ? applyPatch(catalog.items.get(id)!, fields) : { id, ...fields });
    touch(catalog);
    return ok(mode === 'create' ? 201 : 200, { message: 'success' });
  };
}

export const catalogRoutes: Record<string, Route> = {
  'catalogs.list': { handle: list },
  'catalogs.create': { handle: create },
  'catalogs.delete': { handle: remove },
  'catalogs.listItems': { handle: listItems },
  'catalogs.createItems': { handle: bulk('create') },
  'catalogs.editItems': { handle: bulk('edit') },
  'catalogs.replaceItems': { handle: bulk('replace') },
  'catalogs.deleteItems': { handle: bulk('delete') },
  'catalogs.getItem': { handle: getItem },
  'catalogs.createItem': { handle: single('create') },
  'catalogs.editItem': { handle: single('edit') },
  'catalogs.replaceItem': { handle: single('replace') },
  'catalogs.deleteItem': { handle: single('delete') },
};
