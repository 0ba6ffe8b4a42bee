// The documented rate limits (`x-braze-rate-limit`) as fixed windows per API key and budget, and
// the optional faults (a share of 503s, dropped connections, slow answers).
import type { RateLimit } from './spec.js';

export interface RateLimitOptions {
  /** Multiplies every documented request count (at least 1 request stays allowed). Default 1. */
  scale?: number;
}

export interface FaultOptions {
  /** Share of requests (0..1) answered 503 without being processed. */
  error503?: number;
  /** Share of requests (0..1) whose connection is closed without an answer, before processing. */
  drop?: number;
  /** Share of requests (0..1) processed, then closed without an answer (the "may have landed" case). */
  dropAfterProcessing?: number;
  /** Milliseconds added before every answer. */
  delayMs?: number;
  /** Seed of the fault dice, for repeatable runs. */
  seed?: number;
}

export interface Verdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly options: RateLimitOptions | false) {}

  reset(): void {
    this.windows.clear();
  }

  take(key: string, operationId: string, limit: RateLimit, now = Date.now()): Verdict {
    if (this.options === false || limit.unlimited || !limit.requests || !limit.windowSeconds) return { allowed: true, headers: {} };
    const allowedRequests = Math.max(1, Math.floor(limit.requests * (this.options.scale ?? 1)));
    const windowMs = limit.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    const id = `${key}\u0000${limit.group ?? operationId}`;
    let w = this.windows.get(id);
    if (!w || w.start !== start) this.windows.set(id, (w = { start, used: 0 }));
    const allowed = w.used < allowedRequests;
    if (allowed) w.used++;
    return {
      allowed,
      headers: {
        'X-RateLimit-Limit': String(allowedRequests),
        'X-RateLimit-Remaining': String(Math.max(0, allowedRequests - w.used)),
        // UTC epoch seconds at which the window ends, as Braze sends it.
        'X-RateLimit-Reset': String(Math.ceil((start + windowMs) / 1000)),
        ...(allowed ? {} : { 'Retry-After': String(Math.max(1, Math.ceil((start + windowMs - now) / 1000))) }),
      },
    };
  }
}

/** mulberry32: a small seeded generator, so that a test can replay the same faults. */
export function dice(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
