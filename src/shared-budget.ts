// The shared-budget mode of the rate limiter (limiter.ts), used only with a store such as
// `braze-openapi/redis`: the loop that asks the store before each start, and the store's health.
// A part of its own, loaded when a client has a store, so that the core client stays small.
import type { StoreObservation } from './limiter.js';
import type { Budget, RateLimiter } from './limiter.js';

/** How long the limiter stays on its local budget after the store failed, before trying it again. */
const STORE_RETRY_MS = 2_000;

export function storeFailed(l: RateLimiter, error: unknown): void {
  const first = l.storeDownUntil === 0;
  l.storeDownUntil = l.now() + STORE_RETRY_MS;
  if (first) {
    const reason = (error as Error)?.message ?? String(error);
    l.shared!.onWarning(
      `braze-openapi: the ${l.shared!.store.name} rate-limit store failed (${reason}); ${l.shared!.onStoreError === 'local' ? "pacing on this process's own budget" : 'requests wait'} until it answers again`,
    );
  }
}

export function storeRecovered(l: RateLimiter): void {
  if (l.storeDownUntil !== 0) {
    l.storeDownUntil = 0;
    l.shared!.onWarning(`braze-openapi: the ${l.shared!.store.name} rate-limit store answers again; pacing on the shared budget`);
  }
}

/**
 * Shared mode: the head of the queue asks the store, one request at a time per budget, so that a
 * process never has more than one question in flight per budget and its calls start in order.
 */
export async function drainShared(l: RateLimiter, bucket: Budget): Promise<void> {
  try {
    await drainSharedLoop(l, bucket);
  } catch (error) {
    // Nothing in the loop should throw; if it does, the queued calls fail (unsent), not hang.
    for (const waiter of bucket.queue.splice(0)) waiter.reject(error);
    bucket.timer = undefined;
    bucket.draining = false;
  }
}

async function drainSharedLoop(l: RateLimiter, bucket: Budget): Promise<void> {
  const shared = l.shared!;
  const windowMs = bucket.windowSeconds * 1000;
  for (;;) {
    if (!bucket.queue.length) {
      // In the same step as this look at the queue: a call queued from now on starts a new loop
      // (clearing the flag any later, e.g. in a .finally() callback, would strand that call).
      bucket.timer = undefined;
      bucket.draining = false;
      return;
    }
    let delay: number;
    if (l.storeDownUntil > l.now()) {
      if (shared.onStoreError === 'local') {
        delay = bucket.wait();
        if (delay === 0) {
          bucket.take();
          l.release(bucket);
          continue;
        }
      } else delay = l.storeDownUntil - l.now();
    } else {
      try {
        delay = await shared.store.take(bucket.group, bucket.capacity, windowMs);
        storeRecovered(l);
      } catch (error) {
        storeFailed(l, error);
        continue;
      }
      if (delay === 0) {
        bucket.take(); // also counted here, so that a fallback starts from what this process sent
        l.release(bucket);
        continue;
      }
      // The shared budget is full or blocked: never fall back to a local budget for that.
      if (l.storeDownUntil > l.now()) delay = Math.min(delay, l.storeDownUntil - l.now());
      // Calls that may not wait that long (maxRateLimitWaitMs, or what is left of their timeout)
      // fail now, unsent, instead of waiting for nothing.
      const at = l.now() + delay;
      for (const waiter of bucket.queue.filter((w) => at > w.until)) {
        bucket.queue.splice(bucket.queue.indexOf(waiter), 1);
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.reject(bucket.blocked(waiter.operationId, at));
      }
      if (!bucket.queue.length) continue; // the loop's top ends it
    }
    await new Promise<void>((resolve) => {
      bucket.wake = resolve;
      bucket.timer = setTimeout(resolve, Math.max(1, delay));
    });
    bucket.wake = undefined;
  }
}

/** Tells the store what Braze said after an answer (limiter.ts `observe`), and notes its health. */
export function observeShared(l: RateLimiter, bucket: Budget, seen: { remaining?: number; reset?: number }, status: number): void {
  const observation: StoreObservation = { refused: status === 429 };
  if (seen.remaining !== undefined) observation.remaining = seen.remaining;
  if (seen.reset !== undefined) observation.resetMs = seen.reset * 1000;
  l.shared!.store.observe(bucket.group, bucket.capacity, bucket.windowSeconds * 1000, observation).then(
    () => storeRecovered(l),
    (error) => storeFailed(l, error),
  );
}
