// The user-data operations on the shared profile store, with the semantics Braze documents:
// /users/track (and /track/sync), export by identifier, delete, identify, merge, aliases and
// external id migration.
import type { ErrorObject } from 'ajv';
import { badRequest, ok, type Ctx, type Reply, type Route } from './context.js';
import { exportTimestamp, parseBrazeDate } from './dates.js';
import { describeErrors } from './spec.js';
import type { Alias, Profile, Store, Summary } from './store.js';

/** Keys of an attributes object that name the user or steer the update; never stored. */
const CONTROL = new Set(['external_id', 'user_alias', 'braze_id', '_update_existing_only', 'push_token_import', '_merge_objects']);
/** Standard profile fields that exports return under their own name. */
const EXPORTED = new Set(['first_name', 'last_name', 'email', 'phone', 'country', 'dob', 'home_city', 'language', 'gender', 'time_zone', 'email_subscribe', 'push_subscribe', 'push_opted_in_at', 'last_coordinates']);
/** Standard fields Braze keeps but the exported-user object does not show. */
const STANDARD_HIDDEN = new Set(['email_open_tracking_disabled', 'email_click_tracking_disabled', 'facebook', 'twitter', 'marked_email_as_spam_at', 'date_of_first_session', 'date_of_last_session']);
const DATE_FIELDS = new Set(['date_of_first_session', 'date_of_last_session', 'marked_email_as_spam_at']);
/** Fields `/users/merge` and `/users/identify` copy when the kept profile lacks them. */
const MERGED_FIELDS = ['first_name', 'last_name', 'email', 'gender', 'dob', 'phone', 'time_zone', 'home_city', 'country', 'language', 'date_of_first_session', 'date_of_last_session'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Finding (or creating) the profile an object names

interface Named {
  external_id?: string;
  user_alias?: Alias;
  braze_id?: string;
  email?: string | null;
  phone?: string | null;
  _update_existing_only?: boolean;
}

function target(store: Store, obj: Named): Profile | undefined {
  if (obj.external_id !== undefined) {
    const found = store.byExternalId(obj.external_id);
    if (found || obj._update_existing_only === true) return found;
    return store.createProfile({ external_id: obj.external_id });
  }
  if (obj.user_alias) {
    const found = store.byAlias(obj.user_alias);
    // With an alias, "update only" is the default: an alias-only profile is created only on `false`.
    if (found || obj._update_existing_only !== false) return found;
    return store.createProfile({ alias: obj.user_alias });
  }
  if (obj.braze_id !== undefined) return store.byBrazeId(obj.braze_id);
  for (const field of ['email', 'phone'] as const) {
    const value = obj[field];
    if (typeof value !== 'string') continue;
    // Several profiles with the address: the most recently updated identified one, else the most
    // recently updated of all.
    const all = store.byField(field, value);
    const found = all.find((p) => p.external_id !== undefined) ?? all[0];
    if (found || obj._update_existing_only === true) return found;
    const created = store.createProfile();
    created.fields[field] = value;
    return created;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Attributes

/** A nested value Braze refuses (a null, or a `$time` it cannot read) anywhere inside. */
function invalidNested(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(invalidNested);
  if (isPlainObject(value)) {
    if ('$time' in value) return Object.keys(value).length !== 1 || parseBrazeDate(value.$time) === undefined;
    return Object.values(value).some(invalidNested);
  }
  return false;
}

/** `{"$time": "1980-01-01"}` becomes `{"$time": "1980-01-01T00:00:00.000Z"}`. */
function normalizeNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeNested);
  if (isPlainObject(value)) {
    if ('$time' in value) return { $time: parseBrazeDate(value.$time) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeNested(v)]));
  }
  return value;
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...into };
  for (const [k, v] of Object.entries(from)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) && !('$time' in v) ? deepMerge(out[k] as Record<string, unknown>, v) : clone(v);
  }
  return out;
}

const isIncrement = (v: Record<string, unknown>) => Object.keys(v).length === 1 && typeof v.inc === 'number';
const isArrayUpdate = (v: Record<string, unknown>) => Object.keys(v).length > 0 && Object.keys(v).every((k) => k === 'add' || k === 'remove');
const isObjectArrayUpdate = (v: Record<string, unknown>) => Object.keys(v).length > 0 && Object.keys(v).every((k) => k === '$add' || k === '$update' || k === '$remove');

function matches(item: unknown, op: any): boolean {
  return isPlainObject(item) && sameValue(item[op.$identifier_key], op.$identifier_value);
}

/** Applies one custom attribute; returns false when Braze would drop it (bad nested value). */
function applyCustom(profile: Profile, key: string, value: unknown, mergeObjects: boolean): boolean {
  const attrs = profile.custom_attributes;
  if (value === null) {
    delete attrs[key];
    return true;
  }
  if (Array.isArray(value)) {
    if (value.some((v) => isPlainObject(v))) {
      if (invalidNested(value)) return false;
      attrs[key] = normalizeNested(clone(value));
    } else {
      // Arrays of scalars keep each value once, first occurrence first.
      attrs[key] = value.filter((v, i) => value.findIndex((w) => sameValue(v, w)) === i);
    }
    return true;
  }
  if (!isPlainObject(value)) {
    attrs[key] = value;
    return true;
  }
  if (isIncrement(value)) {
    const current = typeof attrs[key] === 'number' ? (attrs[key] as number) : 0;
    attrs[key] = current + (value.inc as number);
    return true;
  }
  if (isArrayUpdate(value)) {
    let list = Array.isArray(attrs[key]) ? [...(attrs[key] as unknown[])] : [];
    // Adding a value already present moves it to the end.
    for (const v of (value.add as unknown[]) ?? []) list = [...list.filter((w) => !sameValue(v, w)), v];
    for (const v of (value.remove as unknown[]) ?? []) list = list.filter((w) => !sameValue(v, w));
    attrs[key] = list;
    return true;
  }
  if (isObjectArrayUpdate(value)) {
    if (invalidNested([value.$add ?? [], ...((value.$update as any[]) ?? []).map((u) => u?.$new_object ?? {})])) return false;
    let list = Array.isArray(attrs[key]) ? clone(attrs[key] as unknown[]) : [];
    // Braze applies $add, then $remove, then $update, whatever their order in the request.
    for (const op of ['$add', '$remove', '$update'] as const) {
      for (const entry of (value[op] as any[]) ?? []) {
        if (op === '$add') list.push(normalizeNested(clone(entry)));
        else if (op === '$remove') list = list.filter((item) => !matches(item, entry));
        else if (op === '$update') {
          const update = normalizeNested(clone(entry.$new_object ?? {})) as Record<string, unknown>;
          list = list.map((item) => (matches(item, entry) ? (mergeObjects ? deepMerge(item as Record<string, unknown>, update) : update) : item));
        }
      }
    }
    attrs[key] = list;
    return true;
  }
  // A nested object: replaced unless `_merge_objects` asks for a deep merge.
  if (invalidNested(value)) return false;
  const normalized = normalizeNested(clone(value)) as Record<string, unknown>;
  attrs[key] = mergeObjects && isPlainObject(attrs[key]) ? deepMerge(attrs[key] as Record<string, unknown>, normalized) : normalized;
  return true;
}

function applyStandard(store: Store, profile: Profile, key: string, value: unknown): void {
  const fields = profile.fields;
  if (key === 'current_location') {
    if (value === null) delete fields.last_coordinates;
    else if (isPlainObject(value)) fields.last_coordinates = [value.longitude, value.latitude];
    return;
  }
  if (key === 'push_tokens') {
    for (const t of (value as any[]) ?? []) {
      profile.push_tokens = profile.push_tokens.filter((p) => p.token !== t.token);
      profile.push_tokens.push({ app: t.app_id, token: t.token, ...(t.device_id ? { device_id: t.device_id } : {}), notifications_enabled: true });
    }
    return;
  }
  if (key === 'subscription_groups') {
    for (const g of (value as any[]) ?? []) profile.subscription_groups.set(g.subscription_group_id, g.subscription_state);
    return;
  }
  if (value === null) {
    delete fields[key];
    if (key === 'push_subscribe') delete fields.push_opted_in_at;
    return;
  }
  if (key === 'dob') {
    const iso = parseBrazeDate(value);
    fields.dob = iso ? iso.slice(0, 10) : value;
    return;
  }
  if (DATE_FIELDS.has(key)) {
    fields[key] = parseBrazeDate(value) ?? value;
    return;
  }
  if (key === 'push_subscribe' && value === 'opted_in' && fields.push_subscribe !== 'opted_in') fields.push_opted_in_at = new Date().toISOString();
  if (key === 'email_subscribe' && typeof fields.email === 'string') {
    store.emailStatus.set((fields.email as string).toLowerCase(), { state: String(value), at: new Date().toISOString() });
  }
  fields[key] = value;
}

/** Whether a custom attribute value is a nested one (an object, an array of objects, or `$` operators on one). */
function isNested(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isPlainObject);
  return isPlainObject(value) && !isIncrement(value) && !isArrayUpdate(value);
}

function nestedValueInvalid(value: unknown): boolean {
  if (!isNested(value)) return false;
  if (isPlainObject(value) && isObjectArrayUpdate(value)) {
    return invalidNested([value.$add ?? [], ...((value.$update as any[]) ?? []).map((u) => u?.$new_object ?? {})]);
  }
  return invalidNested(value);
}

/**
 * Braze drops every nested custom attribute update of a request when one of them holds an invalid
 * value (a null, an unreadable `$time`); the other attributes still apply.
 */
export function requestHasInvalidNested(objects: unknown): boolean {
  return Array.isArray(objects) && objects.some((obj) => isPlainObject(obj) && Object.entries(obj).some(([k, v]) => !CONTROL.has(k) && !EXPORTED.has(k) && !STANDARD_HIDDEN.has(k) && nestedValueInvalid(v)));
}

/**
 * The request without its nested custom attributes, for a request Braze takes but whose nested
 * updates it drops: the spec refuses a `null` or a bad `$time` inside a nested value, yet Braze
 * answers 201, applies the other attributes and drops only the nested updates, so the emulator
 * checks and applies what is left.
 */
function withoutNested(body: any): any {
  return {
    ...body,
    attributes: body.attributes.map((obj: unknown) =>
      isPlainObject(obj) ? Object.fromEntries(Object.entries(obj).filter(([k, v]) => CONTROL.has(k) || EXPORTED.has(k) || STANDARD_HIDDEN.has(k) || !isNested(v))) : obj,
    ),
  };
}

export function applyAttributes(store: Store, profile: Profile, obj: Record<string, unknown>, options: { dropNested?: boolean } = {}): void {
  const mergeObjects = obj._merge_objects === true;
  // The email first, so that an email_subscribe in the same object applies to the new address.
  const keys = Object.keys(obj).sort((a, b) => (a === 'email' ? -1 : b === 'email' ? 1 : 0));
  for (const key of keys) {
    if (CONTROL.has(key)) continue;
    if (EXPORTED.has(key) || STANDARD_HIDDEN.has(key) || ['current_location', 'push_tokens', 'subscription_groups'].includes(key)) {
      applyStandard(store, profile, key, obj[key]);
    } else {
      if (options.dropNested && isNested(obj[key])) continue;
      applyCustom(profile, key, obj[key], mergeObjects);
    }
  }
  profile.updated_at = store.tick();
}

// ---------------------------------------------------------------------------------------------
// Events and purchases

function eventTime(value: unknown): string {
  const iso = parseBrazeDate(value) ?? new Date().toISOString();
  // A time in the future is recorded as now.
  return Date.parse(iso) > Date.now() ? new Date().toISOString() : iso;
}

function bump(map: Map<string, Summary>, name: string, time: string, count = 1): void {
  const s = map.get(name);
  if (!s) map.set(name, { first: time, last: time, count });
  else {
    if (time < s.first) s.first = time;
    if (time > s.last) s.last = time;
    s.count += count;
  }
}

// ---------------------------------------------------------------------------------------------
// /users/track and /users/track/sync

const ARRAYS = ['attributes', 'events', 'purchases'] as const;

function perObject(errors: ErrorObject[]): { fatal: ErrorObject[]; byObject: Map<string, ErrorObject[]> } {
  const fatal: ErrorObject[] = [];
  const byObject = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const m = /^\/(attributes|events|purchases)\/(\d+)(\/|$)/.exec(e.instancePath);
    if (!m) fatal.push(e);
    else byObject.set(`${m[1]}/${m[2]}`, [...(byObject.get(`${m[1]}/${m[2]}`) ?? []), e]);
  }
  return { fatal, byObject };
}

function identifierMissing(obj: any): boolean {
  return !['external_id', 'user_alias', 'braze_id', 'email', 'phone'].some((k) => obj?.[k] !== undefined && obj?.[k] !== null) && obj?.push_token_import !== true;
}

function track(ctx: Ctx, sync: boolean): Reply {
  const { store, spec, op } = ctx;
  const dropNested = isPlainObject(ctx.body) && requestHasInvalidNested(ctx.body.attributes);
  const body = dropNested ? withoutNested(ctx.body) : ctx.body;
  const { fatal, byObject } = perObject(spec.checkBody(op, body));
  if (fatal.length) return badRequest(`Invalid request: ${describeErrors(fatal)[0]}`, describeErrors(fatal));
  const errors: unknown[] = [];
  const counts: Record<string, number> = {};
  const touched = new Map<Profile, { attrs: Set<string>; events: Set<string>; purchases: Set<string> }>();
  const touch = (p: Profile) => {
    let t = touched.get(p);
    if (!t) touched.set(p, (t = { attrs: new Set(), events: new Set(), purchases: new Set() }));
    return t;
  };
  for (const array of ARRAYS) {
    const list: any[] = body[array] ?? [];
    if (!body[array]) continue;
    counts[array] = 0;
    list.forEach((obj, index) => {
      const problems = byObject.get(`${array}/${index}`);
      const badTime = array !== 'attributes' && !problems && parseBrazeDate(obj?.time) === undefined;
      if (problems || identifierMissing(obj) || badTime) {
        const type = identifierMissing(obj)
          ? "'external_id' or 'braze_id' or 'user_alias' or 'email' or 'phone' is required"
          : badTime
            ? `time "${obj.time}" is not a date Braze accepts (ISO 8601 or yyyy-MM-ddTHH:mm:ss:SSSZ)`
            : describeErrors(problems!).join('; ');
        errors.push({ type, input_array: array, index });
        return;
      }
      counts[array]++;
      if (array === 'attributes' && obj.push_token_import === true) {
        // Anonymous push token import: one anonymous profile per token Braze does not know yet.
        for (const t of obj.push_tokens ?? []) {
          if (store.profiles.some((p) => p.push_tokens.some((k) => k.token === t.token))) continue;
          const anon = store.createProfile();
          applyStandard(store, anon, 'push_tokens', [t]);
        }
        return;
      }
      const profile = target(store, obj);
      if (!profile) return;
      const t = touch(profile);
      if (array === 'attributes') {
        applyAttributes(store, profile, obj, { dropNested });
        for (const k of Object.keys(obj)) if (!CONTROL.has(k) && !EXPORTED.has(k) && !STANDARD_HIDDEN.has(k)) t.attrs.add(k);
      } else if (array === 'events') {
        const time = eventTime(obj.time);
        store.events.push({ braze_id: profile.braze_id, external_id: profile.external_id, name: obj.name, time, app_id: obj.app_id, properties: clone(obj.properties) });
        bump(profile.custom_events, obj.name, time);
        profile.updated_at = store.tick();
        t.events.add(obj.name);
      } else {
        const time = eventTime(obj.time);
        const quantity = obj.quantity ?? 1;
        store.purchases.push({ braze_id: profile.braze_id, external_id: profile.external_id, product_id: obj.product_id, currency: obj.currency, price: obj.price, quantity, time, app_id: obj.app_id, properties: clone(obj.properties) });
        // Braze counts a quantity of X as X purchases.
        bump(profile.purchases, obj.product_id, time, quantity);
        profile.updated_at = store.tick();
        t.purchases.add(obj.product_id);
      }
    });
  }
  const processed: Record<string, unknown> = { message: 'success' };
  if (counts.attributes !== undefined) processed.attributes_processed = counts.attributes;
  if (counts.events !== undefined) processed.events_processed = counts.events;
  if (counts.purchases !== undefined) processed.purchases_processed = counts.purchases;
  if (errors.length) processed.errors = errors;
  if (!sync) return ok(201, processed);
  const users = [...touched].map(([p, t]) => {
    const u: Record<string, unknown> = { braze_id: p.braze_id };
    if (p.external_id) u.external_id = p.external_id;
    if (p.user_aliases[0]) u.user_alias = p.user_aliases[0];
    if (typeof p.fields.email === 'string') u.email = p.fields.email;
    if (typeof p.fields.phone === 'string') u.phone = p.fields.phone;
    if (t.attrs.size) u.custom_attributes = Object.fromEntries([...t.attrs].map((k) => [k, p.custom_attributes[k] ?? null]));
    if (t.events.size) u.custom_events = [...t.events].map((name) => ({ name, ...p.custom_events.get(name)! }));
    if (t.purchases.size) u.purchase_events = [...t.purchases].map((id) => ({ product_id: id, ...p.purchases.get(id)! }));
    return u;
  });
  return ok(201, { message: 'success', users, ...(errors.length ? { errors } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Export

export function exportedUser(p: Profile, fields?: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = { created_at: exportTimestamp(p.created_at) };
  if (p.external_id !== undefined) full.external_id = p.external_id;
  if (p.user_aliases.length) full.user_aliases = clone(p.user_aliases);
  full.braze_id = p.braze_id;
  full.random_bucket = p.random_bucket;
  for (const [k, v] of Object.entries(p.fields)) if (EXPORTED.has(k) && v !== undefined) full[k] = clone(v);
  if (Object.keys(p.custom_attributes).length) full.custom_attributes = clone(p.custom_attributes);
  if (p.custom_events.size) full.custom_events = [...p.custom_events].map(([name, s]) => ({ name, ...s }));
  if (p.purchases.size) full.purchases = [...p.purchases].map(([name, s]) => ({ name, ...s }));
  if (p.push_tokens.length) full.push_tokens = clone(p.push_tokens);
  if (!fields) return full;
  return Object.fromEntries(Object.entries(full).filter(([k]) => fields.includes(k)));
}

function exportIds(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const found: Profile[] = [];
  const invalid: string[] = [];
  const add = (p: Profile | undefined) => p && !found.includes(p) && found.push(p);
  for (const id of body.external_ids ?? []) {
    const p = store.byExternalId(id);
    if (p) add(p);
    else invalid.push(id);
  }
  for (const alias of body.user_aliases ?? []) add(store.byAlias(alias));
  if (body.braze_id) add(store.byBrazeId(body.braze_id));
  if (body.device_id) for (const p of store.profiles.filter((q) => q.push_tokens.some((t) => t.device_id === body.device_id))) add(p);
  if (body.email_address) for (const p of store.byField('email', body.email_address)) add(p);
  if (body.phone) for (const p of store.byField('phone', body.phone)) add(p);
  return ok(201, {
    message: 'success',
    users: found.map((p) => exportedUser(p, body.fields_to_export)),
    ...(invalid.length ? { invalid_user_ids: invalid } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Delete, identify, merge

function removeProfile(store: Store, p: Profile): void {
  store.removeProfile(p);
  store.events = store.events.filter((e) => e.braze_id !== p.braze_id);
  store.purchases = store.purchases.filter((e) => e.braze_id !== p.braze_id);
}

function deleteUsers(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const doomed = new Set<Profile>();
  for (const id of body.external_ids ?? []) {
    const p = store.byExternalId(id);
    if (p) doomed.add(p);
  }
  for (const alias of body.user_aliases ?? []) {
    const p = store.byAlias(alias);
    if (p) doomed.add(p);
  }
  for (const id of body.braze_ids ?? []) {
    const p = store.byBrazeId(id);
    if (p) doomed.add(p);
  }
  for (const e of body.email_addresses ?? []) {
    const p = store.prioritize(store.byField('email', e.email), e.prioritization);
    if (p) doomed.add(p);
  }
  for (const e of body.phone_numbers ?? []) {
    const p = store.prioritize(store.byField('phone', e.phone), e.prioritization);
    if (p) doomed.add(p);
  }
  for (const p of doomed) removeProfile(store, p);
  return ok(201, { message: 'success', deleted: doomed.size });
}

/** Folds `from` into `keep` as /users/merge and /users/identify document, then deletes `from`. */
function mergeInto(store: Store, keep: Profile, from: Profile, behavior: 'merge' | 'none' = 'merge'): void {
  if (behavior === 'merge') {
    for (const f of MERGED_FIELDS) if (keep.fields[f] === undefined && from.fields[f] !== undefined) keep.fields[f] = clone(from.fields[f]);
    for (const f of ['push_subscribe', 'email_subscribe', 'last_coordinates', 'push_opted_in_at']) {
      if (keep.fields[f] === undefined && from.fields[f] !== undefined) keep.fields[f] = clone(from.fields[f]);
    }
    for (const [k, v] of Object.entries(from.custom_attributes)) if (!(k in keep.custom_attributes)) keep.custom_attributes[k] = clone(v);
    for (const [name, s] of from.custom_events) {
      bump(keep.custom_events, name, s.first, s.count);
      bump(keep.custom_events, name, s.last, 0);
    }
    for (const [name, s] of from.purchases) {
      bump(keep.purchases, name, s.first, s.count);
      bump(keep.purchases, name, s.last, 0);
    }
    for (const [g, state] of from.subscription_groups) if (!keep.subscription_groups.has(g)) keep.subscription_groups.set(g, state);
    for (const e of store.events) if (e.braze_id === from.braze_id) Object.assign(e, { braze_id: keep.braze_id, external_id: keep.external_id });
    for (const e of store.purchases) if (e.braze_id === from.braze_id) Object.assign(e, { braze_id: keep.braze_id, external_id: keep.external_id });
  }
  for (const t of from.push_tokens) if (!keep.push_tokens.some((k) => k.token === t.token)) keep.push_tokens.push(t);
  keep.updated_at = store.tick();
  removeProfile(store, from);
}

function identify(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const behavior: 'merge' | 'none' = body.merge_behavior ?? 'merge';
  let processed = 0;
  const errors: unknown[] = [];
  const identifyOne = (anonymous: Profile | undefined, externalId: string, alias?: Alias): boolean => {
    const identified = store.byExternalId(externalId);
    if (!anonymous) {
      if (identified && alias && !identified.user_aliases.some((a) => a.alias_label === alias.alias_label)) identified.user_aliases.push(clone(alias));
      return Boolean(identified && alias);
    }
    if (anonymous.external_id !== undefined) return anonymous.external_id === externalId;
    if (!identified) {
      store.identify(anonymous, externalId);
      anonymous.updated_at = store.tick();
      return true;
    }
    // A profile that already has an alias with the same label is not combined.
    if (alias && identified.user_aliases.some((a) => a.alias_label === alias.alias_label)) return false;
    for (const a of anonymous.user_aliases) if (!identified.user_aliases.some((b) => b.alias_label === a.alias_label)) identified.user_aliases.push(a);
    mergeInto(store, identified, anonymous, behavior);
    return true;
  };
  (body.aliases_to_identify ?? []).forEach((entry: any, index: number) => {
    if (identifyOne(store.byAlias(entry.user_alias), entry.external_id, entry.user_alias)) processed++;
    else errors.push({ type: 'alias could not be identified', input_array: 'aliases_to_identify', index });
  });
  for (const [list, field] of [['emails_to_identify', 'email'], ['phone_numbers_to_identify', 'phone']] as const) {
    (body[list] ?? []).forEach((entry: any, index: number) => {
      const candidates = store.byField(field, entry[field]).filter((p) => p.external_id === undefined);
      const anonymous = store.prioritize(candidates, entry.prioritization);
      if (anonymous && identifyOne(anonymous, entry.external_id)) processed++;
      else errors.push({ type: `no single ${field}-only profile matched`, input_array: list, index });
    });
  }
  return ok(201, { message: 'success', aliases_processed: processed, ...(errors.length ? { errors } : {}) });
}

function findByMergeIdentifier(store: Store, id: any): Profile | undefined {
  if (id.external_id !== undefined) return store.byExternalId(id.external_id);
  if (id.user_alias) return store.byAlias(id.user_alias);
  if (id.email !== undefined) return store.prioritize(store.byField('email', id.email), id.prioritization);
  if (id.phone !== undefined) return store.prioritize(store.byField('phone', id.phone), id.prioritization);
  return undefined;
}

function merge(ctx: Ctx): Reply {
  const { body, store } = ctx;
  for (const update of body.merge_updates ?? []) {
    const from = findByMergeIdentifier(store, update.identifier_to_merge);
    const keep = findByMergeIdentifier(store, update.identifier_to_keep);
    if (from && keep && from !== keep) mergeInto(store, keep, from);
  }
  return ok(202, { message: 'success' });
}

// ---------------------------------------------------------------------------------------------
// Aliases and external ids

function aliasNew(ctx: Ctx): Reply {
  const { body, store } = ctx;
  let processed = 0;
  const errors: unknown[] = [];
  (body.user_aliases ?? []).forEach((entry: any, index: number) => {
    const alias = { alias_name: entry.alias_name, alias_label: entry.alias_label };
    if (store.byAlias(alias)) {
      errors.push({ type: 'alias already exists', input_array: 'user_aliases', index });
      return;
    }
    if (entry.external_id !== undefined) {
      const p = store.byExternalId(entry.external_id);
      if (!p) return void errors.push({ type: 'external_id not found', input_array: 'user_aliases', index });
      // One alias per label: a new name for a label replaces the old one.
      p.user_aliases = [...p.user_aliases.filter((a) => a.alias_label !== alias.alias_label), alias];
      p.updated_at = store.tick();
    } else {
      store.createProfile({ alias });
    }
    processed++;
  });
  return ok(201, { message: 'success', aliases_processed: processed, ...(errors.length ? { errors } : {}) });
}

function aliasUpdate(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const errors: unknown[] = [];
  (body.alias_updates ?? []).forEach((u: any, index: number) => {
    const p = store.byAlias({ alias_name: u.old_alias_name, alias_label: u.alias_label });
    if (!p) return void errors.push({ type: 'alias not found', input_array: 'alias_updates', index });
    if (store.byAlias({ alias_name: u.new_alias_name, alias_label: u.alias_label })) {
      return void errors.push({ type: 'new alias already exists', input_array: 'alias_updates', index });
    }
    for (const a of p.user_aliases) if (a.alias_label === u.alias_label && a.alias_name === u.old_alias_name) a.alias_name = u.new_alias_name;
    p.updated_at = store.tick();
  });
  return ok(201, { message: 'success', ...(errors.length ? { errors } : {}) });
}

function rename(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const renamed: string[] = [];
  const failures: [number, string][] = [];
  (body.external_id_renames ?? []).forEach((r: any, index: number) => {
    const p = store.byPrimaryId(r.current_external_id);
    if (!p) return void failures.push([index, 'current_external_id is not the primary external id of any user']);
    if (store.byExternalId(r.new_external_id)) return void failures.push([index, 'new_external_id is already in use']);
    store.rename(p, r.new_external_id);
    p.updated_at = store.tick();
    renamed.push(r.current_external_id);
  });
  return ok(201, { message: 'success', external_ids: renamed, rename_errors: failures });
}

function removeExternalIds(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const removed: string[] = [];
  const failures: [number, string][] = [];
  (body.external_ids ?? []).forEach((id: string, index: number) => {
    if (!store.removeDeprecated(id)) return void failures.push([index, 'only a deprecated external id can be removed']);
    removed.push(id);
  });
  return ok(201, { message: 'success', removed_ids: removed, removal_errors: failures });
}

// ---------------------------------------------------------------------------------------------
// Names recorded so far: custom events (250 a page, alphabetical) and purchased products

function namesPage(names: Iterable<string>, ctx: Ctx, size: number): string[] {
  const page = Number(ctx.query.get('page') ?? 0);
  return [...new Set(names)].sort().slice(page * size, (page + 1) * size);
}

function eventsList(ctx: Ctx): Reply {
  return ok(200, { message: 'success', events: namesPage(ctx.store.events.map((e) => e.name), ctx, 250) });
}

function productList(ctx: Ctx): Reply {
  // Braze documents no page size for products; the emulator uses 250 like the events list.
  return ok(200, { message: 'success', products: namesPage(ctx.store.purchases.map((p) => p.product_id), ctx, 250) });
}

export const userRoutes: Record<string, Route> = {
  'events.list': { handle: eventsList },
  'purchases.productList': { handle: productList },
  'users.track': { handle: (c) => track(c, false), ownValidation: true },
  'users.trackSync': { handle: (c) => track(c, true), ownValidation: true },
  'users.exportIds': { handle: exportIds },
  'users.delete': { handle: deleteUsers },
  'users.identify': { handle: identify },
  'users.merge': { handle: merge },
  'users.createAlias': { handle: aliasNew },
  'users.updateAlias': { handle: aliasUpdate },
  'users.renameExternalIds': { handle: rename },
  'users.removeExternalIds': { handle: removeExternalIds },
};
