// Bulk helpers: stream any number of items through an operation's per-request limit, at the rate
// limit, with bounded concurrency, and account for every item. Nothing is held in memory beyond
// the batches in flight, so a million rows can stream from a file.
//
//   const result = await braze.bulk.track(rows);                       // /users/track, 75 per array
//   const result = await braze.bulk.send('users.delete', ids, { field: 'external_ids' });
//
// The result counts what was sent and accepted and lists every item that finally failed, with its
// error: Braze's per-object errors inside a 2xx answer are mapped back to the input items, and a
// request that failed as a whole fails each of its items. Retrying exactly `result.failed` is safe.
import type { OperationId } from '../generated/endpoints.js';
import type { Endpoint } from './endpoints.js';
import type { CallOptions } from './types.js';

type TrackKind = 'attributes' | 'events' | 'purchases';
const KINDS: TrackKind[] = ['attributes', 'events', 'purchases'];

/** One user's data for /users/track: any of attributes (one object or several), events, purchases. */
export interface TrackRow {
  attributes?: Record<string, unknown> | Record<string, unknown>[];
  events?: Record<string, unknown>[];
  purchases?: Record<string, unknown>[];
}

export interface BulkFailure<T> {
  /** Position of the item (or row) in the input, from 0. */
  index: number;
  /** The input item; for /users/track, the row reduced to the objects that failed. */
  item: T;
  /** What went wrong: Braze's per-object error, or the error of the whole request. */
  error: { message: string; status?: number; kind?: string };
  /** True when the request failed in a way that leaves open whether Braze processed it. */
  maybeProcessed?: boolean;
}

export interface BulkProgress {
  /** Objects (array elements) whose request has finished, failed or not. */
  done: number;
  /** Objects in the input, when the caller said (`total` option). */
  total?: number;
  failed: number;
  requests: number;
  retries: number;
  /** Objects per second since the start. */
  rate: number;
  elapsedMs: number;
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
  /** Every item that failed, with its error; retry exactly these. */
  failed: BulkFailure<T>[];
  requests: number;
  retries: number;
  durationMs: number;
  /** True when the signal stopped the run before the input was exhausted. */
  stopped: boolean;
  /**
   * Input items whose requests were all sent: after a stop, the first `itemsSent` items are
   * accounted for (accepted or in `failed`) and a new run can start after them.
   */
  itemsSent: number;
}

type Send = (operationId: OperationId, body: unknown, options?: CallOptions) => Promise<unknown>;

interface Part<T> {
  index: number;
  item: T;
}
interface Batch<T> {
  body: Record<string, unknown>;
  /** For each array of the body, where each element came from. */
  origins: Partial<Record<string, { part: Part<T>; object: unknown }[]>>;
  objects: number;
}

// Read by shape, not `instanceof`: this module is its own bundle entry, with its own copies of
// the error classes.
function errorOf(error: unknown): { message: string; status?: number; kind?: string } {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; status?: unknown; brazeMessage?: unknown };
  return {
    message: String(e.brazeMessage ?? e.message ?? error),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.name === 'string' && e.name.startsWith('Braze') ? { kind: e.name } : {}),
  };
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

/** Runs batches with bounded concurrency and accounts for every object. */
async function runBatches<T>(
  operationId: OperationId,
  batches: AsyncGenerator<Batch<T>>,
  send: Send,
  options: BulkOptions,
  retries: () => number,
  failedItem: (part: Part<T>, objects: { kind: string; object: unknown }[]) => T,
): Promise<BulkResult<T>> {
  const started = Date.now();
  const result: BulkResult<T> = { sent: 0, accepted: 0, failed: [], requests: 0, retries: 0, durationMs: 0, stopped: false, itemsSent: 0 };
  const retriesAtStart = retries();
  let done = 0;

  const fail = (batch: Batch<T>, pick: (array: string, i: number) => { message: string; status?: number; kind?: string } | undefined, maybeProcessed = false) => {
    // Group the failed objects by input item, so that one row is reported once.
    const byPart = new Map<Part<T>, { error: ReturnType<typeof errorOf>; objects: { kind: string; object: unknown }[] }>();
    let count = 0;
    for (const [array, origins] of Object.entries(batch.origins)) {
      origins!.forEach((origin, i) => {
        const error = pick(array, i);
        if (!error) return;
        count++;
        const entry = byPart.get(origin.part) ?? { error, objects: [] };
        entry.objects.push({ kind: array, object: origin.object });
        byPart.set(origin.part, entry);
      });
    }
    for (const [part, { error, objects }] of byPart) {
      result.failed.push({ index: part.index, item: failedItem(part, objects), error, ...(maybeProcessed ? { maybeProcessed } : {}) });
    }
    return count;
  };

  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) {
        result.stopped = true;
        return;
      }
      const next = await batches.next();
      if (next.done) return;
      const batch = next.value;
      result.requests++;
      result.sent += batch.objects;
      // Batches come in input order, so the highest index sent bounds what is accounted for.
      for (const origins of Object.values(batch.origins)) {
        for (const { part } of origins!) if (part.index + 1 > result.itemsSent) result.itemsSent = part.index + 1;
      }
      try {
        const answer = await send(operationId, batch.body, options.callOptions);
        const errors = objectErrors(answer);
        const located = errors.filter((e) => e.array !== undefined && e.index !== undefined);
        const failedCount = fail(batch, (array, i) => {
          const e = located.find((x) => x.array === array && x.index === i);
          return e ? { message: e.message, kind: 'object' } : undefined;
        });
        result.accepted += batch.objects - failedCount;
      } catch (error) {
        const status = errorOf(error).status;
        // A 4xx other than 429 was refused outright; a 5xx, timeout or dropped connection may
        // have been processed (the client retries those only for idempotent requests).
        const maybeProcessed = status === undefined || status >= 500;
        fail(batch, () => errorOf(error), maybeProcessed);
      }
      done += batch.objects;
      result.retries = retries() - retriesAtStart;
      const elapsedMs = Date.now() - started;
      options.onProgress?.({
        done,
        ...(options.total === undefined ? {} : { total: options.total }),
        failed: result.failed.length,
        requests: result.requests,
        retries: result.retries,
        rate: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0,
        elapsedMs,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  result.durationMs = Date.now() - started;
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}

/** Packs /users/track rows: objects of the same rows travel together, at most `max` per array. */
export async function* packTrack(rows: Iterable<TrackRow> | AsyncIterable<TrackRow>, max = 75): AsyncGenerator<Batch<TrackRow>> {
  let batch: Batch<TrackRow> = { body: {}, origins: {}, objects: 0 };
  const size = (kind: TrackKind) => batch.origins[kind]?.length ?? 0;
  let index = 0;
  for await (const row of iterate(rows)) {
    const part: Part<TrackRow> = { index: index++, item: row };
    const lists: Record<TrackKind, Record<string, unknown>[]> = {
      attributes: row.attributes === undefined ? [] : Array.isArray(row.attributes) ? row.attributes : [row.attributes],
      events: row.events ?? [],
      purchases: row.purchases ?? [],
    };
    // Keep a row whole when it fits; start a new request when it would not.
    if (KINDS.some((k) => lists[k].length <= max && size(k) + lists[k].length > max) && batch.objects > 0) {
      yield batch;
      batch = { body: {}, origins: {}, objects: 0 };
    }
    for (const kind of KINDS) {
      for (const object of lists[kind]) {
        if (size(kind) >= max) {
          yield batch;
          batch = { body: {}, origins: {}, objects: 0 };
        }
        ((batch.body[kind] ??= []) as unknown[]).push(object);
        (batch.origins[kind] ??= []).push({ part, object });
        batch.objects++;
      }
    }
  }
  if (batch.objects > 0) yield batch;
}

/** Packs items into one array field, at most `max` per request, with `base` merged in. */
export async function* packField<T>(items: Iterable<T> | AsyncIterable<T>, field: string, max: number, base: Record<string, unknown> = {}): AsyncGenerator<Batch<T>> {
  let batch: Batch<T> = { body: { ...base, [field]: [] }, origins: { [field]: [] }, objects: 0 };
  let index = 0;
  for await (const item of iterate(items)) {
    if (batch.objects >= max) {
      yield batch;
      batch = { body: { ...base, [field]: [] }, origins: { [field]: [] }, objects: 0 };
    }
    (batch.body[field] as unknown[]).push(item);
    batch.origins[field]!.push({ part: { index: index++, item }, object: item });
    batch.objects++;
  }
  if (batch.objects > 0) yield batch;
}

/**
 * The helpers bound to one client: `send` is its call function, `retries` reads its retry count,
 * `endpointOf` its endpoint table (passed in, so that this module, loaded on first use as the
 * `braze-openapi/bulk` entry, carries no copy of the table).
 */
export function createBulk(send: Send, retries: () => number, endpointOf: (id: string) => Endpoint | undefined) {
  return {
    /** Streams rows into /users/track, 75 attributes, 75 events and 75 purchases per request. */
    track(rows: Iterable<TrackRow> | AsyncIterable<TrackRow>, options: BulkOptions = {}): Promise<BulkResult<TrackRow>> {
      const max = endpointOf('users.track')?.arrayLimits.attributes ?? 75;
      return runBatches('users.track', packTrack(rows, max), send, options, retries, (part, objects) => {
        const row: TrackRow = {};
        for (const { kind, object } of objects) {
          if (kind === 'attributes') row.attributes = [...((row.attributes as Record<string, unknown>[]) ?? []), object as Record<string, unknown>];
          else ((row[kind as 'events' | 'purchases'] ??= []) as unknown[]).push(object);
        }
        // One attribute object stays an object, as rows usually give it.
        if (Array.isArray(row.attributes) && row.attributes.length === 1 && !Array.isArray(part.item.attributes)) row.attributes = row.attributes[0];
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
      return runBatches(operationId, packField(items, field, limits[field], options.base), wrapped, options, retries, (part) => part.item);
    },
  };
}

export type Bulk = ReturnType<typeof createBulk>;
