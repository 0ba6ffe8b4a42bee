// Data Objects: objects of a type keyed by external id, object-to-object relationships (directed,
// one kind each) and user-to-object relationships, with the spec's paging (`offset`, `limit`,
// `has_more`, `next_offset`). Types come from the dashboard in Braze: the emulator takes them as
// seeds (`dataObjectTypes`), or defines a type on the first write to it when none is seeded.
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../ajv.js';
import { badRequest, notFound, ok, type Ctx, type Reply, type Route } from './context.js';
import { describeErrors } from './spec.js';
import { dataObjectKey, type DataObjectRecord, type DataObjectType, type ObjectLink, type Store, type UserLink } from './store.js';

type Ref = { type_name: string; external_id: string };

const ajv = createAjv({ validateFormats: true });
const compiled = new WeakMap<object, ValidateFunction>();

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const sameRef = (a: Ref, b: Ref) => a.type_name === b.type_name && a.external_id === b.external_id;
const conflict = (message: string): Reply => ({ status: 409, body: { message } });
/** A workspace limit reached (startEmulator's `dataObjectLimits`): Braze answers 422 and creates nothing. */
const limitReached = (message: string): Reply => ({ status: 422, body: { message } });
const atLimit = (limit: number | undefined, count: number) => limit !== undefined && count >= limit;

/** The open mode: no type was seeded, so a write defines its type. */
const open = (store: Store) => store.seededDataObjectTypes.length === 0;

function typeOf(store: Store, name: string, defining = false): DataObjectType | undefined {
  let type = store.dataObjectTypes.get(name);
  if (!type && defining && open(store)) store.dataObjectTypes.set(name, (type = { type_name: name, metadata: {}, implicit: true }));
  return type;
}

function objectOf(store: Store, ref: Ref): DataObjectRecord | undefined {
  return store.dataObjects.get(dataObjectKey(ref.type_name, ref.external_id));
}

/** The problems of a seeded type's attributes: undeclared fields, wrong types, missing required fields. */
function schemaProblems(type: DataObjectType, attributes: Record<string, unknown>): string[] {
  const def = type.schema_def;
  if (type.implicit || !def) return [];
  let validate = compiled.get(def);
  if (!validate) {
    validate = ajv.compile({ type: 'object', properties: def.properties ?? {}, required: def.required ?? [], additionalProperties: false });
    compiled.set(def, validate);
  }
  return validate(attributes) ? [] : describeErrors([...(validate.errors ?? [])], '/attributes');
}

/** The JSON Schema shown for an implicit type: the fields its objects hold, with their JSON types. */
function inferredSchema(store: Store, name: string): Record<string, unknown> {
  const properties: Record<string, { type: string }> = {};
  for (const o of store.dataObjects.values()) {
    if (o.type_name !== name) continue;
    for (const [k, v] of Object.entries(o.attributes)) {
      if (v === null || properties[k]) continue;
      properties[k] = { type: Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v };
    }
  }
  return { type: 'object', properties };
}

function page<T>(ctx: Ctx, all: T[]): Record<string, unknown> {
  // As Braze's pages say: `limit` is clamped to 1 through 250, a negative `offset` is read as 0;
  // the answer gives the values used.
  const limit = Math.min(250, Math.max(1, Number(ctx.query.get('limit') ?? 100)));
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0));
  const items = all.slice(offset, offset + limit);
  const has_more = offset + items.length < all.length;
  return { items, total_count: all.length, has_more, next_offset: has_more ? offset + items.length : null, offset, limit };
}

const record = (o: DataObjectRecord) => ({ type_name: o.type_name, external_id: o.external_id, attributes: clone(o.attributes) });

/** The object of the URL, or the 404 to answer. */
function urlObject(ctx: Ctx): DataObjectRecord | Reply {
  const { type_name, external_id } = ctx.params;
  if (!typeOf(ctx.store, type_name)) return notFound(`Data object type ${type_name} not found`);
  return objectOf(ctx.store, { type_name, external_id }) ?? notFound(`Data object ${external_id} of type ${type_name} not found`);
}
const isReply = (v: unknown): v is Reply => typeof (v as Reply).status === 'number';

// ---------------------------------------------------------------------------------------------
// Objects

function list(ctx: Ctx): Reply {
  const name = ctx.params.type_name;
  if (!typeOf(ctx.store, name)) return notFound(`Data object type ${name} not found`);
  const term = ctx.query.get('search_term');
  const all = [...ctx.store.dataObjects.values()].filter((o) => o.type_name === name && (!term || o.external_id.includes(term)));
  return ok(200, page(ctx, all.map(record)));
}

/** Writes an object's attributes after checking them; `mode` says what an existing or missing object means. */
function write(ctx: Ctx, ref: Ref, attributes: Record<string, unknown>, mode: 'create' | 'replace' | 'update'): Reply {
  const { store } = ctx;
  const type = typeOf(store, ref.type_name, mode !== 'update');
  if (!type) return notFound(`Data object type ${ref.type_name} not found`);
  const existing = objectOf(store, ref);
  if (mode === 'create' && existing) return conflict('duplicate-data-object');
  if (mode === 'update' && !existing) return notFound(`Data object ${ref.external_id} of type ${ref.type_name} not found`);
  if (!existing && atLimit(store.dataObjectLimits.recordsPerType, [...store.dataObjects.values()].filter((o) => o.type_name === ref.type_name).length)) {
    return limitReached('data-object-record-limit-exceeded');
  }
  const next = mode === 'update' ? { ...existing!.attributes, ...clone(attributes) } : clone(attributes);
  const problems = schemaProblems(type, next);
  if (problems.length) return badRequest(`Invalid request: ${problems[0]}`, problems);
  const saved: DataObjectRecord = { type_name: ref.type_name, external_id: ref.external_id, attributes: next };
  store.dataObjects.set(dataObjectKey(ref.type_name, ref.external_id), saved);
  return ok(mode === 'create' ? 201 : 200, { data_object: record(saved) });
}

const create = (ctx: Ctx) => write(ctx, { type_name: ctx.params.type_name, external_id: ctx.body.external_id }, ctx.body.attributes ?? {}, 'create');
const replace = (ctx: Ctx) => write(ctx, { type_name: ctx.params.type_name, external_id: ctx.params.external_id }, ctx.body.attributes ?? {}, 'replace');
const update = (ctx: Ctx) => write(ctx, { type_name: ctx.params.type_name, external_id: ctx.params.external_id }, ctx.body.attributes ?? {}, 'update');

function get(ctx: Ctx): Reply {
  const found = urlObject(ctx);
  return isReply(found) ? found : ok(200, { data_object: record(found) });
}

function remove(ctx: Ctx): Reply {
  const found = urlObject(ctx);
  if (isReply(found)) return found;
  const { store } = ctx;
  store.dataObjects.delete(dataObjectKey(found.type_name, found.external_id));
  // The related objects stay; the relationships that named this one go with it.
  store.objectLinks = store.objectLinks.filter((l) => !sameRef(l.from, found) && !sameRef(l.to, found));
  store.userLinks = store.userLinks.filter((l) => !sameRef(l, found));
  return ok(200, { deleted: true });
}

// ---------------------------------------------------------------------------------------------
// Object-to-object relationships

/** The link a relationship request names, both ends checked, or the reply to give. */
function linkKey(ctx: Ctx): { from: Ref; to: Ref; rel_kind: string } | Reply {
  const here = urlObject(ctx);
  if (isReply(here)) return here;
  const { rel_kind, related_type_name, related_external_id } = ctx.body;
  const related = { type_name: related_type_name, external_id: related_external_id };
  if (!objectOf(ctx.store, related)) return notFound(`Related data object ${related_external_id} of type ${related_type_name} not found`);
  const self = { type_name: here.type_name, external_id: here.external_id };
  const [from, to] = (ctx.body.anchor ?? 'source') === 'source' ? [self, related] : [related, self];
  const kinds = typeOf(ctx.store, from.type_name)?.object_relationship_types;
  if (kinds && !kinds.some((k) => k.rel_kind === rel_kind && k.to_type_name === to.type_name)) {
    return badRequest(`Invalid request: rel_kind "${rel_kind}" does not link ${from.type_name} to ${to.type_name}`);
  }
  return { from, to, rel_kind };
}

function linkView(store: Store, link: ObjectLink, anchor: string) {
  const other = anchor === 'source' ? link.to : link.from;
  const otherRecord = record(objectOf(store, other) ?? { ...other, attributes: {} });
  return { rel_kind: link.rel_kind, ...(anchor === 'source' ? { to_data_object: otherRecord } : { from_data_object: otherRecord }), attributes: clone(link.attributes) };
}

function writeLink(mode: 'create' | 'replace' | 'update') {
  return (ctx: Ctx): Reply => {
    const key = linkKey(ctx);
    if (isReply(key)) return key;
    const { store } = ctx;
    const existing = store.objectLinks.find((l) => l.rel_kind === key.rel_kind && sameRef(l.from, key.from) && sameRef(l.to, key.to));
    if (mode === 'create' && existing) return conflict('duplicate-object-relationship');
    if (mode === 'update' && !existing) return notFound('Object relationship not found');
    const linksOf = (ref: Ref) => store.objectLinks.filter((l) => sameRef(l.from, ref) || sameRef(l.to, ref)).length;
    if (!existing && [key.from, key.to].some((ref) => atLimit(store.dataObjectLimits.relationshipsPerObject, linksOf(ref)))) {
      return limitReached('data-object-relationship-limit-exceeded');
    }
    const attributes = clone(ctx.body.attributes ?? {});
    let link = existing;
    if (link) link.attributes = mode === 'update' ? { ...link.attributes, ...attributes } : attributes;
    else store.objectLinks.push((link = { ...key, attributes }));
    return ok(mode === 'create' ? 201 : 200, { object_relationship: linkView(store, link, ctx.body.anchor ?? 'source') });
  };
}

function deleteLink(ctx: Ctx): Reply {
  const key = linkKey(ctx);
  if (isReply(key)) return key;
  const { store } = ctx;
  const index = store.objectLinks.findIndex((l) => l.rel_kind === key.rel_kind && sameRef(l.from, key.from) && sameRef(l.to, key.to));
  if (index < 0) return notFound('Object relationship not found');
  store.objectLinks.splice(index, 1);
  return ok(200, { deleted: true });
}

function listLinks(ctx: Ctx): Reply {
  const here = urlObject(ctx);
  if (isReply(here)) return here;
  const anchor = ctx.query.get('anchor') ?? 'source';
  const kind = ctx.query.get('rel_kind');
  const all = ctx.store.objectLinks.filter((l) => sameRef(anchor === 'source' ? l.from : l.to, here) && (!kind || l.rel_kind === kind));
  return ok(200, page(ctx, all.map((l) => linkView(ctx.store, l, anchor))));
}

// ---------------------------------------------------------------------------------------------
// User relationships

function userKey(ctx: Ctx): { here: DataObjectRecord; braze_id: string; rel_kind: string } | Reply {
  const here = urlObject(ctx);
  if (isReply(here)) return here;
  const { braze_id, rel_kind } = ctx.body;
  if (!ctx.store.byBrazeId(braze_id)) return notFound(`User ${braze_id} not found`);
  const kinds = typeOf(ctx.store, here.type_name)?.user_relationship_types;
  if (kinds && !kinds.some((k) => k.rel_kind === rel_kind)) return badRequest(`Invalid request: rel_kind "${rel_kind}" is not a user relationship kind of ${here.type_name}`);
  return { here, braze_id, rel_kind };
}

const userView = (l: UserLink) => ({ type_name: l.type_name, external_id: l.external_id, rel_kind: l.rel_kind, user: { braze_id: l.braze_id }, attributes: clone(l.attributes) });
const findUserLink = (store: Store, k: { here: Ref; braze_id: string; rel_kind: string }) =>
  store.userLinks.findIndex((l) => sameRef(l, k.here) && l.braze_id === k.braze_id && l.rel_kind === k.rel_kind);

function writeUserLink(mode: 'create' | 'replace' | 'update') {
  return (ctx: Ctx): Reply => {
    const key = userKey(ctx);
    if (isReply(key)) return key;
    const { store } = ctx;
    const index = findUserLink(store, key);
    if (mode === 'create' && index >= 0) return conflict('duplicate-user-relationship');
    if (mode === 'update' && index < 0) return notFound('User relationship not found');
    if (index < 0) {
      const limits = store.dataObjectLimits;
      const ofUser = new Set(store.userLinks.filter((l) => l.braze_id === key.braze_id).map((l) => dataObjectKey(l.type_name, l.external_id)));
      if (!ofUser.has(dataObjectKey(key.here.type_name, key.here.external_id)) && atLimit(limits.objectsPerUser, ofUser.size)) return limitReached('data-objects-per-user-limit-exceeded');
      const ofObject = new Set(store.userLinks.filter((l) => sameRef(l, key.here)).map((l) => l.braze_id));
      if (!ofObject.has(key.braze_id) && atLimit(limits.usersPerObject, ofObject.size)) return limitReached('users-per-data-object-limit-exceeded');
    }
    const attributes = clone(ctx.body.attributes ?? {});
    let link = store.userLinks[index];
    if (link) link.attributes = mode === 'update' ? { ...link.attributes, ...attributes } : attributes;
    else store.userLinks.push((link = { type_name: key.here.type_name, external_id: key.here.external_id, rel_kind: key.rel_kind, braze_id: key.braze_id, attributes }));
    return ok(mode === 'create' ? 201 : 200, { user_relationship: userView(link) });
  };
}

function deleteUserLink(ctx: Ctx): Reply {
  const key = userKey(ctx);
  if (isReply(key)) return key;
  const index = findUserLink(ctx.store, key);
  if (index < 0) return notFound('User relationship not found');
  ctx.store.userLinks.splice(index, 1);
  return ok(200, { deleted: true });
}

function listUserLinks(ctx: Ctx): Reply {
  const here = urlObject(ctx);
  if (isReply(here)) return here;
  const kind = ctx.query.get('rel_kind');
  return ok(200, page(ctx, ctx.store.userLinks.filter((l) => sameRef(l, here) && (!kind || l.rel_kind === kind)).map(userView)));
}

// ---------------------------------------------------------------------------------------------
// Types

function listTypes(ctx: Ctx): Reply {
  const term = ctx.query.get('search_term');
  const all = [...ctx.store.dataObjectTypes.values()].filter((t) => !term || t.type_name.includes(term));
  return ok(200, page(ctx, all.map((t) => ({ type_name: t.type_name, metadata: clone(t.metadata ?? {}) }))));
}

function getType(ctx: Ctx): Reply {
  const type = typeOf(ctx.store, ctx.params.type_name);
  if (!type) return notFound(`Data object type ${ctx.params.type_name} not found`);
  const schema_def = type.implicit || !type.schema_def ? inferredSchema(ctx.store, type.type_name) : clone(type.schema_def);
  return ok(200, { data_object_type: { type_name: type.type_name, metadata: clone(type.metadata ?? {}), schema_def } });
}

/** The object relationship kinds of a type: the seeded ones, else those its links use. */
function objectKinds(store: Store): { from_type_name: string; to_type_name: string; rel_kind: string; display_name: string }[] {
  const kinds = new Map<string, { from_type_name: string; to_type_name: string; rel_kind: string; display_name: string }>();
  for (const t of store.dataObjectTypes.values()) {
    for (const k of t.object_relationship_types ?? []) kinds.set(`${t.type_name} ${k.rel_kind} ${k.to_type_name}`, { from_type_name: t.type_name, to_type_name: k.to_type_name, rel_kind: k.rel_kind, display_name: k.display_name ?? k.rel_kind });
  }
  for (const l of store.objectLinks) {
    if (store.dataObjectTypes.get(l.from.type_name)?.object_relationship_types) continue;
    kinds.set(`${l.from.type_name} ${l.rel_kind} ${l.to.type_name}`, { from_type_name: l.from.type_name, to_type_name: l.to.type_name, rel_kind: l.rel_kind, display_name: l.rel_kind });
  }
  return [...kinds.values()];
}

function listObjectKinds(ctx: Ctx): Reply {
  const name = ctx.params.type_name;
  if (!typeOf(ctx.store, name)) return notFound(`Data object type ${name} not found`);
  const anchor = ctx.query.get('anchor') ?? 'source';
  const items = objectKinds(ctx.store)
    .filter((k) => (anchor === 'source' ? k.from_type_name : k.to_type_name) === name)
    .map((k) => ({ ...k, related_type_name: anchor === 'source' ? k.to_type_name : k.from_type_name }));
  return ok(200, page(ctx, items));
}

function listUserKinds(ctx: Ctx): Reply {
  const type = typeOf(ctx.store, ctx.params.type_name);
  if (!type) return notFound(`Data object type ${ctx.params.type_name} not found`);
  const kinds = type.user_relationship_types
    ? type.user_relationship_types.map((k) => ({ rel_kind: k.rel_kind, display_name: k.display_name ?? k.rel_kind }))
    : [...new Set(ctx.store.userLinks.filter((l) => l.type_name === type.type_name).map((l) => l.rel_kind))].map((rel_kind) => ({ rel_kind, display_name: rel_kind }));
  return ok(200, page(ctx, kinds));
}

export const dataObjectRoutes: Record<string, Route> = {
  'dataObjects.list': { handle: list },
  'dataObjects.create': { handle: create },
  'dataObjects.get': { handle: get },
  'dataObjects.replace': { handle: replace },
  'dataObjects.update': { handle: update },
  'dataObjects.delete': { handle: remove },
  'dataObjects.listObjectRelationships': { handle: listLinks },
  'dataObjects.createObjectRelationship': { handle: writeLink('create') },
  'dataObjects.replaceObjectRelationship': { handle: writeLink('replace') },
  'dataObjects.updateObjectRelationship': { handle: writeLink('update') },
  'dataObjects.deleteObjectRelationship': { handle: deleteLink },
  'dataObjects.listUserRelationships': { handle: listUserLinks },
  'dataObjects.createUserRelationship': { handle: writeUserLink('create') },
  'dataObjects.replaceUserRelationship': { handle: writeUserLink('replace') },
  'dataObjects.updateUserRelationship': { handle: writeUserLink('update') },
  'dataObjects.deleteUserRelationship': { handle: deleteUserLink },
  'dataObjects.listTypes': { handle: listTypes },
  'dataObjects.getType': { handle: getType },
  'dataObjects.listObjectRelationshipTypes': { handle: listObjectKinds },
  'dataObjects.listUserRelationshipTypes': { handle: listUserKinds },
};
