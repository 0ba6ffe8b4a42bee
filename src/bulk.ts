// Bulk helpers: stream any number of items through an operation's per-request limit, at the rate
// limit, with bounded concurrency, and account for every item. Nothing is held in memory beyond
// the batches in flight, so a million rows can stream from a file.
//
//   const result = await braze.bulk.track(rows);                       // /users/track, 75 per array
//   const result = await braze.bulk.send('users.delete', ids, { field: 'external_ids' });
//
// Every item ends in one of three places: accepted; `failed`, when it surely was not processed
// (refused by a local check before packing, or alone over the 4 MB body limit, refused by Braze
// with a 4xx or a per-object error, never sent), so that retrying exactly `result.failed` is safe; or `uncertain`, when its request
// may have been processed (5xx, timeout or dropped connection after it left). A row that fails a
// local check fails alone: the valid rows of its batch are sent without it. After a stop (the
// caller's signal, or a 401/403, or a 404 before anything succeeded), the first `settled` items
// are accounted for and none after them was sent: a new run starts at `settled`.
import type { OperationId } from '../generated/endpoints.js';
import type { Endpoint } from './endpoints.js';
import type { CallOptions } from './types.js';

type TrackKind = 'attributes' | 'events' | 'purchases';
const KINDS: TrackKind[] = ['attributes', 'events', 'purchases'];
/** The keys that name a user, in the order one is carried into a flat row's events and purchases. */
export const IDENTIFIERS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const;
/** Braze refuses bodies over 4 MB: the client's check says so before sending, and bulk splits. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** One user's data for /users/track: any of attributes (one object or several), events, purchases. */
export interface TrackRow {
  attributes?: Record<string, unknown> | Record<string, unknown>[];
  events?: Record<string, unknown>[];
  purchases?: Record<string, unknown>[];
}

/**
 * A flat row: one user's attributes, with its identifier (external_id, user_alias, braze_id,
 * email or phone), and optionally `events` and `purchases` arrays beside them; the identifier is
 * carried into each event and purchase that has none.
 */
export type FlatTrackRow = Record<string, unknown> & { events?: Record<string, unknown>[]; purchases?: Record<string, unknown>[] };

/** What `bulk.track` takes: a `{ attributes, events, purchases }` row or a flat row. */
export type TrackInput = TrackRow | FlatTrackRow;

export interface BulkError {
  message: string;
  status?: number;
  /** `row` (the row's shape), `check` (a local check), `object` (Braze's per-object error), or the error class. */
  kind?: string;
  /** Where in the row, for local problems (`events[2]`, `attributes[0].email_subscribe`). */
  field?: string;
}

export interface BulkFailure<T> {
  /** Position of the item (or row) in the input, from 0. */
  index: number;
  /** The input item; for /users/track, the row reduced to the objects that failed. */
  item: T;
  /** What went wrong: a local check, Braze's per-object error, or the error of the whole request. */
  error: BulkError;
  /** Only on `uncertain` entries: their request may have been processed. */
  maybeProcessed?: true;
}

export interface BulkProgress {
  /** Objects (array elements) whose request has finished, failed or not. */
  done: number;
  /** Objects in the input, when the caller said (`total` option). */
  total?: number;
  /** Items in `failed` so far (surely not processed). */
  failed: number;
  /** Items in `uncertain` so far (may have been processed). */
  uncertain: number;
  requests: number;
  retries: number;
  /** Objects per second since the start. */
  rate: number;
  elapsedMs: number;
  /** Leading input items all accounted for. */
  settled: number;
}

export interface BulkOptions {
  /** Requests in flight at once (default 8); the client's rate limiter paces them. */
  concurrency?: number;
  /** Number of input objects, if known, for progress reports. */
  total?: number;
  /** Called after every request. */
  onProgress?: (progress: BulkProgress) => void;
  /** Stops feeding new batches; in-flight requests finish and are accounted for. */
  signal?: AbortSignal;
  /** Per-request options (timeout...). */
  callOptions?: CallOptions;
}

export interface BulkResult<T> {
  /** Objects sent to Braze (each array element counts once). */
  sent: number;
  /** Objects Braze accepted. */
  accepted: number;
  /** Objects per array of the body (`attributes`, `events`, `purchases`): sent, and how each ended. */
  byArray: Record<string, { sent: number; accepted: number; failed: number; uncertain: number }>;
  /** Items that surely were not processed, with their error: retrying exactly these is safe. */
  failed: BulkFailure<T>[];
  /** Items whose request may have been processed (5xx, timeout, dropped connection): check before sending again. */
  uncertain: BulkFailure<T>[];
  requests: number;
  retries: number;
  durationMs: number;
  /** True when the run stopped before the input was exhausted (the signal, or `stopReason`). */
  stopped: boolean;
  /**
   * Why the run stopped by itself: a 401 or 403 (the key), or, before any request succeeded, a 404
   * or a connection that could not be made (`code`: ECONNREFUSED, ENOTFOUND...: the URL).
   */
  stopReason?: { status?: number; code?: string; message: string };
  /**
   * The first `settled` input items are accounted for (accepted, failed or uncertain), and no
   * item after them was sent: after a stop, a new run starts at item `settled`.
   */
  settled: number;
}

type Send = (operationId: OperationId, body: unknown, options?: CallOptions) => Promise<unknown>;
/** The client's checks before sending (limits, required fields, `validate: true`), run on one item's body. */
type Check = (operationId: OperationId, body: unknown) => unknown;

interface Part<T> {
  index: number;
  item: T;
  /** The row as sent (bulk.track), after its shape was read. */
  row?: TrackRow;
  /** Batches holding some of this part's objects that have not finished. */
  pending: number;
  /** All of the part's objects are in batches. */
  packed: boolean;
}
interface Batch<T> {
  body: Record<string, unknown>;
  /** For each array of the body, where each element came from. */
  origins: Partial<Record<string, { part: Part<T>; object: unknown }[]>>;
  /** The parts with objects in this batch, each once. */
  parts: Part<T>[];
  objects: number;
  /** The body fields other than the arrays (bulk.send's `base`). */
  base: Record<string, unknown>;
  /** The last part continues in the next batch (a row with more objects than one request takes). */
  split: boolean;
}
/** How a packer reports an item that failed its local checks (it is not packed). */
type Reject<T> = (part: Part<T>, error: BulkError) => void;

const newBatch = <T>(base: Record<string, unknown> = {}): Batch<T> => ({ body: { ...base }, base, origins: {}, parts: [], objects: 0, split: false });

function place<T>(batch: Batch<T>, array: string, part: Part<T>, object: unknown) {
  ((batch.body[array] ??= []) as unknown[]).push(object);
  (batch.origins[array] ??= []).push({ part, object });
  if (batch.parts[batch.parts.length - 1] !== part) {
    batch.parts.push(part);
    part.pending++;
  }
  batch.objects++;
}

/**
 * A batch over Braze's 4 MB body limit, stopped by the client before sending: measuring every
 * object up front would cost a serialization per object, and large rows are rare.
 */
function tooLarge(error: unknown): boolean {
  const e = (error ?? {}) as { name?: unknown; field?: unknown; limit?: unknown };
  return e.name === 'BrazeValidationError' && e.field === 'body' && e.limit === MAX_BODY_BYTES;
}

/** The two halves of a batch, in order; each part is pending in each half that holds it. */
function halves<T>(batch: Batch<T>): Batch<T>[] {
  const all: { array: string; part: Part<T>; object: unknown }[] = [];
  for (const [array, origins] of Object.entries(batch.origins)) for (const o of origins!) all.push({ array, ...o });
  const mid = Math.ceil(all.length / 2);
  return [all.slice(0, mid), all.slice(mid)].map((list) => {
    const half = newBatch<T>(batch.base);
    for (const { array, part, object } of list) place(half, array, part, object);
    return half;
  });
}

// Read by shape, not `instanceof`: this module is its own bundle entry, with its own copies of
// the error classes.
function errorOf(error: unknown): BulkError {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; status?: unknown; brazeMessage?: unknown; field?: unknown };
  return {
    message: String(e.brazeMessage ?? e.message ?? error),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.name === 'string' && e.name.startsWith('Braze') ? { kind: e.name } : {}),
  };
}

/**
 * True when a failed request surely was not processed: it never left the process (the client's
 * `sent: false`, a local check, a refused connection, a name that did not resolve) or Braze
 * refused it with a 4xx. A 5xx, a timeout or a connection lost after sending may have landed.
 */
export function surelyNotProcessed(error: unknown): boolean {
  const e = (error ?? {}) as { sent?: unknown; name?: unknown; status?: unknown; code?: unknown };
  if (e.sent === false) return true;
  if (e.name === 'BrazeValidationError' || e.name === 'BrazeConfigError') return true;
  if (typeof e.status === 'number') return e.status >= 400 && e.status < 500;
  return e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN';
}

/** Braze's per-object errors (`{ type, input_array, index }`) in a 2xx answer. */
function objectErrors(answer: unknown): { array?: string; index?: number; message: string }[] {
  const errors = (answer as { errors?: unknown[] } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) =>
    typeof e === 'string'
      ? { message: e }
      : { array: (e as any).input_array, index: typeof (e as any).index === 'number' ? (e as any).index : undefined, message: String((e as any).type ?? (e as any).message ?? JSON.stringify(e)) },
  );
}

async function* iterate<T>(input: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* input as AsyncIterable<T>;
}

/** Runs batches with bounded concurrency and accounts for every item. */
async function runBatches<T>(
  operationId: OperationId,
  pack: (reject: Reject<T>) => AsyncGenerator<Batch<T>>,
  send: Send,
  options: BulkOptions,
  retries: () => number,
  failedItem: (part: Part<T>, objects: { kind: string; object: unknown }[]) => T,
): Promise<BulkResult<T>> {
  const started = Date.now();
  const result: BulkResult<T> = { sent: 0, accepted: 0, byArray: {}, failed: [], uncertain: [], requests: 0, retries: 0, durationMs: 0, stopped: false, settled: 0 };
  const retriesAtStart = retries();
  let done = 0;

  // The settled prefix: items finish out of order; `result.settled` moves over the leading ones.
  const ahead = new Set<number>();
  const settle = (index: number) => {
    if (index !== result.settled) {
      ahead.add(index);
      return;
    }
    result.settled++;
    while (ahead.delete(result.settled)) result.settled++;
  };
  const reject: Reject<T> = (part, error) => {
    result.failed.push({ index: part.index, item: part.item, error });
    settle(part.index);
  };
  const batches = pack(reject);

  const fail = (batch: Batch<T>, pick: (array: string, i: number) => BulkError | undefined, uncertain = false) => {
    // Group the failed objects by input item, so that one row is reported once.
    const byPart = new Map<Part<T>, { error: BulkError; objects: { kind: string; object: unknown }[] }>();
    let count = 0;
    for (const [array, origins] of Object.entries(batch.origins)) {
      const counts = (result.byArray[array] ??= { sent: 0, accepted: 0, failed: 0, uncertain: 0 });
      counts.sent += origins!.length;
      counts.accepted += origins!.length;
      origins!.forEach((origin, i) => {
        const error = pick(array, i);
        if (!error) return;
        count++;
        counts.accepted--;
        counts[uncertain ? 'uncertain' : 'failed']++;
        const entry = byPart.get(origin.part) ?? { error, objects: [] };
        entry.objects.push({ kind: array, object: origin.object });
        byPart.set(origin.part, entry);
      });
    }
    for (const [part, { error, objects }] of byPart) {
      const failure = { index: part.index, item: failedItem(part, objects), error };
      if (uncertain) result.uncertain.push({ ...failure, maybeProcessed: true });
      else result.failed.push(failure);
    }
    return count;
  };

  let exhausted = false;
  let lastSplit = false;
  let succeeded = false;
  const next = async (): Promise<Batch<T> | undefined> => {
    if (exhausted || result.stopReason) return undefined;
    if (options.signal?.aborted) {
      result.stopped = true;
      // A row whose first objects are sent is finished, so that no row is ever half sent.
      if (!lastSplit) return undefined;
    }
    const n = await batches.next();
    if (n.done) {
      exhausted = true;
      return undefined;
    }
    lastSplit = n.value.split;
    return n.value;
  };

  const run = async (batch: Batch<T>): Promise<void> => {
    result.requests++;
    result.sent += batch.objects;
    try {
      const answer = await send(operationId, batch.body, options.callOptions);
      succeeded = true;
      const errors = objectErrors(answer);
      const located = errors.filter((e) => e.array !== undefined && e.index !== undefined);
      const failedCount = fail(batch, (array, i) => {
        const e = located.find((x) => x.array === array && x.index === i);
        return e ? { message: e.message, kind: 'object' } : undefined;
      });
      result.accepted += batch.objects - failedCount;
    } catch (error) {
      if (tooLarge(error) && batch.objects > 1) {
        // Never sent: send it as two smaller requests instead (a single object over the limit fails alone).
        result.requests--;
        result.sent -= batch.objects;
        for (const half of halves(batch)) await run(half);
        for (const part of batch.parts) if (--part.pending === 0 && part.packed) settle(part.index);
        return;
      }
      const e = errorOf(error);
      // The key is wrong or lacks the permission, or the URL leads nowhere: every later request
      // would fail the same way, so none is sent.
      const code = (error as { code?: unknown } | undefined)?.code;
      const unreachable = !succeeded && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN');
      if (e.status === 401 || e.status === 403 || (e.status === 404 && !succeeded) || unreachable) {
        result.stopReason ??= { ...(e.status ? { status: e.status } : { code: String(code) }), message: e.message };
        result.stopped = true;
      }
      fail(batch, () => e, !surelyNotProcessed(error));
    }
    for (const part of batch.parts) if (--part.pending === 0 && part.packed) settle(part.index);
    done += batch.objects;
    result.retries = retries() - retriesAtStart;
    const elapsedMs = Date.now() - started;
    options.onProgress?.({
      done,
      ...(options.total === undefined ? {} : { total: options.total }),
      failed: result.failed.length,
      uncertain: result.uncertain.length,
      requests: result.requests,
      retries: result.retries,
      rate: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
      elapsedMs,
      settled: result.settled,
    });
  };

  // The first request goes alone: if the key or the URL is wrong, it is the only one sent.
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const worker = async (n: number) => {
    if (n > 0) await opened;
    for (let batch = await next(); batch; batch = await next()) {
      await run(batch);
      open();
    }
    open();
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, (_, n) => worker(n)));
  if (!exhausted) result.stopped = true;
  result.durationMs = Date.now() - started;
  result.failed.sort((a, b) => a.index - b.index);
  result.uncertain.sort((a, b) => a.index - b.index);
  return result;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const quoted = (keys: string[]) => keys.map((k) => `"${k}"`).join(', ');

/** A row whose shape cannot be read without guessing. */
export class RowShapeError extends Error {
  override name = 'RowShapeError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Reads a row in any of the three shapes into a `{ attributes, events, purchases }` row:
 * - a flat attributes row: `{ external_id, first_name, ... }`;
 * - `{ attributes, events, purchases }` (only those keys);
 * - a flat row with `events` and/or `purchases` arrays beside its attributes: the row's
 *   identifier is carried into each event and purchase that has none.
 * `attributes`, `events` and `purchases` are never read as custom attributes: a key the shape
 * cannot take, or a value of the wrong kind under one of them, throws a RowShapeError.
 */
export function readTrackRow(value: unknown): TrackRow {
  if (!isObject(value)) throw new RowShapeError(`a row is an object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  const wrapped = 'attributes' in value;
  const hasEvents = 'events' in value;
  const hasPurchases = 'purchases' in value;
  // The common flat row, at no cost.
  if (!wrapped && !hasEvents && !hasPurchases) return { attributes: value };
  const events = hasEvents ? listOf(value, 'events') : undefined;
  const purchases = hasPurchases ? listOf(value, 'purchases') : undefined;
  if (wrapped) {
    let extra: string[] | undefined;
    for (const k in value) if (k !== 'attributes' && k !== 'events' && k !== 'purchases') (extra ??= []).push(k);
    if (extra) {
      throw new RowShapeError(
        `${quoted(extra)} beside "attributes": a row with "attributes" takes only "attributes", "events" and "purchases" (move ${extra.length > 1 ? 'them' : 'it'} inside "attributes", or drop the "attributes" wrapper to write a flat row)`,
        extra[0],
      );
    }
    const attributes = value.attributes;
    if (!isObject(attributes) && !(Array.isArray(attributes) && attributes.every(isObject))) {
      throw new RowShapeError('"attributes" must be an object (or an array of objects)', 'attributes');
    }
    // One attributes object names the row's user without doubt: events lacking an identifier take it.
    const id = isObject(attributes) ? idOf(attributes) : undefined;
    const row: TrackRow = { attributes };
    if (events) row.events = carry(events, id, attributes as Record<string, unknown>);
    if (purchases) row.purchases = carry(purchases, id, attributes as Record<string, unknown>);
    return row;
  }
  const rest: string[] = [];
  for (const k in value) if (k !== 'events' && k !== 'purchases') rest.push(k);
  const row: TrackRow = {};
  if (rest.length === 0) {
    if (events) row.events = events;
    if (purchases) row.purchases = purchases;
    return row;
  }
  const id = idOf(value);
  if (!id) {
    throw new RowShapeError(
      `${quoted(rest)} beside "${events ? 'events' : 'purchases'}" but no identifier: a flat row names its user with one of ${IDENTIFIERS.join(', ')}`,
      rest[0],
    );
  }
  const attributes: Record<string, unknown> = {};
  let onlyIdentifiers = true;
  for (const k of rest) {
    attributes[k] = value[k];
    if (!(IDENTIFIERS as readonly string[]).includes(k)) onlyIdentifiers = false;
  }
  // A row that only names its user and carries events sets no attributes.
  if (!onlyIdentifiers || (events?.length ?? 0) + (purchases?.length ?? 0) === 0) row.attributes = attributes;
  if (events) row.events = carry(events, id, value);
  if (purchases) row.purchases = carry(purchases, id, value);
  return row;
}

function listOf(value: Record<string, unknown>, key: 'events' | 'purchases'): Record<string, unknown>[] {
  const list = value[key];
  if (!Array.isArray(list) || !list.every(isObject)) {
    throw new RowShapeError(`"${key}" must be an array of ${key === 'events' ? 'event' : 'purchase'} objects (a custom attribute of that name goes inside "attributes")`, key);
  }
  return list;
}

function idOf(object: Record<string, unknown>): string | undefined {
  for (const k of IDENTIFIERS) if (object[k] !== undefined && object[k] !== null) return k;
  return undefined;
}

/** The list with the row's identifier copied into each object that has none (the same list when none lacks one). */
function carry(list: Record<string, unknown>[], id: string | undefined, source: Record<string, unknown>): Record<string, unknown>[] {
  if (id === undefined || list.every((o) => idOf(o) !== undefined)) return list;
  return list.map((o) => (idOf(o) !== undefined ? o : { [id]: source[id], ...o }));
}

const NONE: Record<string, unknown>[] = [];

/** Packs /users/track rows: objects of the same rows travel together, at most `max` per array. */
export async function* packTrack(
  rows: Iterable<TrackInput> | AsyncIterable<TrackInput>,
  reject: Reject<TrackInput>,
  endpoint: Endpoint | undefined,
  check?: Check,
): AsyncGenerator<Batch<TrackInput>> {
  const max = endpoint?.arrayLimits.attributes ?? 75;
  const ids = endpoint?.itemsRequireOne ?? {};
  let batch = newBatch<TrackInput>();
  const size = (kind: TrackKind) => batch.origins[kind]?.length ?? 0;
  let index = 0;
  for await (const input of iterate(rows)) {
    const part: Part<TrackInput> = { index: index++, item: input, pending: 0, packed: false };
    let lists: Record<TrackKind, Record<string, unknown>[]>;
    try {
      const row = (part.row = readTrackRow(input));
      lists = {
        attributes: row.attributes === undefined ? NONE : Array.isArray(row.attributes) ? row.attributes : [row.attributes],
        events: row.events ?? NONE,
        purchases: row.purchases ?? NONE,
      };
    } catch (error) {
      reject(part, { message: (error as Error).message, kind: 'row', ...((error as RowShapeError).field ? { field: (error as RowShapeError).field } : {}) });
      continue;
    }
    // Local checks, row by row, before packing: a bad row fails alone.
    try {
      if (lists.attributes.length + lists.events.length + lists.purchases.length === 0) throw Object.assign(new Error('the row has no attributes, events or purchases'), { field: 'row' });
      for (const kind of KINDS) {
        const keys = ids[kind];
        if (!keys) continue;
        const list = lists[kind];
        for (let i = 0; i < list.length; i++) {
          const object = list[i];
          let named = false;
          for (const k of keys) if (object[k] !== undefined && object[k] !== null && object[k] !== false) named = true;
          if (!named) throw Object.assign(new Error(`${kind}[${i}] needs one of ${keys.join(', ')} to name its user`), { field: `${kind}[${i}]` });
        }
      }
      if (check) {
        for (let from = 0; KINDS.some((k) => lists[k].length > from); from += max) {
          const body: Record<string, unknown> = {};
          for (const kind of KINDS) if (lists[kind].length > from) body[kind] = lists[kind].slice(from, from + max);
          await check('users.track', body);
        }
      }
    } catch (error) {
      const e = error as { message: string; field?: string };
      reject(part, { message: e.message, kind: 'check', ...(typeof e.field === 'string' ? { field: e.field.replace(/^body\./, '') } : {}) });
      continue;
    }
    // Keep a row whole when it fits; start a new request when it would not.
    const fits = size('attributes') + lists.attributes.length <= max && size('events') + lists.events.length <= max && size('purchases') + lists.purchases.length <= max;
    if (!fits && batch.objects > 0) {
      yield batch;
      batch = newBatch();
    }
    for (const kind of KINDS) {
      for (let i = 0; i < lists[kind].length; i++) {
        if (size(kind) >= max) {
          // The row goes on in the next request; a stop still sends that one (see runBatches).
          batch.split = true;
          yield batch;
          batch = newBatch();
        }
        place(batch, kind, part, lists[kind][i]);
      }
    }
    part.packed = true;
  }
  if (batch.objects > 0) yield batch;
}
/** Packs items into one array field, at most `max` per request, with `base` merged in. */
export async function* packField<T>(
  items: Iterable<T> | AsyncIterable<T>,
  reject: Reject<T>,
  operationId: OperationId,
  endpoint: Endpoint | undefined,
  field: string,
  max: number,
  base: Record<string, unknown> = {},
  check?: Check,
): AsyncGenerator<Batch<T>> {
  const ids = endpoint?.itemsRequireOne?.[field];
  let batch = newBatch<T>(base);
  let index = 0;
  for await (const item of iterate(items)) {
    const part: Part<T> = { index: index++, item, pending: 0, packed: false };
    try {
      if (ids && isObject(item) && !ids.some((k) => item[k] !== undefined && item[k] !== null && item[k] !== false)) {
        throw Object.assign(new Error(`${field}[${part.index}] needs one of ${ids.join(', ')} to name its user`), { field });
      }
      if (check) await check(operationId, { ...base, [field]: [item] });
    } catch (error) {
      const e = error as { message: string; field?: string };
      reject(part, { message: e.message, kind: 'check', ...(typeof e.field === 'string' ? { field: e.field.replace(/^body\./, '') } : {}) });
      continue;
    }
    if (batch.objects >= max) {
      yield batch;
      batch = newBatch(base);
    }
    place(batch, field, part, item);
    part.packed = true;
  }
  if (batch.objects > 0) yield batch;
}

/**
 * The helpers bound to one client: `send` is its call function, `retries` reads its retry count,
 * `endpointOf` its endpoint table (passed in, so that this module, loaded on first use as the
 * `braze-openapi/bulk` entry, carries no copy of the table), and `check`, when given, the
 * client's own checks before sending (limits, required fields, `validate: true`), run on each
 * item alone so that a bad item fails alone.
 */
export function createBulk(send: Send, retries: () => number, endpointOf: (id: string) => Endpoint | undefined, check?: Check) {
  return {
    /**
     * Streams rows into /users/track, 75 attributes, 75 events and 75 purchases per request.
     * Rows are `{ attributes, events, purchases }` or flat (see readTrackRow).
     */
    track(rows: Iterable<TrackInput> | AsyncIterable<TrackInput>, options: BulkOptions = {}): Promise<BulkResult<TrackInput>> {
      const endpoint = endpointOf('users.track');
      return runBatches('users.track', (reject) => packTrack(rows, reject, endpoint, check), send, options, retries, (part, objects) => {
        const row: TrackRow = {};
        for (const { kind, object } of objects) {
          if (kind === 'attributes') row.attributes = [...((row.attributes as Record<string, unknown>[]) ?? []), object as Record<string, unknown>];
          else ((row[kind as 'events' | 'purchases'] ??= []) as unknown[]).push(object);
        }
        // One attribute object stays an object, as rows usually give it.
        if (Array.isArray(row.attributes) && row.attributes.length === 1 && !Array.isArray(part.row?.attributes)) row.attributes = row.attributes[0];
        return row;
      });
    },

    /**
     * Streams items into one array field of any operation with a per-request limit
     * (`users.delete` `external_ids`, `users.identify` `aliases_to_identify`, `subscription.setStatus`
     * `external_id`, `catalogs.createItems` `items`...). `base` holds the other body fields.
     */
    send<T>(
      operationId: OperationId,
      items: Iterable<T> | AsyncIterable<T>,
      options: BulkOptions & { field?: string; base?: Record<string, unknown>; path?: Record<string, string> } = {},
    ): Promise<BulkResult<T>> {
      const endpoint = endpointOf(operationId);
      const limits = endpoint?.arrayLimits ?? {};
      const fields = Object.keys(limits);
      const field = options.field ?? (fields.length === 1 ? fields[0] : undefined);
      if (!field || limits[field] === undefined) {
        throw new TypeError(`${operationId}: say which array to fill with { field }: one of ${fields.join(', ') || '(none: this operation takes no batch)'}`);
      }
      // Operations with path parameters (catalogs.createItems) take { path, body }.
      const wrapped: Send = endpoint!.pathParams.length > 0 || endpoint!.query ? (id, body, o) => send(id, { path: options.path, body }, o) : send;
      return runBatches(
        operationId,
        (reject) => packField(items, reject, operationId, endpoint, field, limits[field], options.base, check),
        wrapped,
        options,
        retries,
        (part) => part.item,
      );
    },
  };
}

export type Bulk = ReturnType<typeof createBulk>;
