// Client-side pacing from the spec's x-braze-rate-limit: one budget per `group`, shared by every
// operation of the group. A budget counts the requests started in the last window with a sliding
// window of 60 slots. Braze counts in fixed windows that reset at X-RateLimit-Reset; a token bucket
// could start up to twice the limit inside one of them, while a sliding count never starts more
// than the limit in any window of that length (it counts the oldest slot whole, so it gives up at
// most 1/60 of the rate). Braze's own answers tighten it: a lower X-RateLimit-Remaining is taken as
// used, and at zero the budget waits for the reset time. Waiting calls queue in order. A call that
// would have to wait for a reset further away than it may wait fails at once, unsent.
import { BrazeRateLimitError } from './errors.js';

export interface LimitSpec {
  requests?: number;
  windowSeconds?: number;
  group?: string;
  unlimited?: boolean;
}

export interface BudgetState {
  group: string;
  /** Requests per window, as paced (the documented limit unless overridden). */
  limit: number;
  windowSeconds: number;
  /** Requests that can start now without waiting. */
  available: number;
  /** Calls waiting for a slot. */
  queued: number;
  /** Epoch milliseconds until which Braze told us to wait, if it did. */
  blockedUntil?: number;
  /** The last X-RateLimit-* values Braze sent for this budget. */
  lastSeen?: { limit?: number; remaining?: number; reset?: number };
}

/** What Braze said after an answer, for a shared store: remaining in its window, its reset, a 429. */
export interface StoreObservation {
  remaining?: number;
  /** Epoch milliseconds of the reset Braze gave. */
  resetMs?: number;
  /** True for a 429. */
  refused?: boolean;
}

/**
 * Where budgets are counted when several processes share them (`braze-openapi/redis` has one).
 * The in-process budget below is the default; a store replaces its count, and the local budget
 * stays as the fallback when the store fails.
 */
export interface RateLimitStore {
  readonly name: string;
  /** Starts one request of `group` if the budget has room (0), else says how long to wait (ms). */
  take(group: string, limit: number, windowMs: number): Promise<number>;
  /** Tightens the shared budget with what Braze answered. */
  observe(group: string, limit: number, windowMs: number, seen: StoreObservation): Promise<void>;
  /** The store for one workspace: the client calls it once with its base URL and key. */
  bind?(workspace: { baseUrl: string; apiKey: string }): RateLimitStore;
  close?(): Promise<void>;
}

export interface StoreOptions {
  store: RateLimitStore;
  /**
   * When the store fails or cannot be reached: `'local'` (default) paces on this process's own
   * budget, with one warning, and goes back to the store when it answers again; `'wait'` holds the
   * requests until the store answers (or the call's timeout).
   */
  onStoreError?: 'local' | 'wait';
  /** The share of each documented limit this process may use on its own while the store is down (default 1). */
  localShare?: number;
  /** Receives the fallback warnings (default: process.emitWarning, else console.warn). */
  onWarning?: (message: string) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  /** Epoch ms after which this call may not wait any longer. */
  until: number;
  operationId: string;
}

/** Slots per window, in this budget and in the Redis store's script (redis-store.ts). */
export const SLOTS = 60;

function warn(message: string): void {
  const p = (globalThis as { process?: { emitWarning?: (m: string) => void } }).process;
  if (p?.emitWarning) p.emitWarning(message);
  else console.warn(message);
}

/** @internal One budget's count and queue (also read by shared-budget.ts). */
export class Budget {
  private readonly slotMs: number;
  private readonly counts = new Float64Array(SLOTS + 1);
  private readonly slotOf = new Float64Array(SLOTS + 1).fill(-Infinity);
  blockedUntil = 0;
  lastSeen?: BudgetState['lastSeen'];
  readonly queue: Waiter[] = [];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Shared mode: a drain loop is running; `wake` ends its current wait early. */
  draining = false;
  wake: (() => void) | undefined;
  /** What this process alone may start per window (less than capacity only as a shared store's fallback). */
  localCapacity: number;

  constructor(
    readonly group: string,
    readonly capacity: number,
    readonly windowSeconds: number,
    private readonly now: () => number,
  ) {
    this.slotMs = (windowSeconds * 1000) / SLOTS;
    this.localCapacity = capacity;
  }

  /** Requests counted in the window that ends now. */
  used(t = this.now()): number {
    const current = Math.floor(t / this.slotMs);
    let sum = 0;
    for (let i = 0; i <= SLOTS; i++) if (this.slotOf[i] > current - SLOTS - 1 && this.slotOf[i] <= current) sum += this.counts[i];
    return sum;
  }

  take(n = 1, t = this.now()): void {
    const current = Math.floor(t / this.slotMs);
    const i = current % (SLOTS + 1);
    if (this.slotOf[i] !== current) {
      this.slotOf[i] = current;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
  }

  /** Milliseconds until a request may start (0 when it may start now). */
  wait(): number {
    const t = this.now();
    if (this.blockedUntil > t) return this.blockedUntil - t;
    if (this.used(t) < this.localCapacity) return 0;
    // Full: wait until the oldest slot that holds requests leaves the window.
    const current = Math.floor(t / this.slotMs);
    let oldest = current;
    for (let i = 0; i <= SLOTS; i++) {
      const slot = this.slotOf[i];
      if (this.counts[i] > 0 && slot > current - SLOTS - 1 && slot < oldest) oldest = slot;
    }
    return Math.max(1, Math.ceil((oldest + 1 + SLOTS) * this.slotMs - t));
  }

  /** The error of a call that would have to wait for a reset later than it may: unsent. */
  blocked(operationId: string, until = this.blockedUntil): BrazeRateLimitError {
    const reset = Math.ceil(until / 1000);
    return new BrazeRateLimitError({
      operationId,
      status: 429,
      body: undefined,
      rateLimit: { ...this.lastSeen, reset },
      sent: false,
      message: `${operationId}: not sent: Braze's rate limit for this budget (${this.group}) is used up until ${new Date(reset * 1000).toISOString()}; try again after that`,
    });
  }

  drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const delay = this.wait();
      if (delay > 0) {
        // Calls that may not wait until a reset Braze imposed fail now rather than at their deadline.
        for (const waiter of this.queue.filter((w) => this.blockedUntil > w.until)) {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
          waiter.reject(this.blocked(waiter.operationId));
        }
        if (this.queue.length) this.timer = setTimeout(() => this.drain(), delay);
        return;
      }
      this.take();
      const waiter = this.queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, Budget>();
  /** @internal (shared-budget.ts) */
  readonly shared?: Required<Omit<StoreOptions, 'onWarning'>> & { onWarning: (message: string) => void };
  /** While the store is failing: when to try it again. */
  /** @internal (shared-budget.ts) */
  storeDownUntil = 0;

  constructor(
    private readonly overrides: Record<string, { requests: number; windowSeconds: number }> = {},
    /** @internal (shared-budget.ts) */
    readonly now: () => number = Date.now,
    store?: StoreOptions,
  ) {
    if (store) {
      this.shared = {
        store: store.store,
        onStoreError: store.onStoreError ?? 'local',
        localShare: store.localShare ?? 1,
        onWarning: store.onWarning ?? warn,
      };
    }
  }

  /** The store's name while it is in use, `undefined` without one. */
  get storeName(): string | undefined {
    return this.shared?.store.name;
  }

  /** Shared mode: the drain loop and the store's health (shared-budget.ts, loaded with the store). */
  private sharedPart?: Promise<typeof import('./shared-budget.js')>;

  /** Runs `fn` with the shared-mode part; if it cannot load, queued calls fail (unsent) rather than hang. */
  private withShared(bucket: Budget, fn: (m: typeof import('./shared-budget.js')) => unknown): void {
    (this.sharedPart ??= import('./shared-budget.js')).then(fn).catch((error) => {
      for (const waiter of bucket.queue.splice(0)) waiter.reject(error);
      bucket.timer = undefined;
      bucket.draining = false;
    });
  }

  /** @internal (shared-budget.ts) */
  release(bucket: Budget): void {
    const waiter = bucket.queue.shift();
    if (!waiter) return;
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve();
  }

  private bucket(limit: LimitSpec | undefined, fallbackGroup: string): Budget | undefined {
    if (!limit || limit.unlimited || !limit.requests || !limit.windowSeconds) return undefined;
    const group = limit.group ?? fallbackGroup;
    let bucket = this.buckets.get(group);
    if (!bucket) {
      const o = this.overrides[group];
      const requests = o?.requests ?? limit.requests;
      bucket = new Budget(group, requests, o?.windowSeconds ?? limit.windowSeconds, this.now);
      if (this.shared) bucket.localCapacity = Math.max(1, Math.floor(requests * this.shared.localShare));
      this.buckets.set(group, bucket);
    }
    return bucket;
  }

  /**
   * Resolves when a request of this budget may start; rejects if the signal aborts first. Throws a
   * BrazeRateLimitError (`sent: false`) when Braze blocked the budget for longer than `maxWaitMs`.
   */
  acquire(limit: LimitSpec | undefined, operationId: string, signal?: AbortSignal, maxWaitMs = Infinity): Promise<void> | undefined {
    const bucket = this.bucket(limit, operationId);
    if (!bucket) return undefined;
    if (bucket.blockedUntil - this.now() > maxWaitMs) throw bucket.blocked(operationId);
    if (!this.shared && bucket.queue.length === 0 && bucket.wait() === 0) {
      bucket.take();
      return undefined; // the common case costs no promise
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, until: this.now() + maxWaitMs, operationId };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        waiter.onAbort = () => {
          const i = bucket.queue.indexOf(waiter);
          if (i >= 0) bucket.queue.splice(i, 1);
          // No timer outlives the last waiter: it would keep the process alive for nothing.
          if (!bucket.queue.length) {
            clearTimeout(bucket.timer);
            bucket.timer = undefined;
            bucket.wake?.();
          }
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      bucket.queue.push(waiter);
      if (this.shared) {
        if (!bucket.draining) {
          bucket.draining = true;
          this.withShared(bucket, (m) => m.drainShared(this, bucket));
        }
      } else if (!bucket.timer) bucket.drain();
    });
  }

  /** Takes in what Braze said about the budget after an answer. */
  observe(limit: LimitSpec | undefined, operationId: string, seen: { limit?: number; remaining?: number; reset?: number }, status: number): void {
    const bucket = this.bucket(limit, operationId);
    if (!bucket) return;
    if (seen.limit === undefined && seen.remaining === undefined && seen.reset === undefined) return;
    bucket.lastSeen = seen;
    // Braze knows of requests we did not send (other processes, other keys of the workspace).
    if (seen.remaining !== undefined) {
      const ours = bucket.capacity - bucket.used();
      if (seen.remaining < ours) bucket.take(ours - seen.remaining);
    }
    if ((status === 429 || seen.remaining === 0) && seen.reset !== undefined) {
      const until = seen.reset * 1000;
      if (until > bucket.blockedUntil) {
        bucket.blockedUntil = until;
        // Queued calls see the new reset now (some may not wait that long). With a shared store,
        // its own loop drains the queue (the local drain would cancel that loop's wait and
        // strand it): only the store's answer counts there.
        if (!this.shared && bucket.timer) bucket.drain();
      }
    }
    if (this.shared && this.storeDownUntil <= this.now()) this.withShared(bucket, (m) => m.observeShared(this, bucket, seen, status));
  }

  state(limit: LimitSpec | undefined, operationId: string): BudgetState | undefined {
    const bucket = this.bucket(limit, operationId);
    if (!bucket) return undefined;
    const state: BudgetState = {
      group: bucket.group,
      limit: bucket.capacity,
      windowSeconds: bucket.windowSeconds,
      available: bucket.blockedUntil > this.now() ? 0 : Math.max(0, bucket.capacity - bucket.used()),
      queued: bucket.queue.length,
    };
    if (bucket.blockedUntil > this.now()) state.blockedUntil = bucket.blockedUntil;
    if (bucket.lastSeen) state.lastSeen = bucket.lastSeen;
    return state;
  }
}
