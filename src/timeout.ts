// The time limit of a call: one signal per call, fired by its deadline or by the caller's own
// signal, and what the call was stopped by.
import { LightSignal } from './transport.js';

/**
 * Call deadlines, checked by one timer for all calls instead of a setTimeout per call (a timer per
 * small call costs more than the call's own work on Node). Timeouts fire within TICK_MS.
 */
const TICK_MS = 25;
const deadlines = {
  entries: new Set<{ at: number; abortable: { abort(reason?: unknown): void } }>(),
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  add(ms: number, abortable: { abort(reason?: unknown): void }) {
    const entry = { at: Date.now() + ms, abortable };
    this.entries.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), TICK_MS);
      // The timer alone must not keep a process alive; a call in flight has its socket for that.
      (this.timer as { unref?: () => void }).unref?.();
    }
    return entry;
  },
  remove(entry: { at: number }) {
    this.entries.delete(entry as never);
  },
  check() {
    const now = Date.now();
    for (const entry of this.entries) {
      if (entry.at <= now) {
        this.entries.delete(entry);
        entry.abortable.abort();
      }
    }
    if (this.entries.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  },
};

/**
 * The signal of one call: aborted at `timeoutMs` or when the caller's signal fires. `light` (the
 * Node transport) uses the light signal, other transports an AbortController's. Call `done()` when
 * the call ends.
 */
export function callSignal(light: boolean, timeoutMs: number, caller?: AbortSignal) {
  const controller = light ? new LightSignal() : new AbortController();
  const signal = light ? (controller as LightSignal) : (controller as AbortController).signal;
  const deadline = deadlines.add(timeoutMs, controller);
  const onCallerAbort = caller ? () => controller.abort(caller.reason) : undefined;
  if (caller) {
    if (caller.aborted) onCallerAbort!();
    else caller.addEventListener('abort', onCallerAbort!, { once: true });
  }
  return {
    signal,
    done() {
      deadlines.remove(deadline);
      if (onCallerAbort) caller!.removeEventListener('abort', onCallerAbort);
    },
  };
}
